"""Regular expressions for word lists."""

from __future__ import annotations

import re
from collections.abc import Iterable
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
