"""Who acts on whom, on real parses: the source of an event noun, the target a pattern did not
name, completing a dyad (the subject of a verb is tests/test_syntax.py's)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tidings.components.events.dyads import complete_dyad, implicit_target, noun_source
from tidings.lexicons import Lexicons
from tidings.models import Actor
from tidings.syntax import subject_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token


def word(nlp: Language, text: str, which: str) -> Token:
    return next(t for t in nlp(text) if t.text == which)


def text_of(token: Token | None) -> str | None:
    return None if token is None else token.text


@pytest.mark.parametrize(
    ("text", "noun", "source"),
    [
        # the by-agent of the event noun
        ("The arrest of the journalist by police angered Turkey.", "arrest", "police"),
        # its possessor
        ("Russia's annexation of Crimea was condemned.", "annexation", "Russia"),
        # a nationality on the noun
        ("US air strikes hit the town.", "strikes", "US"),
        # the subject of the verb that carries it out
        ("Italy announced a suspension of air links.", "suspension", "Italy"),
        # nobody named
        ("The suspension of air links was criticised.", "suspension", None),
        # who flees (or escapes) an event does not carry it out
        ("Families fleeing fighting crossed the border.", "fighting", None),
        ("Thousands of civilians fleeing the fighting reached Chad.", "fighting", None),
    ],
)
def test_dyads_noun_source(
    nlp: Language, lexicons: Lexicons, text: str, noun: str, source: str | None
) -> None:
    assert text_of(noun_source(word(nlp, text, noun), lexicons)) == source


@pytest.mark.parametrize(
    ("text", "trigger", "hostile", "target"),
    [
        # the object of a target preposition inside the complement
        ("Iran threatened to break relations with Russia.", "threatened", True, "Russia"),
        # a hostile event without a named target aims at the place it happens in
        ("The army imposed a curfew in Cizre.", "imposed", True, "Cizre"),
        # a friendly one does not
        ("The army imposed a curfew in Cizre.", "imposed", False, None),
        # 'against' names whom a hostile act is aimed at
        ("Thousands protested against the government.", "protested", True, "government"),
    ],
)
def test_dyads_implicit_target(
    nlp: Language, lexicons: Lexicons, text: str, trigger: str, hostile: bool, target: str | None
) -> None:
    token = word(nlp, text, trigger)
    source = subject_of(token).actor
    assert text_of(implicit_target(token, source, lexicons, hostile)) == target


def test_dyads_implicit_target_is_never_the_source(nlp: Language, lexicons: Lexicons) -> None:
    token = word(nlp, "Germany criticised the plan.", "criticised")
    assert implicit_target(token, subject_of(token).actor, lexicons) is None


POLICE = Actor("police", "COP", "", "COP")
FRANCE = Actor("France", "FRA", "FRA")
NATO = Actor("NATO", "IGOWSTNAT", name="NATO")


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        # a domestic target takes the national source's country, and the other way round
        (FRANCE, POLICE, ("FRA", "FRACOP")),
        (POLICE, FRANCE, ("FRACOP", "FRA")),
        # an international body lends no country
        (NATO, POLICE, ("IGOWSTNAT", "COP")),
        # nothing to complete from
        (POLICE, None, ("COP", None)),
        (POLICE, Actor("protesters", "CVL", "", "CVL"), ("COP", "CVL")),
    ],
)
def test_dyads_complete_dyad(
    source: Actor, target: Actor | None, expected: tuple[str | None, str | None]
) -> None:
    done = complete_dyad(source, target)
    assert tuple(a.code if a else None for a in done) == expected


def test_dyads_complete_dyad_keeps_the_text() -> None:
    _, target = complete_dyad(FRANCE, POLICE)
    assert target is not None
    assert (target.text, target.country, target.sector) == ("police", "FRA", "COP")
