"""Regular expressions for word lists, and the characters a pattern can start with."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def word_alternation(words: Iterable[str], cased: bool = False) -> str:
    """A regex for any of the words, longest first, written as a prefix tree: re tries the
    branches of an alternation one by one, so "(?:m(?:a(?:rch|y)|onday))" rejects a position
    after one failed letter where "march|may|monday" fails three times."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for atom in re.findall(r"\s+|.", word, flags=re.DOTALL):
            key = r"\s+" if atom.isspace() else re.escape(atom if cased else atom.lower())
            node = node.setdefault(key, {})
        node[""] = {}
    body = _tree_regex(tree)
    return f"(?-i:{body})" if cased else f"(?:{body})"


def _tree_regex(node: dict[str, Any]) -> str:
    branches = [atom + _tree_regex(child) for atom, child in sorted(node.items()) if atom]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    # A word that ends here is the shorter choice: the greedy ? tries the longer words first.
    return f"(?:{body})?" if "" in node else body


# What a pattern's first character can be, read by a small reader of the regular expressions the
# lexicons write (literals, escapes, classes, groups, alternations, quantifiers, lookarounds).
# Anything else it does not know makes it give up, which only costs the prefilter.
_CLASS_ESCAPES = frozenset("dws")
_ZERO_WIDTH_ESCAPES = frozenset("bBAZ")
_QUANTIFIER = re.compile(r"[?*+]|\{(\d*)(?:,\d*)?\}")


class _Unknown(Exception):
    """Anything may come first (a negated class, '.', a back-reference)."""


@dataclass(frozen=True, slots=True)
class _First:
    pieces: frozenset[str]  # class pieces: escaped characters, ranges, \d \w \s
    empty: bool  # whether what was read can match the empty string


def first_char_class(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every character a match of `pattern` can start with, or None
    when that cannot be told: the pattern can match an empty string, or starts with anything.
    (`flags` apply to the class as they apply to the pattern it guards.)"""
    try:
        re.compile(pattern, flags)
        found, end = _alternation(pattern, 0)
    except (re.error, _Unknown):
        return None
    if end != len(pattern) or found.empty or not found.pieces:
        return None
    return "[" + "".join(sorted(found.pieces)) + "]"


def _alternation(pattern: str, i: int) -> tuple[_First, int]:
    pieces: set[str] = set()
    empty = False
    while True:
        found, i = _sequence(pattern, i)
        pieces |= found.pieces
        empty = empty or found.empty
        if i < len(pattern) and pattern[i] == "|":
            i += 1
            continue
        return _First(frozenset(pieces), empty), i


def _sequence(pattern: str, i: int) -> tuple[_First, int]:
    pieces: set[str] = set()
    open_start = True  # every item so far can match the empty string
    while i < len(pattern) and pattern[i] not in "|)":
        item, i = _atom(pattern, i)
        quantifier = _QUANTIFIER.match(pattern, i)
        if quantifier:
            optional = quantifier.group() in ("?", "*") or quantifier.group(1) in ("", "0")
            item = _First(item.pieces, item.empty or optional)
            i = quantifier.end()
            if i < len(pattern) and pattern[i] in "?+":
                i += 1  # lazy or possessive
        if open_start:
            pieces |= item.pieces
            open_start = item.empty
    return _First(frozenset(pieces), open_start), i


def _atom(pattern: str, i: int) -> tuple[_First, int]:
    char = pattern[i]
    if char == "\\":
        return _escape(pattern[i + 1]), i + 2
    if char == "[":
        return _char_class(pattern, i + 1)
    if char == "(":
        return _group(pattern, i + 1)
    if char in "^$":
        return _First(frozenset(), True), i + 1
    if char == ".":
        raise _Unknown
    return _First(frozenset({re.escape(char)}), False), i + 1


def _escape(char: str) -> _First:
    if char in _CLASS_ESCAPES:
        return _First(frozenset({"\\" + char}), False)
    if char in _ZERO_WIDTH_ESCAPES:
        return _First(frozenset(), True)
    if char.isalnum():
        raise _Unknown  # \D, \W, \S, back-references
    return _First(frozenset({re.escape(char)}), False)


def _char_class(pattern: str, i: int) -> tuple[_First, int]:
    if pattern[i] == "^":
        raise _Unknown
    pieces: set[str] = set()
    first = True
    while first or pattern[i] != "]":
        first = False
        if pattern[i] == "\\":
            if pattern[i + 1] not in _CLASS_ESCAPES and pattern[i + 1].isalnum():
                raise _Unknown
            low, i = ("\\" + pattern[i + 1] if pattern[i + 1] in _CLASS_ESCAPES else None), i + 2
            if low is not None:
                pieces.add(low)
                continue
            char = pattern[i - 1]
        else:
            char, i = pattern[i], i + 1
        if pattern[i] == "-" and pattern[i + 1] != "]":
            high = pattern[i + 2] if pattern[i + 1] == "\\" else pattern[i + 1]
            i += 3 if pattern[i + 1] == "\\" else 2
            pieces.add(f"{re.escape(char)}-{re.escape(high)}")
        else:
            pieces.add(re.escape(char))
    return _First(frozenset(pieces), False), i + 1


def _group(pattern: str, i: int) -> tuple[_First, int]:
    zero_width = False
    if pattern.startswith("?", i):
        head = re.match(r"\?(?::|P<\w+>|[aiLmsux-]+:|<?[=!])", pattern[i:])
        if head is None:
            if re.match(r"\?[aiLmsux]+\)", pattern[i:]):  # global flags: nothing to match
                return _First(frozenset(), True), pattern.index(")", i) + 1
            raise _Unknown  # back-references, conditionals, comments
        zero_width = head.group()[-1] in "=!"
        i += head.end()
    found, i = _alternation(pattern, i)
    if i >= len(pattern) or pattern[i] != ")":
        raise _Unknown
    return (_First(frozenset(), True) if zero_width else found), i + 1
