"""How many for an event: the quantities of its clause, and the death and injury tolls of the
clauses it is linked with ("exploded in Kabul, killing 12")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.models import (
    Quantity,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons
from tidings.components.events.clauses import (
    CLAUSE_VERBS,
    ClauseIndex,
    clause_of,
    governing_verb,
    in_clause,
    linked,
)


def _toll_clause(index: ClauseIndex, quantity: Quantity, lexicons: Lexicons) -> Token | None:
    """The clause of a death or injury toll ("killing 12", "30 people were wounded", "left
    five dead"), or None when the quantity is no toll."""
    if quantity.span is None:
        return None
    root = index.root_of(quantity.span)
    if root is None:
        return None
    tolls = lexicons.event_words.toll_words
    token = root
    for _ in range(4):
        if token.lemma_.lower() in tolls or token.lower_ in tolls:
            return governing_verb(token)
        if any(c.lower_ in tolls and c.dep_ in {"amod", "acomp", "oprd"} for c in token.children):
            return governing_verb(token)
        if token.pos_ in CLAUSE_VERBS or token.head is token:
            return None
        token = token.head
    return None


def event_quantities(
    index: ClauseIndex, trigger: Token, code: str, lexicons: Lexicons
) -> list[Quantity]:
    """The quantities of the event's clause, and the tolls of the clauses it goes with when
    the event is one that kills or wounds (its CAMEO root is a toll root)."""
    start, end = index.sentence_span(trigger)
    tolls_count = code[:2] in lexicons.event_words.toll_roots
    clause = clause_of(trigger)
    out = []
    for q in index.item.quantities:
        if not (q.span and start <= q.span[0] < end):
            continue
        if in_clause(index, q.span, trigger):
            out.append(q)
            continue
        toll = _toll_clause(index, q, lexicons) if tolls_count else None
        if toll is not None and (linked(toll, clause) or linked(clause, toll)):
            out.append(q)
    return out
