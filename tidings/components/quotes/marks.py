"""Where quotations are: the character spans between quote marks, straight or curly."""

from __future__ import annotations

import re
from functools import lru_cache

from tidings.models import Span

# A straight mark opens after a space or an opening bracket; a curly one says which it is.
MARK = re.compile(r"[\"“”]")
SINGLE = re.compile(r"(?<![\w’'])‘([^‘’\n]{1,300}?)’(?!\w)")
MIN_OPEN_QUOTE = 20  # an unclosed mark quotes to the paragraph's end only if that much follows


# The people and quotes extractors both read an article's quote marks: keep the last few.
@lru_cache(maxsize=4)
def quote_spans(text: str) -> tuple[Span, ...]:
    """Inner character spans of the text between quote marks, paragraph by paragraph."""
    spans: list[Span] = []
    for para in re.finditer(r"[^\n]+", text):
        start = None
        line = para.group()
        for mark in MARK.finditer(line):
            pos, ch = mark.start(), mark.group()
            before = line[pos - 1] if pos else " "
            opens = ch == "“" or (ch == '"' and (before.isspace() or before in "([{—–-:"))
            if opens:
                start = para.start() + pos + 1
            elif start is not None:
                spans.append((start, para.start() + pos))
                start = None
        if start is not None and para.end() - start >= MIN_OPEN_QUOTE:
            spans.append((start, para.end()))
    for single in SINGLE.finditer(text):
        inner = single.span(1)
        if not any(a <= inner[0] < b for a, b in spans):
            spans.append(inner)
    return tuple(sorted(_trim(text, s) for s in spans if s[1] > s[0]))


def _trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
