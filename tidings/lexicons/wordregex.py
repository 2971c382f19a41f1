"""Regular expressions for word lists, and the characters a pattern can start with."""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import import_module
from typing import Any

# The standard library's own regex parser (typeshed does not describe these modules).
sre: Any = import_module("re._constants")
_parser: Any = import_module("re._parser")


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


_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d",
    sre.CATEGORY_WORD: r"\w",
    sre.CATEGORY_SPACE: r"\s",
}
_Found = tuple[set[str], bool] | None  # (class pieces, whether what was read can match empty)


def first_char_class(pattern: str, flags: int = 0) -> str | None:
    """A character class holding every character a match of `pattern` can start with, or None
    when that cannot be told: the pattern can match an empty string, or starts with anything."""
    try:
        parsed = _parser.parse(pattern, flags)
    except re.error:
        return None
    found = _first(list(parsed))
    if found is None or found[1] or not found[0]:
        return None
    return "[" + "".join(sorted(found[0])) + "]"


def _first(items: list[tuple[Any, Any]]) -> _Found:
    pieces: set[str] = set()
    for op, value in items:
        found = _first_of(op, value)
        if found is None:
            return None
        pieces |= found[0]
        if not found[1]:
            return pieces, False
    return pieces, True


def _first_of(op: Any, value: Any) -> _Found:
    if op is sre.LITERAL:
        return {re.escape(chr(value))}, False
    if op is sre.IN:
        return _first_in_class(value)
    if op is sre.SUBPATTERN:
        return _first(list(value[-1]))
    if op is sre.ATOMIC_GROUP:
        return _first(list(value))
    if op is sre.BRANCH:
        pieces, empty = set(), False
        for sequence in value[1]:
            found = _first(list(sequence))
            if found is None:
                return None
            pieces |= found[0]
            empty = empty or found[1]
        return pieces, empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        found = _first(list(value[2]))
        return None if found is None else (found[0], found[1] or value[0] == 0)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # zero-width: the next item says what comes first
    return None


def _first_in_class(items: list[tuple[Any, Any]]) -> _Found:
    pieces = set()
    for kind, value in items:
        if kind is sre.LITERAL:
            pieces.add(re.escape(chr(value)))
        elif kind is sre.RANGE:
            pieces.add(f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}")
        elif kind is sre.CATEGORY and value in _CATEGORIES:
            pieces.add(_CATEGORIES[value])
        else:
            return None  # a negated class or an unusual category: anything may come first
    return pieces, False
