from __future__ import annotations

import re

import pytest

from tidings.lexicons.wordregex import first_char_class, word_alternation


@pytest.mark.parametrize(
    ("words", "text", "expected"),
    [
        (
            ["Mar", "March", "May", "Monday"],
            "March 3, May 4, Mar. 5, Monday",
            ["March", "May", "Mar", "Monday"],
        ),
        (
            ["this morning", "this", "today"],
            "this  morning and this today",
            ["this  morning", "this", "today"],
        ),
        (["a.m.", "am"], "at 9 a.m. and 10 am", ["a.m.", "am"]),
    ],
)
def test_wordregex_alternation_prefers_the_longest_word(
    words: list[str], text: str, expected: list[str]
) -> None:
    pattern = re.compile(rf"\b{word_alternation(words, cased=True)}")
    assert [m.group() for m in pattern.finditer(text)] == expected


@pytest.mark.parametrize("cased", [True, False])
def test_wordregex_alternation_matches_what_a_plain_alternation_matches(cased: bool) -> None:
    words = ["dozen", "dozens", "do", "eleven", "eight", "eighteen", "eighty", "in the", "in"]
    text = "Dozens, do  eighteen eighty in the  dozen eleven eight in Do ELEVEN"
    flags = 0 if cased else re.IGNORECASE
    plain = "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len)[::-1])
    expected = [m.group() for m in re.finditer(rf"\b(?:{plain})\b", text, flags)]
    found = re.finditer(rf"\b{word_alternation(words, cased=cased)}\b", text, flags)
    assert [m.group() for m in found] == expected
    assert len(expected) > (5 if cased else 8)


@pytest.mark.parametrize(
    ("pattern", "starts", "never"),
    [
        (r"(?:last|next)\s+week", "ln", "wx "),
        (r"(?:(?:last|next)\s+)?(?:Monday|May)", "lnM", "wx "),
        (r"\d+\s*(?:days|weeks)", "0759", "d "),
        (r"(?=\w)the\s+(?:fall|spring)", "t", "fs"),
        (r"[a-c]?[x-z]+", "abcxyz", "dw"),
        # named groups, flag groups, escapes, a class holding '-', a lookahead, a repeat count
        (r"(?P<year>\d{4})[-–/](?-i:Q)", "0123456789", "Qq-"),
        (r"(?-i:Q)(?P<n>[1-4])", "Q", "q1"),
        (r"(?!\s)\$?[-–]?\d", "$-–5", "a "),
        (r"(?:x{0,2})y", "xy", "z"),
    ],
)
def test_wordregex_first_char_class_covers_every_start(
    pattern: str, starts: str, never: str
) -> None:
    found = first_char_class(pattern)
    assert found is not None
    assert all(re.fullmatch(found, c) for c in starts)
    assert not any(re.fullmatch(found, c) for c in never)


@pytest.mark.parametrize(
    "pattern", [r"(?:last)?", r".+day", r"[^a]x", r"x|", r"\Dx", r"(a)\1", r"(?=x)", "x{0}"]
)
def test_wordregex_first_char_class_gives_up_when_anything_may_start(pattern: str) -> None:
    assert first_char_class(pattern) is None
