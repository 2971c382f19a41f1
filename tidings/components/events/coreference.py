"""One event told twice in an article: a definite event noun ('condemned the detention of two
citizens by Russian border guards') refers to an act the article tells with a verb ('Russian
border guards detained the two men on Wednesday'). The noun takes the act's own date (the
verb that governs the noun dates the condemning, not the detention), and each fills the actor
the other names and it leaves out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.models import Actor, Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tidings.lexicons.words import EventWords

# Date sources that come from the act's own text.
OWN_DATES = {"clause", "sentence"}


def same_party(one: Actor | None, other: Actor | None) -> bool:
    """Can two actors be the same party: one not named, the same code, or the same country?"""
    if one is None or not one.code or other is None or not other.code:
        return True
    return one.code == other.code or (bool(one.country) and one.country == other.country)


def _same_act(noun: Event, told: Event) -> bool:
    return (
        noun.cameo == told.cameo
        and same_party(noun.source, told.source)
        and same_party(noun.target, told.target)
    )


def _trigger_token(doc: Doc, event: Event) -> Token | None:
    span = doc.char_span(event.trigger.span[0], event.trigger.span[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def definite_noun(token: Token | None, definite: frozenset[str]) -> bool:
    """A noun whose determiner or possessor points to a thing already known."""
    if token is None or token.pos_ not in {"NOUN", "PROPN"}:
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in definite) or c.dep_ == "poss" for c in token.children
    )


def _own_date(token: Token, event: Event) -> bool:
    """Does the noun's date come from its own phrase ('the detention on Wednesday')?"""
    when = event.date
    if when is None or when.span is None:
        return False
    words = list(token.subtree)
    return words[0].idx <= when.span[0] < words[-1].idx + len(words[-1].text)


def _with_country(own: Actor | None, act: Actor | None) -> Actor | None:
    """The target of the measures: their own, with the act's country when it names none
    ('the assets of 12 companies' are Iran's companies), else the act's."""
    if own is None or not own.code:
        return act
    if own.country or act is None or not act.country:
        return own
    return replace(own, country=act.country, code=act.country + own.sector)


def _measures_subject(token: Token | None, words: EventWords) -> bool:
    """'The EU measures ... freeze the assets': a definite noun for measures as the subject."""
    if token is None:
        return False
    subject = next((c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return (
        subject is not None
        and subject.lemma_.lower() in words.measure_nouns
        and definite_noun(subject, words.referring_determiners)
    )


def _elaborated(events: list[Event], tokens: list[Token | None], words: EventWords) -> None:
    """An act whose subject is 'the measures' tells more of the act of its root the same side
    took in the sentences just before: it keeps that act's target and day."""
    for n, event in enumerate(events):
        if not _measures_subject(tokens[n], words):
            continue
        earlier = [
            e
            for e in events[:n]
            if e.cameo[:2] == event.cameo[:2]
            and 0 < event.sentence - e.sentence <= MEASURE_WINDOW
            and e.source is not None
            and same_party(event.source, e.source)
        ]
        if not earlier:
            continue
        act = earlier[-1]
        own = event.date is not None and event.date.source in OWN_DATES
        named = event.source is not None and event.source.code
        events[n] = replace(
            event,
            source=event.source if named else act.source,
            target=_with_country(event.target, act.target),
            date=event.date
            if own or act.date is None
            else replace(act.date, source="narrative", text="", span=None),
        )


# How many sentences back 'the measures' may point.
MEASURE_WINDOW = 2


def corefer(events: Sequence[Event], doc: Doc, words: EventWords) -> list[Event]:
    """The events with each definite event noun joined to the act it refers to: the nearest
    act of the same code told with a verb, whose actors fit (the earlier one on a tie); and
    the acts of 'the measures' joined to the measures taken before."""
    tokens = [_trigger_token(doc, e) for e in events]
    nouns = {n for n, t in enumerate(tokens) if definite_noun(t, words.referring_determiners)}
    told = [n for n, t in enumerate(tokens) if t is not None and t.pos_ in {"VERB", "AUX"}]
    out = list(events)
    for n in sorted(nouns):
        noun = events[n]
        matches = [m for m in told if _same_act(noun, events[m])]
        if not matches:
            continue
        m = min(
            matches, key=lambda k: (abs(events[k].sentence - noun.sentence), events[k].sentence)
        )
        act = events[m]
        token = tokens[n]
        date = noun.date
        own = act.date is not None and act.date.source in OWN_DATES
        if own and act.date is not None and token is not None and not _own_date(token, noun):
            # told in another clause: the day goes on from there, as a narrative date does
            date = replace(act.date, source="narrative", text="", span=None)
        out[n] = replace(
            out[n],
            date=date,
            source=noun.source if noun.source and noun.source.code else act.source or noun.source,
            target=noun.target if noun.target and noun.target.code else act.target or noun.target,
        )
        out[m] = replace(
            out[m],
            source=act.source if act.source and act.source.code else noun.source or act.source,
            target=act.target if act.target and act.target.code else noun.target or act.target,
        )
    _elaborated(out, tokens, words)
    return out
