"""The one surface-form matcher (tidings/names/matcher.py), on real parses."""

from __future__ import annotations

import pytest

from tidings.lexicons import load_lexicons
from tidings.names.matcher import NameMatches
from tidings.pipeline.run import Pipeline


def _matches(pipeline: Pipeline, text: str) -> list[tuple[str, str, str]]:
    doc = pipeline.nlp(text)
    found = NameMatches.of(doc, load_lexicons())
    return [(doc[m.start : m.end].text, m.kind, m.key) for m in found.matches]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Latvia protested.", [("Latvia", "country", "Latvia")]),
        # demonyms and capitals are country forms; the longest form wins
        (
            "Latvian troops left Riga.",
            [("Latvian", "country", "Latvian"), ("Riga", "country", "Riga")],
        ),
        (
            "NATO met the United Nations.",
            [("NATO", "org", "NATO"), ("United Nations", "org", "United Nations")],
        ),
        # country forms keep their case: 'china' in lower case is a plate, not a country
        ("They sold fine china.", []),
        # a region when its first word is capitalised, in any case after that
        ("The Baltic States protested.", [("Baltic States", "region", "baltic states")]),
        ("the gulf widened.", []),
        # a country's name that begins a person's name is a first name
        (
            "Chad Miller of the Carnegie Endowment said so.",
            [
                ("Carnegie Endowment", "org", "Carnegie Endowment"),
            ],
        ),
        ("Kenya Barris, a spokeswoman, said so.", []),
        # but not a country named before a possessive or beside another country
        (
            "Chad and Sudan signed a deal.",
            [
                ("Chad", "country", "Chad"),
                ("Sudan", "country", "Sudan"),
            ],
        ),
    ],
)
def test_matcher_finds_lexicon_names(
    pipeline: Pipeline, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _matches(pipeline, text) == expected


def test_matcher_counts_countries_and_capitals(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("Kabul said Afghanistan and Afghan forces would meet Pakistan.")
    found = NameMatches.of(doc, load_lexicons())
    assert found.country_counts == {"AFG": 3, "PAK": 1}
    assert found.capitals == {"AFG"}


def test_matcher_matches_in_gives_each_name_once_in_token_order(pipeline: Pipeline) -> None:
    doc = pipeline.nlp("The United States and Latvia signed.")
    found = NameMatches.of(doc, load_lexicons())
    tokens = [doc[4], doc[1], doc[2]]  # Latvia, United, States
    assert [m.key for m in found.matches_in(tokens)] == ["Latvia", "United States"]
