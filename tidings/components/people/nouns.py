"""Nouns for people: which nouns name groups of people, and which name people in general.

Word lists: data/actor_words.toml.
"""

from __future__ import annotations

import tomllib
from functools import cache
from typing import TYPE_CHECKING

from tidings import lexicons
from tidings.lexicons import DATA_DIR

if TYPE_CHECKING:
    from spacy.tokens import Token

WORDS = DATA_DIR / "actor_words.toml"


def person_noun(head: Token) -> bool:
    """Nouns for groups of people: a role noun, a name the NER calls a group (NORP), or a
    plural with a people ending ('landowners') that is not a thing ('helicopters')."""
    lemma = head.lemma_.lower()
    if head.ent_type_ == "NORP" or lemma in lexicons.roles():
        return True
    endings, things = _person_words()
    return lemma.endswith(endings) and lemma not in things


@cache
def _word_lists() -> dict[str, list[str]]:
    raw = tomllib.loads(WORDS.read_text(encoding="utf-8"))
    lists: dict[str, list[str]] = {}
    for key in ("person_suffixes", "not_people", "plain_people"):
        words = raw.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{WORDS}: {key} must be a list of strings")
        lists[key] = words
    return lists


@cache
def _person_words() -> tuple[tuple[str, ...], frozenset[str]]:
    """(endings of nouns for people, nouns with such endings that are things)."""
    lists = _word_lists()
    return tuple(lists["person_suffixes"]), frozenset(lists["not_people"])


@cache
def plain_people() -> frozenset[str]:
    """Nouns for people in general ('people'): civilians when they act, too vague to be the
    target an event is aimed at."""
    return frozenset(_word_lists()["plain_people"])
