"""Places an event borrows from another telling in the article: the same happening told again
("retold"), or the happening it was part of ("beaten during the arrest": "occasion"). Both only
fill a place the event's own text does not give."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.components.events.clauses import ClauseIndex, clause_of
from tidings.components.events.coreference import definite_noun, same_party
from tidings.models import Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tidings.lexicons import Lexicons

# Where the borrowed place must come from: the other telling's own words.
OWN_PLACES = frozenset({"clause", "venue"})


def place_retold(index: ClauseIndex, events: Sequence[Event], lexicons: Lexicons) -> list[Event]:
    """ "Police fired tear gas at protesters in Tirana on Saturday. ... Police fired tear gas
    and water cannon, the ministry said": an event whose text gives no place is where another
    telling of the same happening in the article places its clause - the same code, the same
    day, the same actors on every side both tellings name (at least one), and neither told as
    another one ("also", "a second") - the nearest such telling; the place's source is
    "retold". Else, 'officers had beaten him during the arrest': an event told as happening
    during a happening told before, with its own place, is there; the source is "occasion"."""
    doc = index.item.doc
    distinct = lexicons.event_words.distinct_words
    out = []
    for event in events:
        if event.place is None and not _another(doc, event, distinct):
            tellings = [
                e for e in events if _same_happening(e, event) and not _another(doc, e, distinct)
            ]
            if tellings:
                again = min(tellings, key=lambda e: abs(e.sentence - event.sentence))
                assert again.place is not None
                event = replace(
                    event, place=replace(again.place, source="retold", text="", span=None)
                )
            else:
                event = _during(doc, event, events, lexicons) or _continued(
                    index, event, events, lexicons
                )
        out.append(event)
    return out


def _same_happening(told: Event, event: Event) -> bool:
    """Does `told`, placed by its own clause, tell the same happening as `event`?"""
    if told is event or told.place is None or told.place.source not in OWN_PLACES:
        return False
    if told.cameo != event.cameo or told.date is None or event.date is None:
        return False
    if told.date.precision != "day" or event.date.precision != "day":
        return False
    if told.date.start != event.date.start:
        return False
    pairs = ((told.source, event.source), (told.target, event.target))
    named = [(a, b) for a, b in pairs if a is not None and a.code and b is not None and b.code]
    # 'Uganda signed the pact too': another party's act of the same kind
    return bool(named) and all(same_party(a, b) for a, b in named)


def _trigger(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(*event.trigger.span)
    return span.root if span is not None else None


def _another(doc: Doc, event: Event, distinct: frozenset[str]) -> bool:
    """Is the event told as another one of its kind ("also signed", "a second accord")?"""
    trigger = _trigger(doc, event)
    if trigger is None:
        return False
    near = [
        *trigger.children,
        *(g for c in trigger.children if c.dep_ == "dobj" for g in c.children),
    ]
    return any(t.lower_ in distinct for t in near)


def _during(doc: Doc, event: Event, events: Sequence[Event], lexicons: Lexicons) -> Event | None:
    """The event placed where the happening its clause says it was part of took place: a
    definite event noun after a preposition of the same time ('during the arrest') names the
    nearest act told before it with a code that noun gives, placed by its own words."""
    trigger = _trigger(doc, event)
    if trigger is None:
        return None
    referring = lexicons.event_words.referring_determiners
    within = lexicons.place_words.occasion_prepositions
    heads = {trigger.i: trigger, clause_of(trigger).i: clause_of(trigger)}
    nouns = [
        g
        for head in heads.values()
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in within
        for g in c.children
        if g.dep_ == "pobj" and definite_noun(g, referring)
    ]
    by_trigger = lexicons.patterns.by_trigger
    for noun in nouns:
        codes = {p.code for p in by_trigger.get(noun.lemma_.lower(), ()) if p.noun}
        told = [
            e
            for e in events
            if e is not event
            and e.cameo in codes
            and e.place is not None
            and e.place.source in OWN_PLACES
            and e.trigger.span[0] < noun.idx
        ]
        if told:
            part_of = max(told, key=lambda e: e.trigger.span[0])
            assert part_of.place is not None
            return replace(
                event, place=replace(part_of.place, source="occasion", text="", span=None)
            )
    return None


def _continued(
    index: ClauseIndex, event: Event, events: Sequence[Event], lexicons: Lexicons
) -> Event:
    """ "Police fired tear gas at protesters in Tirana on Saturday.\n\nPolice said they had
    arrested 37 people": the same actor going on, in the next paragraph, with no time or
    place of its own, is where its act of the sentence before was placed by its own words
    (the narrative place within a paragraph needs no such actor). Where something was done is
    not where it was spoken of ('stormed a post in Mohmand. The group claimed responsibility'):
    both acts are statements or neither is. A past perfect that no verb of saying shifts back
    ('Kenyan police had arrested the leader') tells of something before the scene."""
    if event.date is None or event.date.source != "narrative" or event.sentence == 0:
        return event
    if event.source is None or not event.source.code:
        return event
    stated = lexicons.place_words.statement_roots
    item = index.item
    trigger = _trigger(item.doc, event)
    if trigger is None or _earlier_than_told(clause_of(trigger), lexicons):
        return event
    start, end = item.sentences[event.sentence].span
    if any(p.span and start <= p.span[0] < end for p in item.places):
        return event
    before = [
        e
        for e in events
        if e.sentence == event.sentence - 1
        and e.place is not None
        and e.place.source in OWN_PLACES
        and e.source is not None
        and e.source.code == event.source.code
        and (e.cameo[:2] in stated) == (event.cameo[:2] in stated)
    ]
    if not before:
        return event
    assert before[0].place is not None
    return replace(event, place=replace(before[0].place, source="narrative", text="", span=None))


def _earlier_than_told(verb: Token, lexicons: Lexicons) -> bool:
    """'had arrested' told by the narrator, not backshifted by 'said'."""
    perfect = any(a.lower_ == "had" for a in verb.children if a.dep_ == "aux")
    reported = verb.dep_ == "ccomp" and (
        verb.head.lemma_.lower() in lexicons.cues.reporting_governors
    )
    return perfect and not reported
