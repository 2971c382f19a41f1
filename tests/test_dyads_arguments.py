"""Who acts on whom in whole sentences (real parses, the whole pipeline): constructions whose
source or target the coder once got wrong, each with several sentences."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.models import Actor, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline

Dyad = tuple[str, str, str]  # (PLOVER type, source country, target country)


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
        # the participle the parser took for a subject clause qualifies the noun before it
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
)
def test_dyads_arguments_a_participle_after_the_subject_qualifies_it(
    pipeline: Pipeline, text: str, expected: Dyad
) -> None:
    assert expected in dyads(pipeline, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # provinces the gazetteer knows stand for their country
        (
            "The government of Sindh province ordered patrols by police and soldiers.",
            ("MOBILIZE", "PAK", ""),
        ),
        ("Gunmen killed four policemen in Anbar province on Monday.", ("ASSAULT", "IRQ", "IRQ")),
        ("Protesters in Helmand accused the governor of corruption.", ("ACCUSE", "AFG", "AFG")),
    ],
)
def test_dyads_arguments_a_province_names_its_country(
    pipeline: Pipeline, text: str, expected: Dyad
) -> None:
    assert expected in dyads(pipeline, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capital's name is the city the places resolved in its context
        (
            "Syrian officers ended mediation between rival militias in Tripoli as shells "
            "crashed into the north Lebanese port.",
            ("SANCTION", "SYR", "LBN"),
        ),
        (
            "Gunmen in Tripoli, the Lebanese port city, killed two soldiers.",
            ("ASSAULT", "LBN", "LBN"),
        ),
        # and its country's where nothing says otherwise
        ("Libyan militias in Tripoli killed two soldiers.", ("ASSAULT", "LBY", "LBY")),
    ],
)
def test_dyads_arguments_a_capital_is_the_place_resolved(
    pipeline: Pipeline, text: str, expected: Dyad
) -> None:
    assert expected in dyads(pipeline, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # unattributed violence: the place its weapon's phrase names, before the victim's country
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
)
def test_dyads_arguments_unattributed_violence_is_where_its_weapon_was(
    pipeline: Pipeline, text: str, expected: Dyad
) -> None:
    assert expected in dyads(pipeline, text)
