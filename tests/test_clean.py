from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import FIXTURES

from tidings.clean import clean, paragraphs
from tidings.lexicons import load_lexicons
from tidings.models import RawDocument, SourceRef

BOILERPLATE = load_lexicons().boilerplate

HEADER_CASES = json.loads((FIXTURES / "headers" / "cases.json").read_text(encoding="utf-8"))


def _clean_file(name: str):
    text = (FIXTURES / "headers" / name).read_text(encoding="utf-8")
    return clean(RawDocument(source=SourceRef(name), text=text), BOILERPLATE)


@pytest.mark.parametrize("name", sorted(HEADER_CASES))
def test_clean_header_styles(name: str) -> None:
    expected = HEADER_CASES[name]
    article = _clean_file(name)
    for field in ("title", "byline", "dateline", "outlet"):
        if field in expected:
            assert getattr(article, field) == expected[field], field
    want = expected["published"]
    assert article.published == (date.fromisoformat(want) if want else None)
    assert article.text.startswith(expected["text_starts"])
    for junk in expected["not_in_text"]:
        assert junk not in article.text


def test_clean_example_header_and_repair(baltic_text: str, baltic_key: dict) -> None:
    # Without the boilerplate part, the bundled lexicons are loaded for the call.
    article = clean(RawDocument(source=SourceRef("baltic"), text=baltic_text))
    meta = baltic_key["article"]
    assert article.title == meta["title"]
    assert article.standfirst == meta["standfirst"]
    assert article.published == date.fromisoformat(meta["published"])
    assert article.outlet == meta["outlet_hint"]
    for junk in meta["not_in_body"]:
        assert junk not in article.text
    assert "Republic since Yanukovych\u2019s demise, leading" in article.text
    assert article.text.startswith("Three defence chiefs")


@pytest.mark.parametrize(
    ("blocks", "expected"),
    [
        (
            ["The border talks have gone on without a break since", "Monday, officials said."],
            ["The border talks have gone on without a break since Monday, officials said."],
        ),
        (
            ["A heading", "Body text goes here in full."],
            ["A heading", "Body text goes here in full."],
        ),
        (["It ended. Then more.", "next para."], ["It ended. Then more.", "next para."]),
        (
            ["He said the two sides would meet again in", "\u201cGeneva\u201d next week."],
            ["He said the two sides would meet again in", "\u201cGeneva\u201d next week."],
        ),
    ],
)
def test_paragraphs_repair(blocks: list[str], expected: list[str]) -> None:
    assert paragraphs.repair(blocks) == expected


def test_clean_jsonl_title_is_kept_and_not_guessed() -> None:
    raw = RawDocument(
        source=SourceRef("x.jsonl", "line 1"),
        text="Police arrested two activists in Minsk on Monday, a rights group said.",
        title="Given title",
        has_header=True,
    )
    article = clean(raw, BOILERPLATE)
    assert article.title == "Given title"
    assert article.text.startswith("Police arrested")
