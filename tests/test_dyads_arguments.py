"""Who acts on whom in whole sentences (real parses, the whole pipeline): constructions whose
source or target the coder once got wrong, each with several sentences."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.models import Actor, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline

Dyad = tuple[str, str, str]  # (PLOVER type, source country, target country)

# behaviour -> sentences and one countable dyad each must give
CONSTRUCTIONS: dict[str, list[tuple[str, Dyad]]] = {
    # the participle the parser took for a subject clause qualifies the noun before it
    "a participle after the subject qualifies it": [
        (
            "The Red Cross operating in Iraq said US and British forces must ensure security.",
            ("REQUEST", "NGO", "USA"),
        ),
        (
            "The Red Cross working in Syria said government forces must let convoys pass.",
            ("REQUEST", "NGO", "SYR"),
        ),
        (
            "The Red Cross operating in Ukraine urged Russia to allow access.",
            ("REQUEST", "NGO", "RUS"),
        ),
    ],
    # provinces the gazetteer knows stand for their country
    "a province names its country": [
        (
            "The government of Sindh province ordered patrols by police and soldiers.",
            ("MOBILIZE", "PAK", ""),
        ),
        ("Gunmen killed four policemen in Anbar province on Monday.", ("ASSAULT", "IRQ", "IRQ")),
        ("Protesters in Helmand accused the governor of corruption.", ("ACCUSE", "AFG", "AFG")),
    ],
    # a capital's name is the city the places resolved in its context, else the capital
    "a capital is the place resolved": [
        (
            "Syrian officers ended mediation between rival militias in Tripoli as shells "
            "crashed into the north Lebanese port.",
            ("SANCTION", "SYR", "LBN"),
        ),
        (
            "Gunmen in Tripoli, the Lebanese port city, killed two soldiers.",
            ("ASSAULT", "LBN", "LBN"),
        ),
        ("Libyan militias in Tripoli killed two soldiers.", ("ASSAULT", "LBY", "LBY")),
    ],
    # unattributed violence: the place its weapon's phrase names, before the victim's country
    "unattributed violence is where its weapon was": [
        (
            "A roadside bombing near the town of Samarra killed one U.S. soldier.",
            ("ASSAULT", "IRQ", "USA"),
        ),
        (
            "A car bomb near a market in Kandahar killed two Canadian soldiers.",
            ("ASSAULT", "AFG", "CAN"),
        ),
        (
            "A suicide attack outside a Kabul hotel wounded three German diplomats.",
            ("ASSAULT", "AFG", "DEU"),
        ),
    ],
    # a protest over a policy nobody is named as owning aims at the protesters' government; a
    # named owner is the target; without a policy, no target is guessed
    "a protest over a policy aims at its owner": [
        (
            "Nigerian workers went on strike over a cut in fuel subsidies.",
            ("PROTEST", "NGA", "NGA"),
        ),
        (
            "Thousands of Greek pensioners rallied on Sunday against new austerity measures.",
            ("PROTEST", "GRC", "GRC"),
        ),
        (
            "South Korean doctors walked off the job in protest at a plan to admit more students.",
            ("PROTEST", "KOR", "KOR"),
        ),
        ("French farmers protested against EU farm rules on Monday.", ("PROTEST", "FRA", "IGO")),
        ("Serbian students blocked a motorway on Saturday.", ("PROTEST", "SRB", "")),
    ],
    # 'affiliated with', 'belonging to': the body an actor is part of says whose it is
    "a member's body names its country": [
        (
            "Workers affiliated with the Serbian Workers' Union stopped work on Monday.",
            ("PROTEST", "SRB", ""),
        ),
        (
            "Nurses affiliated with the Zimbabwe Nurses Association went on strike on Monday.",
            ("PROTEST", "ZWE", ""),
        ),
        (
            "Teachers belonging to the Kenya National Union of Teachers went on strike over pay.",
            ("PROTEST", "KEN", ""),
        ),
    ],
    # 'its commitment to ECOWAS': whom an object noun is owed to names the target
    "the party an object is owed to is the target": [
        (
            "Mali's junta reneged on its commitment to ECOWAS to hold elections.",
            ("REJECT", "MLI", "IGO"),
        ),
        (
            "Serbia's president reneged on his commitment to the European Union to hold talks.",
            ("REJECT", "SRB", "IGO"),
        ),
        (
            "Hamas backed away from its promise to Egypt to free the hostages.",
            ("RETREAT", "PSE", "EGY"),
        ),
    ],
    # an agentless passive of what only authorities do, placed in a country: its state did it
    "authorities of the country named do what the passive leaves agentless": [
        (
            "A US national has been put under investigation in Italy over the riots.",
            ("ACCUSE", "ITA", "USA"),
        ),
        (
            "A Canadian missionary was arrested in Lebanon on Tuesday.",
            ("COERCE", "LBN", "CAN"),
        ),
        (
            "An Australian journalist was charged with espionage in Myanmar.",
            ("COERCE", "MMR", "AUS"),
        ),
        # a city's or region's holder is not known from the place alone
        ("Two British tourists were detained in Dubai on Monday.", ("COERCE", "", "GBR")),
    ],
    # forces readied 'for a war against X' are readied against X
    "forces readied for a hostile act aim at whom it is against": [
        (
            "Britain mobilized army reservists for a possible war against Iraq on Tuesday.",
            ("MOBILIZE", "GBR", "IRQ"),
        ),
        (
            "Russia massed troops on the border for an offensive against Ukraine.",
            ("MOBILIZE", "RUS", "UKR"),
        ),
        (
            "Ethiopia mobilized militias for a war against Eritrea.",
            ("MOBILIZE", "ETH", "ERI"),
        ),
    ],
    # an act named as the purpose of sending someone is done to whoever is where they go
    "the purpose of a sending is done where it sends": [
        (
            "The United Nations has sent 21 officers to Bosnia to investigate the ceasefire.",
            ("ACCUSE", "IGO", "BIH"),
        ),
        (
            "The IAEA sent inspectors to Iran to investigate uranium traces.",
            ("ACCUSE", "IGO", "IRN"),
        ),
        (
            "The European Union dispatched experts to Moldova to investigate the vote.",
            ("ACCUSE", "IGO", "MDA"),
        ),
    ],
    # a sector named without a country is the one of that sector named before it in the
    # sentence, not its opponent's
    "a bare sector is the one named before it": [
        (
            "Chadian and Nigerien forces carried out a joint operation against Boko Haram "
            "insurgents on Monday, killing 40 fighters.",
            ("ASSAULT", "TCD", "NGA"),
        ),
        (
            "Hezbollah militants attacked an Israeli post, and Israeli troops later arrested "
            "two fighters.",
            ("COERCE", "ISR", "LBN"),
        ),
        (
            "French troops carried out a joint raid on Houthi rebels with Saudi forces, killing "
            "nine fighters.",
            ("ASSAULT", "FRA", "YEM"),
        ),
    ],
}


def dyads(pipeline: Pipeline, text: str) -> list[Dyad]:
    """The countable events of a sentence at the scorer's level: type, and the first three
    letters of each actor's code."""
    record = pipeline(
        RawDocument(SourceRef("t"), text, published=date(2024, 5, 6), has_header=False)
    )
    return [
        (e.plover or "", _country(e.source), _country(e.target))
        for e in record.events
        if e.plover and e.modality in {"asserted", "reported"}
    ]


def _country(actor: Actor | None) -> str:
    return actor.code[:3] if actor else ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(text, expected, id=f"{behaviour}: {text[:40]}")
        for behaviour, cases in CONSTRUCTIONS.items()
        for text, expected in cases
    ],
)
def test_dyads_arguments_construction_gives_its_dyad(
    pipeline: Pipeline, text: str, expected: Dyad
) -> None:
    found = dyads(pipeline, text)
    assert expected in found, found
