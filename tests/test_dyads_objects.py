"""Whom an event is aimed at when its object names nobody, and who a titled surname is: on real
parses, sentences written for these tests ("this construction gives this source and target")."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import dyad_events

from tidings.pipeline.run import Pipeline


def _assert_dyad(pipeline: Pipeline, text: str, source: str, target: str) -> None:
    events = [(s, t) for _, s, t in dyad_events(pipeline, text)]
    assert (source, target) in events, events


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # a participle that names the object's flag or base
        ("Iran's navy seized a Marshall Islands-flagged oil tanker on Thursday.", "IRN", "MHL"),
        ("Somali pirates hijacked a Maltese-flagged bulk carrier on Monday.", "SOM", "MLT"),
        ("Houthi fighters seized a Liberian-flagged cargo ship in the Red Sea.", "YEM", "LBR"),
        # the by-phrase the parser hung on the verb after the object is the object's agent
        ("Iran rejected a proposal by France and Germany to freeze enrichment.", "IRN", "FRA"),
        ("Serbia dismissed an offer by Hungary to mediate the dispute.", "SRB", "HUN"),
        # the from-phrase of the object of a complement
        ("Niger's junta refused to receive a delegation from ECOWAS on Tuesday.", "NER", "IGO"),
        ("Venezuela refused to admit a mission from the European Union.", "VEN", "IGO"),
        # through a phrase that names nobody, once
        (
            "Mali's military rulers revoked their consent for the United Nations mission.",
            "MLI",
            "IGO",
        ),
        # whose the object is comes before where it goes
        (
            "Ethiopia's government allowed a United Nations aid convoy into the Tigray region.",
            "ETH",
            "IGO",
        ),
    ],
)
def test_dyads_object_that_names_nobody_aims_at_the_actor_its_phrase_names(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    _assert_dyad(pipeline, text, source, target)


def test_dyads_a_passive_by_agent_stays_the_source(pipeline: Pipeline) -> None:
    events = dyad_events(pipeline, "The proposal was rejected by France on Monday.")
    assert all(target != "FRA" for _, _, target in events), events


@pytest.mark.parametrize(
    ("text", "day", "source"),
    [
        # a title and a surname too common to be an alias: the holder of that office that year
        ("President Bush threatened further action against Russia.", date(2003, 3, 1), "USA"),
        ("President Bush threatened further action against Iraq.", date(1990, 9, 1), "USA"),
        ("Chancellor Merkel criticised Russia on Monday.", date(2014, 3, 3), "DEU"),
        ("Prime Minister Sharif condemned India on Monday.", date(2016, 9, 20), "PAK"),
    ],
)
def test_dyads_title_and_surname_is_the_office_holder_of_the_day(
    pipeline: Pipeline, text: str, day: date, source: str
) -> None:
    events = dyad_events(pipeline, text, day.isoformat())
    assert events and all(s == source for _, s, _ in events), events


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # a party named by the word 'party' is an actor of the country its phrase or story names
        (
            "Bangladesh's interim government lifted a ban on the Jamaat-e-Islami party.",
            "BGD",
            "BGD",
        ),
        ("Bangladesh's government banned all activities of the Awami League party.", "BGD", "BGD"),
        (
            "The Democratic Party of Albania accused the Socialist government of fraud.",
            "ALB",
            "ALB",
        ),
    ],
)
def test_dyads_a_party_is_an_actor(pipeline: Pipeline, text: str, source: str, target: str) -> None:
    _assert_dyad(pipeline, text, source, target)


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # a definite noun naming a statement made before is aimed at whoever made it
        (
            "Pakistan's foreign ministry accused Afghanistan of harbouring militants on Friday. "
            "Kabul summoned the envoy. In Kabul, a spokesman for Afghanistan's Defense Ministry "
            "rejected the allegation.",
            "AFG",
            "PAK",
        ),
        (
            "Serbia accused Croatia of mistreating ethnic Serbs. Croatia's foreign minister "
            "rejected the accusation on Tuesday.",
            "HRV",
            "SRB",
        ),
        (
            "The opposition demanded new elections. President Museveni rejected the demands "
            "on Monday.",
            "UGA",
            "UGA",
        ),
    ],
)
def test_dyads_the_statement_made_before_is_its_makers(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    events = [(s, t) for p, s, t in dyad_events(pipeline, text, "2019-05-06") if p == "REJECT"]
    assert (source, target) in events, events


def test_dyads_a_statement_named_with_its_maker_keeps_it(pipeline: Pipeline) -> None:
    text = (
        "Serbia accused Croatia of mistreating ethnic Serbs. Croatia's foreign minister "
        "rejected Hungary's accusation on Tuesday."
    )
    events = [(s, t) for p, s, t in dyad_events(pipeline, text) if p == "REJECT"]
    assert ("HRV", "HUN") in events, events


@pytest.mark.parametrize(
    ("text", "plover", "target"),
    [
        # a verb conjoined after another, whose object names nobody, acts on the other's object
        ("Kenyan police arrested the Ugandan journalist and seized his laptops.", "COERCE", "UGA"),
        (
            "Turkish police detained two German tourists and confiscated their passports.",
            "COERCE",
            "DEU",
        ),
        ("Iran's navy seized the Greek tanker and impounded its cargo.", "COERCE", "GRC"),
    ],
)
def test_dyads_a_conjoined_verb_shares_the_object_before(
    pipeline: Pipeline, text: str, plover: str, target: str
) -> None:
    events = dyad_events(pipeline, text)
    assert sum(1 for p, _, t in events if p == plover and t == target) >= 2, events


@pytest.mark.parametrize(
    ("text", "mediator", "holders"),
    [
        (
            "Sudan's foreign minister and South Sudan's foreign minister held three days of"
            " negotiations mediated by the African Union before signing the deal in the"
            " Ethiopian capital.",
            "IGO",
            {"SDN", "SSD"},
        ),
        (
            "Rwanda's foreign minister and Congo's foreign minister held two days of negotiations"
            " mediated by Qatar before signing the deal in the American capital.",
            "QAT",
            {"RWA", "COD"},
        ),
    ],
)
def test_dyads_a_mediator_acts_on_the_talk_holders_not_on_the_place(
    pipeline: Pipeline, text: str, mediator: str, holders: set[str]
) -> None:
    events = dyad_events(pipeline, text)
    aimed = {t for plover, s, t in events if s == mediator and plover == "CONSULT"}
    assert aimed == holders, events


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # an earlier mention gives the actor its country
        (
            "The Malian junta took power in 2021. On Monday the junta expelled the French"
            " ambassador.",
            "MLI",
            "FRA",
        ),
        (
            "The Burmese army seized power in February. The army arrested two British journalists.",
            "MMR",
            "GBR",
        ),
        # a definite noun for a kind of actor: the one actor of that kind named just before
        ("The BBC reported the strike. The broadcaster denounced Russia.", "GBR", "RUS"),
        (
            "Al Jazeera aired the video. The broadcaster later accused Israel of targeting its"
            " journalists.",
            "QAT",
            "ISR",
        ),
        (
            "Pakistan rejected India's claims. The country accused Afghanistan of sheltering"
            " militants.",
            "PAK",
            "AFG",
        ),
        (
            "Japan protested the missile launch. The country summoned China's ambassador.",
            "JPN",
            "CHN",
        ),
    ],
)
def test_dyads_an_actor_takes_its_country_from_what_the_text_named_before(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    _assert_dyad(pipeline, text, source, target)


@pytest.mark.parametrize(
    "text",
    [
        "India and China signed a border pact on Monday. Both governments condemned the attack.",
        "India signed a border pact with China on Monday. Both governments later condemned the"
        " attack.",
    ],
)
def test_dyads_both_governments_are_the_two_countries_named_before(
    pipeline: Pipeline, text: str
) -> None:
    sources = {s for plover, s, _ in dyad_events(pipeline, text) if plover == "ACCUSE"}
    assert sources == {"IND", "CHN"}


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("The junta expelled the French ambassador.", "MIL", "FRA"),
        ("Protesters attacked the American embassy.", "CVL", "USA"),
        ("The army detained two Turkish diplomats.", "MIL", "TUR"),
    ],
)
def test_dyads_a_sector_never_takes_the_country_of_the_envoy_it_faces(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    _assert_dyad(pipeline, text, source, target)
