"""Values from input made safe to print: the one helper the CLI layer prints them through.

A title, a path, a JSONL field or an error message may hold Rich markup (`[/]`, `[red]`) or
control characters (an ANSI escape sequence can retitle or clear a terminal). Everything that
comes from input is printed as a `rich.text.Text` (never parsed as markup) whose control
characters are shown as visible escapes (`\\x1b`), so what reaches the terminal is plain text.
"""

from __future__ import annotations

import re

from rich.text import Text

# C0 and C1 controls, DEL, and the Unicode line separators and bidirectional overrides that
# reorder what a terminal shows; tab and newline are handled by the caller's choice.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\t\n]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(value: object, lines: bool = False) -> str:
    """`value` as text with every control character shown as an escape (`\\x1b`); tabs and
    newlines are kept when `lines` is true, else each becomes a space (one line stays one)."""
    text = _CONTROL.sub(_visible, str(value))
    return text if lines else _BREAKS.sub(" ", text)


def safe(value: object, style: str = "", lines: bool = False) -> Text:
    """`value` as a Text that prints exactly as `clean` gives it: no markup is interpreted."""
    return Text(clean(value, lines), style=style)


def line(*parts: object | tuple[object, str]) -> Text:
    """One line assembled from values, each plain or a (value, style) pair, all made safe."""
    out = Text()
    for part in parts:
        if isinstance(part, tuple):
            out.append_text(safe(part[0], part[1]))
        else:
            out.append_text(safe(part))
    return out


def count(n: int, noun: str, plural: str = "") -> str:
    """ "1 new article", "2 new articles" (`plural` when adding an s is wrong)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
