"""Who acts on whom, on real parses: the source of an event noun, the target a pattern did not
name, completing a dyad (the subject of a verb is tests/test_syntax.py's)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from tidings.components.events.dyads import between, complete_dyad, implicit_target, noun_source
from tidings.lexicons import Lexicons
from tidings.models import Actor, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline
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


def test_dyads_complete_dyad_prefers_an_earlier_mention_to_the_partner() -> None:
    source, _ = complete_dyad(POLICE, FRANCE, lambda actor: "KEN" if actor.sector else "")
    assert source is not None and source.code == "KENCOP"


def _events(pipeline: Pipeline, text: str) -> list[tuple[str, str, str]]:
    record = pipeline(
        RawDocument(SourceRef("t"), text, published=date(2024, 5, 6), has_header=False)
    )
    return [
        (e.plover or "", e.source.code if e.source else "", e.target.code if e.target else "")
        for e in record.events
        if e.plover
    ]


def _has(events: list[tuple[str, str, str]], plover: str, source: str, target: str) -> bool:
    return any(e[0] == plover and e[1][:3] == source[:3] and e[2][:3] == target[:3] for e in events)


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # coordinated actors doing something with each other: one event, the first on the other
        ("Thai and Cambodian troops exchanged fire along the border.", "ASSAULT", "THA", "KHM"),
        ("Tajikistan and Kyrgyzstan declared a ceasefire on Saturday.", "RETREAT", "TJK", "KGZ"),
        ("Chile and Peru launched joint naval patrols in the Pacific.", "COOPERATE", "CHL", "PER"),
        ("The presidents of Ghana and Togo met in Accra on Monday.", "CONSULT", "GHA", "TGO"),
    ],
)
def test_dyads_coordinated_actors_of_a_reciprocal_event_pair_up(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = _events(pipeline, text)
    assert _has(events, plover, source, target), events
    # not one event each with nobody
    assert not any(e[0] == plover and e[2] == "" for e in events), events


def test_dyads_coordinated_actors_of_a_one_sided_event_stay_apart(pipeline: Pipeline) -> None:
    events = _events(pipeline, "France and Germany sent aid on Monday.")
    assert not any(e[1][:3] == "FRA" and e[2][:3] == "DEU" for e in events), events


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # the parties of an event noun hold it together
        (
            "The talks between Serbian and Kosovar negotiators lasted two hours.",
            "CONSULT",
            "SRB",
            "XKX",
        ),
        ("Negotiations between Armenia and Azerbaijan resumed in Geneva.", "CONSULT", "ARM", "AZE"),
        # with a source of their own they are its target
        (
            "Norway brokered a new round of negotiations between Sudan and Chad.",
            "CONSULT",
            "NOR",
            "TCD",
        ),
        (
            "Qatar hosted talks between the Afghan government and the Taliban.",
            "CONSULT",
            "QAT",
            "AFG",
        ),
    ],
)
def test_dyads_parties_between_whom_an_event_is(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = _events(pipeline, text)
    assert _has(events, plover, source, target), events


def test_dyads_between_finds_the_parties(nlp: Language) -> None:
    noun = word(nlp, "A round of talks between Chad and Sudan began.", "round")
    assert text_of(between(noun)) == "Chad"
    assert between(word(nlp, "The talks began in Doha.", "talks")) is None


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # a device or a passive without agent: the unidentified forces of the place
        ("A roadside bomb struck an army patrol near Kandahar on Monday.", "AFGUAF", "AFG"),
        ("A car bomb exploded in Mosul on Friday, wounding two police officers.", "IRQUAF", "IRQ"),
        ("A judge was shot dead outside his home in Medellin on Tuesday.", "COLUAF", "COL"),
        # the place before the victim's country
        ("A landmine killed three French soldiers near Gao on Sunday.", "MLIUAF", "FRA"),
    ],
)
def test_dyads_unattributed_violence_is_the_places_unidentified_forces(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    events = _events(pipeline, text)
    assert _has(events, "ASSAULT", source, target), events
    assert any(e[1].endswith("UAF") for e in events), events


@pytest.mark.parametrize(
    "text",
    [
        # a named doer, even an unresolved pronoun, is not replaced
        "They shot a judge outside his home in Medellin on Tuesday.",
        "Rebels attacked an army patrol near Kandahar on Monday.",
    ],
)
def test_dyads_a_named_doer_is_not_unidentified(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert not any(e[1].endswith("UAF") for e in events), events


@pytest.mark.parametrize(
    "text",
    [
        "A magnitude 7.1 earthquake struck southern Mexico on Tuesday, killing 12 people.",
        "A plane crash killed the governor of the province on Friday.",
        "Floods hit northern Pakistan on Monday.",
    ],
)
def test_dyads_forces_of_nature_do_nothing(pipeline: Pipeline, text: str) -> None:
    assert not any(e[0] == "ASSAULT" for e in _events(pipeline, text))


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # a bare number as an argument counts people of the place
        ("Belarusian police arrested 30 in Minsk on Sunday.", "COERCE", "BLRCOP", "BLRCVL"),
        ("Gunmen killed 12 in a village in northern Nigeria.", "ASSAULT", "NGAUAF", "NGACVL"),
        # a role named by several words
        ("Gunmen wounded two police officers in Lagos.", "ASSAULT", "NGAUAF", "NGACOP"),
    ],
)
def test_dyads_numbers_and_role_phrases_are_people(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = _events(pipeline, text)
    assert (plover, source, target) in events, events


def test_dyads_an_amount_is_not_people(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Police seized 212 of the 350 rifles in Lagos.")
    assert not any(e[2].endswith("CVL") for e in events), events


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Lithuania expelled a Russian diplomat, accusing him of spying.", "LTU", "RUS"),
        ("Mali expelled three French diplomats, accusing them of meddling.", "MLI", "FRA"),
    ],
)
def test_dyads_an_object_pronoun_is_the_object_before(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    assert _has(_events(pipeline, text), "ACCUSE", source, target)


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # an act aimed at another act is aimed at whoever did it
        (
            "Kenyan prosecutors opened an investigation into the killing of a teacher by police.",
            "ACCUSE",
            "KEN",
            "KEN",
        ),
        ("Turkey condemned the shelling of the town by Syrian forces.", "ACCUSE", "TUR", "SYR"),
        # a preposition of a clause complement is not the trigger's
        (
            "China demanded that the Philippines withdraw its ship from the shoal.",
            "REQUEST",
            "CHN",
            "PHL",
        ),
        ("Serbia demanded that Kosovo remove its police from the north.", "REQUEST", "SRB", "XKX"),
    ],
)
def test_dyads_target_of_an_act_and_of_a_clause(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = _events(pipeline, text)
    assert _has(events, plover, source, target), events


def test_dyads_the_doer_of_an_act_aimed_at_is_its_agent(pipeline: Pipeline) -> None:
    text = "Kenyan prosecutors opened an investigation into the killing of a teacher by police."
    targets = [
        e.target.text
        for e in pipeline(
            RawDocument(SourceRef("t"), text, published=date(2024, 5, 6), has_header=False)
        ).events
        if e.target
    ]
    assert "police" in targets and "teacher" not in " ".join(targets)


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # an event noun's target in the phrases of the verb that carries it out
        (
            "Indonesian students staged protests to demand reforms by the government.",
            "PROTEST",
            "IDN",
            "IDN",
        ),
        (
            "Kenyan police launched a crackdown against Somali traders in Nairobi.",
            "ASSAULT",
            "KEN",
            "SOM",
        ),
        # an event after which another is asked for is an event of its own
        (
            "Zelenskiy appealed for air defences after a night of Russian missile attacks on Kyiv.",
            "ASSAULT",
            "RUS",
            "UKR",
        ),
    ],
)
def test_dyads_event_noun_target_through_its_verb(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = _events(pipeline, text)
    assert _has(events, plover, source, target), events


def test_dyads_event_noun_is_not_aimed_at_its_place(pipeline: Pipeline) -> None:
    events = _events(
        pipeline, "Kenya's police chief ordered the deployment of extra officers in Nairobi."
    )
    assert not any(e[0] == "MOBILIZE" and e[2] for e in events), events


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # the occasion of a speech act is an event of its own, between the speaker and the
        # one spoken to
        (
            "France's president urged Iran's president during a telephone call to free the "
            "hostages.",
            "CONSULT",
            "FRA",
            "IRN",
        ),
        (
            "Egypt's foreign minister praised Jordan's king during a visit to Amman.",
            "CONSULT",
            "EGY",
            "JOR",
        ),
    ],
)
def test_dyads_occasion_of_a_speech_act(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = _events(pipeline, text)
    assert _has(events, plover, source, target), events


def test_dyads_occasion_is_not_held_by_whoever_acts_during_it(pipeline: Pipeline) -> None:
    text = "The U.N. rights office launched an inquiry into abuses during the July protests."
    assert not [e for e in _events(pipeline, text) if e[0] == "PROTEST" and e[1]]


@pytest.mark.parametrize(
    ("text", "plover", "source"),
    [
        # the forces an actor moves are its own, not the target of the move
        ("Britain mobilized army reservists on Tuesday.", "MOBILIZE", "GBR"),
        ("NATO put thousands of troops on standby on Monday.", "MOBILIZE", "IGO"),
        ("Peru's government deployed soldiers to help the police in Lima.", "MOBILIZE", "PER"),
    ],
)
def test_dyads_own_forces_are_not_the_target(
    pipeline: Pipeline, text: str, plover: str, source: str
) -> None:
    events = [e for e in _events(pipeline, text) if e[0] == plover]
    assert events and all(e[1][:3] == source and e[2] == "" for e in events), events


def test_dyads_foreign_forces_are_a_target(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Russia massed troops near Ukrainian army positions on Monday.")
    assert not any(e[2] == "RUSMIL" for e in events), events


@pytest.mark.parametrize(
    "text",
    [
        "Poland and Lithuania began joint military exercises near the border.",
        "Egypt and Jordan held joint naval drills in the Red Sea.",
    ],
)
def test_dyads_a_sector_word_in_the_object_is_no_target(pipeline: Pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert events and not any(e[2].endswith(("MIL", "NAV")) for e in events), events


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # a complaint is aimed at what it is about, not at whom it is made to
        (
            "Ukraine complained to the United Nations about Russian shelling of its nuclear plant.",
            "UKR",
            "RUS",
        ),
        (
            "Greece lodged a complaint with the European Commission over Turkish drilling near "
            "Crete.",
            "GRC",
            "TUR",
        ),
        ("Lebanon complained to the Security Council about Israel.", "LBN", "ISR"),
        # unless what it is about names no doer: then the addressee is the offender
        ("Japan protested to China over the detention of a Japanese businessman.", "JPN", "CHN"),
    ],
)
def test_dyads_complaint_aims_at_what_it_is_about(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    events = [e for e in _events(pipeline, text) if e[0] == "ACCUSE"]
    assert events and all(e[1][:3] == source and e[2][:3] == target for e in events), events


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # 'we' in a quote is the body of whoever says it
        ('"We will attack Israel," the Iranian army said on Monday.', "IRNMIL"),
        (
            '"We are ready to sign a peace deal with Armenia," the Azerbaijani government said.',
            "AZEGOV",
        ),
    ],
)
def test_dyads_we_in_a_quote_is_the_speakers_body(
    pipeline: Pipeline, text: str, source: str
) -> None:
    events = _events(pipeline, text)
    assert events and all(e[1] == source for e in events), events


def test_dyads_we_outside_a_quote_is_nobody(pipeline: Pipeline) -> None:
    text = "The Iranian army held drills on Sunday. We will attack Israel next week."
    events = [e for e in _events(pipeline, text) if e[0] == "THREATEN"]
    assert not any(e[1] for e in events), events


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # 'US' is a country, not the pronoun 'us'
        ("China demanded that the US cancel arms sales to Taiwan.", "REQUEST", "CHN", "USA"),
        ('"We will impose sanctions on Iran," the US said.', "THREATEN", "USA", "IRN"),
    ],
)
def test_dyads_us_is_no_pronoun(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = _events(pipeline, text)
    assert _has(events, plover, source, target), events
