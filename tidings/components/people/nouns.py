"""Nouns for people: which nouns name groups of people, and which name people in general.

Word lists: data/actor_words.toml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons


def person_noun(head: Token, lexicons: Lexicons) -> bool:
    """Nouns for groups of people: a role noun, a name the NER calls a group (NORP), or a
    plural with a people ending ('landowners') that is not a thing ('helicopters')."""
    lemma = head.lemma_.lower()
    if head.ent_type_ == "NORP" or lemma in lexicons.roles:
        return True
    words = lexicons.actor_words
    return lemma.endswith(words.person_suffixes) and lemma not in words.not_people
