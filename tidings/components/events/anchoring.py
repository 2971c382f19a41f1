"""When, where and how many for an event: the date, place and quantities of its clause, else of
its sentence, else the publication date and the actors' countries (the source says which)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.components.places.resolve import place_for_country
from tidings.models import Actor, Place, Quantity, TimeRef
from tidings.pipeline.state import ArticleState

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons

CLAUSE_VERBS = {"VERB", "AUX"}


def _governing_verb(token: Token) -> Token:
    """The nearest verb above a token (itself if it is one); event nouns count as their verb."""
    current = token
    for _ in range(12):
        if current.pos_ in CLAUSE_VERBS or current.head is current:
            return current
        current = current.head
    return current


def _clause_of(trigger: Token) -> Token:
    return trigger if trigger.pos_ in CLAUSE_VERBS else _governing_verb(trigger)


class ClauseIndex:
    """The governing verb of each span of one article, computed once per span."""

    def __init__(self, item: ArticleState) -> None:
        self.item = item
        self._verbs: dict[tuple[int, int], Token | None] = {}

    def sentence_span(self, token: Token) -> tuple[int, int]:
        # Token.sent walks the doc each time it is asked; the pipeline numbered them once.
        span: tuple[int, int] = self.item.sentences[self.item.sentence_of_token[token.i]].span
        return span

    def verb_of(self, span: tuple[int, int]) -> Token | None:
        if span not in self._verbs:
            found = self.item.doc.char_span(span[0], span[1], alignment_mode="expand")
            self._verbs[span] = (
                _governing_verb(found.root) if found is not None and len(found) else None
            )
        return self._verbs[span]


def _in_clause(index: ClauseIndex, span: tuple[int, int] | None, trigger: Token) -> bool | None:
    """True: in the trigger's clause; False: elsewhere in its sentence; None: other sentence."""
    if span is None:
        return None
    start, end = index.sentence_span(trigger)
    if not (start <= span[0] < end):
        return None
    verb = index.verb_of(span)
    return verb is not None and verb.i == _clause_of(trigger).i


def _dominates(index: ClauseIndex, span: tuple[int, int] | None, trigger: Token) -> bool:
    """Is the expression's clause one that the trigger's clause sits inside ('On Tuesday, X
    said Y attacked')? A date in a side clause ('which began on Feb. 24') is not."""
    verb = index.verb_of(span) if span is not None else None
    if verb is None:
        return False
    clause = _clause_of(trigger)
    if verb.i in {t.i for t in clause.ancestors}:
        return True
    # 'annexed Crimea after Yanukovych fled last year': a time clause of the event dates it.
    while verb.dep_ in {"advcl", "conj"} and verb.head is not verb:
        verb = _governing_verb(verb.head)
        if verb.i == clause.i:
            return True
    return False


def event_date(index: ClauseIndex, trigger: Token) -> TimeRef | None:
    item = index.item
    dates = item.dates
    sentence_level: TimeRef | None = None
    for ref in dates:
        where = _in_clause(index, ref.span, trigger)
        if where:
            return replace(ref, source="clause")
        if (
            where is False
            and sentence_level is None
            and ref.value
            and _dominates(index, ref.span, trigger)
        ):
            sentence_level = replace(ref, source="sentence")
    if sentence_level is not None:
        return sentence_level
    published = item.article.published
    if published is None:
        return None
    return TimeRef("", published.isoformat(), None, "day", None, "publication")


def event_place(
    index: ClauseIndex,
    trigger: Token,
    source: Actor | None,
    target: Actor | None,
    lexicons: Lexicons,
) -> Place | None:
    places = index.item.places
    actor_spans = {a.span for a in (source, target) if a and a.span}
    for place in places:
        if _in_clause(index, place.span, trigger) and not any(
            s[0] <= (place.span or (0, 0))[0] < s[1] for s in actor_spans
        ):
            return replace(place, source="clause")
    for actor in (target, source):
        if actor and actor.country:
            return place_for_country(lexicons, actor.country)
    return None


def event_quantities(index: ClauseIndex, trigger: Token) -> list[Quantity]:
    quantities = index.item.quantities
    start, end = index.sentence_span(trigger)
    return [
        q
        for q in quantities
        if q.span and start <= q.span[0] < end and _in_clause(index, q.span, trigger)
    ]
