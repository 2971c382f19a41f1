"""When, where and how many for an event: the date, place and quantities of its clause, else of
its sentence, else the publication date and the actors' countries (the source says which)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tidings import lexicon
from tidings.models import Actor, Place, Quantity, TimeRef
from tidings.pipeline import WorkItem

if TYPE_CHECKING:
    from spacy.tokens import Token

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


def _in_clause(item: WorkItem, span: tuple[int, int] | None, trigger: Token) -> bool | None:
    """True: in the trigger's clause; False: elsewhere in its sentence; None: other sentence."""
    if span is None:
        return None
    sent = trigger.sent
    if not (sent.start_char <= span[0] < sent.end_char):
        return None
    token = item.doc.char_span(span[0], span[1], alignment_mode="expand")
    if token is None or len(token) == 0:
        return False
    return _governing_verb(token.root).i == _clause_of(trigger).i


def event_date(item: WorkItem, trigger: Token) -> TimeRef | None:
    dates: list[TimeRef] = item.values.get("dates", [])
    sentence_level: TimeRef | None = None
    for ref in dates:
        where = _in_clause(item, ref.span, trigger)
        if where:
            return replace(ref, source="clause")
        if where is False and sentence_level is None and ref.value:
            sentence_level = replace(ref, source="sentence")
    if sentence_level is not None:
        return sentence_level
    published = item.article.published
    if published is None:
        return None
    return TimeRef("", published.isoformat(), None, "day", None, "publication")


def country_place(code: str) -> Place | None:
    country = lexicon.countries().get(code)
    if country is None:
        return None
    return Place(
        text="",
        name=country.name,
        country=code,
        lat=country.lat,
        lon=country.lon,
        kind="country",
        span=None,
        source="actor",
    )


def event_place(
    item: WorkItem, trigger: Token, source: Actor | None, target: Actor | None
) -> Place | None:
    places: list[Place] = item.values.get("places", [])
    actor_spans = {a.span for a in (source, target) if a and a.span}
    for place in places:
        if _in_clause(item, place.span, trigger) and not any(
            s[0] <= (place.span or (0, 0))[0] < s[1] for s in actor_spans
        ):
            return replace(place, source="clause")
    for actor in (target, source):
        if actor and actor.country:
            return country_place(actor.country)
    return None


def event_quantities(item: WorkItem, trigger: Token) -> list[Quantity]:
    quantities: list[Quantity] = item.values.get("quantities", [])
    return [q for q in quantities if _in_clause(item, q.span, trigger)]
