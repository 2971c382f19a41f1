"""Paragraphs: split on blank lines, and rejoin a sentence that a blank line cut in two."""

from __future__ import annotations

import re

_BLANK = re.compile(r"\n[ \t\u00a0]*\n+")
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
