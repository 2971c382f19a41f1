from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import FIXTURES

from tidings.clean import clean, paragraphs
from tidings.lexicons import load_lexicons
from tidings.models import ArticleRecord, RawDocument, SourceRef

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


@pytest.mark.parametrize(
    ("opening", "published", "dateline_date", "publication"),
    [
        # a dateline with its year dates a page that has none
        ("KABUL, March 3, 2015 (Reuters) - Police", None, date(2015, 3, 3), date(2015, 3, 3)),
        # without a year: the latest such day on or before the publication date
        ("KYIV, March 3 (AP) — Police", date(2015, 7, 28), date(2015, 3, 3), date(2015, 7, 28)),
        ("KYIV, Dec. 30 (AP) — Police", date(2016, 1, 2), date(2015, 12, 30), date(2016, 1, 2)),
        # without a year or a publication date it dates nothing
        ("KYIV, March 3 (AP) — Police", None, None, None),
        # no day in the dateline
        ("MOSCOW (Reuters) - Police", date(2015, 7, 28), None, date(2015, 7, 28)),
    ],
)
def test_clean_dateline_day_dates_the_story(
    opening: str, published: date | None, dateline_date: date | None, publication: date | None
) -> None:
    text = f"{opening} arrested five men in the capital on Monday, officials said."
    raw = RawDocument(source=SourceRef("wire"), text=text, published=published, has_header=False)
    article = clean(raw, BOILERPLATE)
    assert article.text.startswith("Police arrested")
    assert (article.dateline_date, article.published) == (dateline_date, publication)


@pytest.mark.parametrize(
    ("text", "offsets", "expected"),
    [
        ("Lead one. Lead two.\n\nSecond.\n\nThird.", [0, 10, 21, 30], [0, 0, 1, 2]),
        ("One line\nstill the lead.\n \n\nNext.", [0, 9, 28], [0, 0, 1]),
        ("Only a lead.", [0, 5], [0, 0]),
    ],
)
def test_clean_paragraph_index_of_an_offset(
    text: str, offsets: list[int], expected: list[int]
) -> None:
    starts = paragraphs.starts(text)
    assert [paragraphs.index_at(starts, offset) for offset in offsets] == expected


def test_clean_events_know_their_paragraph(golden_records: dict[str, ArticleRecord]) -> None:
    record = golden_records["baltic-2015"]
    starts = paragraphs.starts(record.article.text)
    numbers = {e.paragraph for e in record.events}
    assert 0 in numbers and max(numbers) > 0
    for event in record.events:
        sentence = record.sentences[event.sentence]
        lead = record.article.text[: sentence.span[0]]
        assert event.paragraph == lead.count("\n\n") == paragraphs.index_at(starts, event.span[0])
