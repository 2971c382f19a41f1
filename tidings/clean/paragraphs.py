"""Paragraphs: split on blank lines, and rejoin a sentence that a blank line cut in two."""

from __future__ import annotations

import re
from bisect import bisect_right

_BLANK = re.compile(r"\n[ \t\u00a0]*\n+")
# The same break as an RE2 pattern, for counting paragraphs in stored text with SQL.
BREAK_SQL = r"\n[ \t\x{00a0}]*\n+"
_SPACES = re.compile(r"[ \t\u00a0]+")
# A paragraph that ends like this has finished its sentence.
_CLOSERS = tuple(".!?:;\"”’')]…")
MIN_WORDS_TO_JOIN = 6


def normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split(text: str) -> list[str]:
    """Blocks separated by blank lines, single line breaks inside a block kept."""
    return [block.strip() for block in _BLANK.split(normalise(text)) if block.strip()]


def unfinished(paragraph: str) -> bool:
    """True for a body paragraph that stops mid-sentence (not a heading or a list line)."""
    return not paragraph.endswith(_CLOSERS) and len(paragraph.split()) >= MIN_WORDS_TO_JOIN


def repair(paragraphs: list[str]) -> list[str]:
    """Join each paragraph that stops mid-sentence with the one after it."""
    out: list[str] = []
    for paragraph in paragraphs:
        if out and unfinished(out[-1]) and paragraph[:1].isalnum():
            out[-1] = f"{out[-1]} {paragraph}"
        else:
            out.append(paragraph)
    return out


def reflow(paragraph: str) -> str:
    """Lines of one paragraph joined into one line (hard-wrapped text)."""
    return " ".join(line for line in paragraph.split("\n") if line)


def starts(text: str) -> list[int]:
    """The offset at which each paragraph of a text begins, the lead's (0) first."""
    return [0, *(match.end() for match in _BLANK.finditer(text))]


def index_at(paragraph_starts: list[int], offset: int) -> int:
    """The index of the paragraph that holds `offset`, given the paragraphs' `starts`."""
    return max(0, bisect_right(paragraph_starts, offset) - 1)
