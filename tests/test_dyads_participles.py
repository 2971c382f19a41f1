"""Who a passive participle names: the doer of what it qualifies ('crimes committed by Croat
forces'), the mediator of talks others hold; and who holds talks an event follows. Real parses of
sentences written for these tests ("this construction gives this source and target")."""

from __future__ import annotations

import pytest
from conftest import dyad_events

from tidings.pipeline.run import Pipeline


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        # the doer a participle names inside the phrase an act is aimed at
        (
            "Serbian military police launched an investigation into crimes committed by "
            "Croat forces.",
            "ACCUSE",
            "SRB",
            "HRV",
        ),
        (
            "The court opened an inquiry into abuses carried out by Ethiopian soldiers.",
            "ACCUSE",
            "",
            "ETH",
        ),
        # the weapon's claimed user did the violence
        (
            "A car bomb claimed by al Shabaab militants exploded outside a hotel in Mogadishu, "
            "killing eight people.",
            "ASSAULT",
            "SOM",
            "",
        ),
        # a mediator or host acts on whoever holds the talks
        (
            "Myanmar's army and the rebels declared a ceasefire after talks mediated by China.",
            "CONSULT",
            "CHN",
            "MMR",
        ),
        (
            "Sudan's foreign minister and South Sudan's foreign minister held three days of "
            "negotiations mediated by the African Union.",
            "CONSULT",
            "IGO",
            "SDN",
        ),
        # who voiced support after talks held them
        (
            "The EU envoy voiced support for Georgia after talks with Foreign Minister "
            "Levan Beridze.",
            "CONSULT",
            "IGO",
            "GEO",
        ),
    ],
)
def test_dyads_participle_agent_and_talks_held(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = dyad_events(pipeline, text)
    assert any(
        e[0] == plover and (not source or e[1] == source) and e[2] == target for e in events
    ), events


def test_dyads_the_mediator_of_talks_is_no_party_to_them(pipeline: Pipeline) -> None:
    events = dyad_events(
        pipeline,
        "Sudan's foreign minister and South Sudan's foreign minister held three days of "
        "negotiations mediated by the African Union.",
    )
    assert ("CONSULT", "SDN", "SSD") in events, events
    assert not any(e[1] in {"SDN", "SSD"} and e[2] == "IGO" for e in events), events


def test_dyads_an_infinitive_of_an_agreement_is_no_mediation(pipeline: Pipeline) -> None:
    events = dyad_events(
        pipeline,
        "Peru and Ecuador signed an agreement on Tuesday to carry out joint patrols along "
        "their shared border.",
    )
    assert not any(e[1] == "" and e[2] in {"PER", "ECU"} for e in events), events


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        # forces moved by a passive without an agent are moved by their own side
        ("Russian troops were stationed in Belarus before the attack.", "RUS", "BLR"),
        ("About 4,000 American soldiers were stationed in Poland last year.", "USA", "POL"),
        ("British troops were stationed in Estonia under the NATO plan.", "GBR", "EST"),
    ],
)
def test_dyads_forces_moved_by_a_passive_are_the_source(
    pipeline: Pipeline, text: str, source: str, target: str
) -> None:
    events = dyad_events(pipeline, text)
    assert ("MOBILIZE", source, target) in events, events


def test_dyads_a_passive_with_an_agent_keeps_its_agent(pipeline: Pipeline) -> None:
    events = dyad_events(pipeline, "Russian troops were stationed in Belarus by Moscow.")
    assert all(e[1] != "" for e in events if e[0] == "MOBILIZE"), events


@pytest.mark.parametrize(
    "text",
    [
        # where a violent act came from is not whom it hit
        "Militants attacked the post from the direction of Afghanistan on Friday.",
        "Gunmen opened fire on the checkpoint from across the border with Syria.",
        "Insurgents attacked the convoy from positions in Pakistan.",
    ],
)
def test_dyads_a_violent_act_is_not_aimed_at_where_it_came_from(
    pipeline: Pipeline, text: str
) -> None:
    events = dyad_events(pipeline, text)
    assert not any(e[2] in {"AFG", "SYR", "PAK"} for e in events if e[0] == "ASSAULT"), events


def test_dyads_a_withdrawal_from_a_country_still_aims_at_it(pipeline: Pipeline) -> None:
    assert ("RETREAT", "RUS", "SYR") in dyad_events(
        pipeline, "Russia withdrew its troops from Syria."
    )


def test_dyads_whose_people_a_violent_act_hits_is_their_from_phrase(pipeline: Pipeline) -> None:
    events = dyad_events(
        pipeline, "Gang members kidnapped 17 missionaries from a U.S.-based charity on Saturday."
    )
    assert any(e[0] == "ASSAULT" and e[2] == "USA" for e in events), events


@pytest.mark.parametrize(
    ("text", "sources"),
    [
        # an event noun signs nothing: the gerund the parser hung on its participle is done
        # by those who held the talks
        (
            "The two delegations held a week of talks hosted by Qatar before signing the "
            "accord in Doha.",
            set(),
        ),
        (
            "Peru's trade minister held two rounds of negotiations chaired by Brazil before "
            "signing the pact.",
            {"PER"},
        ),
        # names the parser hung on the first one's name are coordinated with it
        (
            "Niger's Interior Minister Ali Bako and Chad's defence minister, Moussa Hamid, held "
            "talks mediated by Togo before signing a border accord.",
            {"NER", "TCD"},
        ),
    ],
)
def test_dyads_gerund_beside_a_participle_is_done_by_the_holders(
    pipeline: Pipeline, text: str, sources: set[str]
) -> None:
    events = dyad_events(pipeline, text)
    signers = {e[1] for e in events if e[0] == "SUPPORT"}
    assert "QAT" not in signers and "BRA" not in signers and "TGO" not in signers, events
    assert sources <= signers and (sources or not signers - {""}), events
