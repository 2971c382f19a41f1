"""Who is on whose side: one actor or a country and its own bodies, a speaker speaking for an
event's source, forces of the source's own side, and the maker of an earlier statement."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tidings.components.events import actors as actor_res
from tidings.models import Actor

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons.words import EventWords


def own_forces(
    sources: Sequence[Actor | None], targets: Sequence[Actor | None], words: EventWords
) -> bool:
    """Are the targets forces of the sources' own side (of their country, or of none)?"""
    countries = {s.country for s in sources if s is not None}
    return all(
        t is not None
        and t.sector in words.force_sectors
        and (not t.country or t.country in countries)
        for t in targets
    )


# How many sentences back a statement named by a definite noun may have been made.
EARLIER_WINDOW = 4


def earlier_statement(
    trigger: Token,
    sources: Sequence[Actor | None],
    sentence: int,
    context: actor_res.ActorContext,
) -> Actor | None:
    """'In Kabul, a spokesman rejected the allegation': a definite noun that names a statement
    made before (nothing in its phrase saying whose) stands for the source of the latest such
    statement in the sentences before, when that is another side."""
    words = context.lexicons.event_words
    obj = next((c for c in trigger.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lower_ not in words.earlier_nouns:
        return None
    kids = list(obj.children)
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in kids):
        return None
    if any(c.dep_ in {"poss", "compound", "amod", "prep", "acl", "relcl"} for c in kids):
        return None
    own = [s for s in sources if s is not None]
    for said_in, code, source in reversed(context.said):
        if said_in >= sentence:
            continue
        if said_in < sentence - EARLIER_WINDOW:
            return None
        if code[:2] in words.earlier_roots and not any(one_side(source, s) for s in own):
            return source
    return None


def one_side(actor: Actor, other: Actor) -> bool:
    """The same actor, or a country and one of its own bodies ('Serbia', 'SRBGOV'); the
    government and the opposition of one country are two sides."""
    if actor.code == other.code:
        return True
    return (
        bool(actor.country)
        and actor.country == other.country
        and not (actor.sector and other.sector)
    )


def same_side(context: actor_res.ActorContext) -> Callable[[Token, Token], bool]:
    """Whether a speaker speaks for an event's source: the same actor, or one of its country
    ('France will train soldiers, President Macron said'); a speaker of unknown country may,
    unless it is an unnamed many ('diplomats said', 'officials said'): they report the plans
    of others, they do not announce their own."""

    def same(speaker: Token, source: Token) -> bool:
        if speaker.lower_ == source.lower_:
            return True
        if any(c.dep_ == "poss" and c.pos_ == "PRON" for c in speaker.children):
            return True  # "its spokeswoman", "their leader": whoever the clause is about
        if unnamed_many(speaker):
            return False  # whose officials the text does not say: not a side to guess
        # A body without a country (NATO, the EU) is its own side.
        spoken = {a.country or a.code for a in actor_res.resolve(speaker, context)} - {""}
        acting = {a.country or a.code for a in actor_res.resolve(source, context)} - {""}
        if spoken and acting:
            return bool(spoken & acting)
        return True

    return same


def unnamed_many(speaker: Token) -> bool:
    """ "diplomats", "officials", "sources": a plural common noun with nothing that names whose
    they are (no possessor, name or adjective of a country)."""
    return speaker.tag_ == "NNS" and not any(
        c.dep_ in {"poss", "compound", "amod", "nmod"} for c in speaker.children
    )


def detainer(sentence: int, context: actor_res.ActorContext) -> Actor | None:
    """'condemned the detention of two citizens by Russian border guards and demanded their
    release': whoever did the latest detention told in the sentence or the few before it."""
    words = context.lexicons.event_words
    for said_in, code, source in reversed(context.said):
        if said_in < sentence - EARLIER_WINDOW:
            return None
        if any(code.startswith(c) for c in words.detention_codes):
            return source
    return None
