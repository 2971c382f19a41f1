"""Modality on real parses: is an event asserted, negated, hypothetical, future or reported?"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tidings.components.events.modality import modality
from tidings.lexicons import Lexicons

if TYPE_CHECKING:
    from spacy.language import Language


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Russia attacked Ukraine.", "attacked", "asserted"),
        # negation on the trigger, and a subject that denies it happened
        ("Russia did not attack Ukraine.", "attack", "negated"),
        ("Russia never attacked Ukraine.", "attacked", "negated"),
        ("No one was arrested.", "arrested", "negated"),
        # a governor that says it did not happen
        ("Russia denied attacking Ukraine.", "attacking", "negated"),
        ("The government refused to release the prisoners.", "release", "negated"),
        # possible, conditional, threatened
        ("The dispute could degenerate into war.", "degenerate", "hypothetical"),
        ("If Russia attacks Ukraine, NATO will respond.", "attacks", "hypothetical"),
        ("Iran threatened to close the strait.", "close", "hypothetical"),
        # future and intent
        ("The United States will send more troops.", "send", "future"),
        ("Talks will be held on Monday.", "held", "future"),
        ("Germany plans to impose sanctions.", "impose", "future"),
        # second-hand
        ("Rebels reportedly attacked the convoy.", "attacked", "reported"),
        ("Officials said rebels attacked the convoy.", "attacked", "reported"),
        # a reported denial stays a denial
        ("Officials did not say rebels attacked the convoy.", "attacked", "negated"),
        # an event noun still to come
        ("The Houthis freed 100 soldiers ahead of talks with Saudi Arabia.", "talks", "future"),
        ("Protesters marched on the eve of the summit with Ethiopia.", "summit", "future"),
        ("Rebels freed hostages in advance of negotiations.", "negotiations", "future"),
        ("The talks with Saudi Arabia ended on Friday.", "talks", "asserted"),
        # an event noun that names no event in particular
        ("The UN condemned every attack on aid workers.", "attack", "hypothetical"),
        ("Egypt vowed to respond to any attack on its dams.", "attack", "hypothetical"),
        ("Ghana condemned the attack on its embassy.", "attack", "asserted"),
    ],
)
def test_modality_of_the_trigger(
    nlp: Language, lexicons: Lexicons, text: str, trigger: str, expected: str
) -> None:
    token = next(t for t in nlp(text) if t.text == trigger)
    assert modality(token, lexicons.cues) == expected


def test_modality_the_reporting_verb_itself_is_asserted(nlp: Language, lexicons: Lexicons) -> None:
    said = next(t for t in nlp("Officials said rebels attacked the convoy.") if t.text == "said")
    assert modality(said, lexicons.cues) == "asserted"


@pytest.mark.parametrize(
    ("text", "noun", "expected"),
    [
        # an event noun that its verb calls off, cancels, postpones or prevents did not happen
        ("The two countries called off their joint military exercises.", "exercises", "negated"),
        ("Pakistan cancelled talks with India.", "talks", "negated"),
        ("The government postponed the peace talks with the rebels.", "talks", "negated"),
        ("Police prevented a protest outside parliament.", "protest", "negated"),
        # breaking up a protest, or holding talks, is no cancelling of them
        ("Police broke up a protest outside parliament.", "protest", "asserted"),
        ("Pakistan held talks with India.", "talks", "asserted"),
    ],
)
def test_modality_cancelled_event_nouns_are_negated(
    nlp: Language, lexicons: Lexicons, text: str, noun: str, expected: str
) -> None:
    token = next(t for t in nlp(text) if t.text == noun)
    assert modality(token, lexicons.cues) == expected


@pytest.mark.parametrize(
    ("text", "noun", "expected"),
    [
        # an event noun that its verb only plans or prepares has not happened
        ("Four men were arrested for plotting attacks in Madrid.", "attacks", "future"),
        ("The opposition planned a march through the capital.", "march", "future"),
        ("The army prepared an offensive against the rebels.", "offensive", "future"),
        # one that its verb carries out has
        ("The army launched an offensive against the rebels.", "offensive", "asserted"),
    ],
)
def test_modality_planned_event_nouns_are_future(
    nlp: Language, lexicons: Lexicons, text: str, noun: str, expected: str
) -> None:
    token = next(t for t in nlp(text) if t.text == noun)
    assert modality(token, lexicons.cues) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # an event noun that is the occasion of a call is no part of what is called for
        ("Macron urged Putin during a telephone call to end the war.", "call", "asserted"),
        # a clause after 'before' in a demand still is
        ("The rebels demanded a truce before allowing aid convoys.", "allowing", "hypothetical"),
    ],
)
def test_modality_occasion_of_a_demand(
    nlp: Language, lexicons: Lexicons, text: str, trigger: str, expected: str
) -> None:
    token = next(t for t in nlp(text) if t.text == trigger)
    assert modality(token, lexicons.cues) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a condition stays a condition when it is negated
        (
            "He said Belarus could ban the transit of goods if the West did not lift the "
            "restrictions.",
            "lift",
            "hypothetical",
        ),
        (
            "Iran will close the strait unless the sanctions are not renewed.",
            "renewed",
            "hypothetical",
        ),
        # a negation outside a condition is still a negation
        ("The West did not lift the restrictions.", "lift", "negated"),
    ],
)
def test_modality_condition_before_negation(
    nlp: Language, lexicons: Lexicons, text: str, trigger: str, expected: str
) -> None:
    token = next(t for t in nlp(text) if t.text == trigger)
    assert modality(token, lexicons.cues) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a time clause of a planned or possible act
        (
            "Merchants said they were preparing convoys to send south as soon as the crossings "
            "opened.",
            "opened",
            "future",
        ),
        ("The army will withdraw once the ceasefire takes hold.", "takes", "future"),
        ("Rebels could attack when the troops leave.", "leave", "hypothetical"),
        # a time clause of an act that happened happened too
        ("The army withdrew after the rebels attacked the town.", "attacked", "asserted"),
    ],
)
def test_modality_time_clause_of_an_unreal_act(
    nlp: Language, lexicons: Lexicons, text: str, trigger: str, expected: str
) -> None:
    token = next(t for t in nlp(text) if t.text == trigger)
    assert modality(token, lexicons.cues) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # what a ban forbids does not happen
        ("The EU banned them from travelling to Europe.", "travelling", "negated"),
        ("The court banned the party from contesting the election.", "contesting", "negated"),
        # but a clause about a noun of the ban is no part of it
        (
            "In 2017, the authorities banned Mwanga for two years over a cartoon that mocked "
            "a cabinet minister.",
            "mocked",
            "asserted",
        ),
    ],
)
def test_modality_ban_negates_what_it_forbids(
    nlp: Language, lexicons: Lexicons, text: str, trigger: str, expected: str
) -> None:
    token = next(t for t in nlp(text) if t.text == trigger)
    assert modality(token, lexicons.cues) == expected
