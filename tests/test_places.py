"""Places: toponyms found in real parses and resolved by the article's context."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tidings.components.places.resolve import Places
from tidings.lexicons import LexiconError, load_lexicons
from tidings.models import ArticleRecord, Place, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline


def run(pipeline: Pipeline, text: str, published: date = date(2021, 5, 4)) -> ArticleRecord:
    return pipeline(RawDocument(SourceRef("test"), text, published=published))


def found(record: ArticleRecord, text: str) -> Place:
    # The NER takes in a leading "the" with some names ("the Gaza Strip"); either is right.
    matches = [p for p in record.places if p.text in (text, f"the {text}")]
    assert matches, f"no place {text!r} in {[p.text for p in record.places]}"
    return matches[0]


@pytest.mark.parametrize(
    ("text", "toponym", "country", "kind"),
    [
        (
            "Protesters filled the streets of Tbilisi on Sunday. Georgia has again asked "
            "Russia to pull its soldiers out of Abkhazia.",
            "Georgia",
            "GEO",
            "country",
        ),
        (
            "Long queues formed at polling stations in Atlanta and Savannah on Tuesday. "
            "Georgia will certify the results next week.",
            "Georgia",
            "USA",
            "region",
        ),
        (
            "Georgia's governor declared an emergency on Friday as floods hit the coast.",
            "Georgia",
            "USA",
            "region",
        ),
        (
            "Gunmen clashed in Tripoli overnight. The Lebanese army deployed troops and "
            "Beirut called for calm.",
            "Tripoli",
            "LBN",
            "city",
        ),
        (
            "Militias traded fire in Tripoli as Libyan officials met in Benghazi.",
            "Tripoli",
            "LBY",
            "city",
        ),
        ("A tornado struck Paris, Texas, late on Sunday.", "Paris", "USA", "city"),
        ("The summit in Paris ended without a deal, US officials said.", "Paris", "FRA", "city"),
    ],
)
def test_places_ambiguous_names_follow_context(
    pipeline: Pipeline, text: str, toponym: str, country: str, kind: str
) -> None:
    place = found(run(pipeline, text), toponym)
    assert (place.country, place.kind) == (country, kind)
    assert place.lat is not None and place.lon is not None


@pytest.mark.parametrize(
    ("text", "toponym", "name", "country"),
    [
        ("Artillery fire was heard across the Donbas on Monday.", "Donbas", "Donbas", "UKR"),
        ("Moscow seized the Crimean peninsula in 2014.", "Crimean peninsula", "Crimea", "UKR"),
        ("Aid trucks entered the Gaza Strip at dawn.", "Gaza Strip", "Gaza Strip", "PSE"),
        (
            "Energy prices rose sharply in Scandinavia this winter.",
            "Scandinavia",
            "Scandinavia",
            "",
        ),
        ("Officials from the Baltics met in Brussels.", "Baltics", "Baltics", ""),
        ("Allied jets patrol the Baltics region.", "Baltics region", "Baltics", ""),
        (
            "Separatists still hold parts of eastern Ukraine.",
            "eastern Ukraine",
            "eastern Ukraine",
            "UKR",
        ),
        ("Turkish troops crossed into northern Syria.", "northern Syria", "northern Syria", "SYR"),
        ("Air strikes hit villages in western Syria.", "western Syria", "western Syria", "SYR"),
    ],
)
def test_places_regions_and_directions(
    pipeline: Pipeline, text: str, toponym: str, name: str, country: str
) -> None:
    place = found(run(pipeline, text), toponym)
    assert (place.name, place.country, place.kind) == (name, country, "region")
    assert place.lat is not None


@pytest.mark.parametrize(
    ("toponym", "country", "lat", "lon"),
    [
        ("Aleppo", "SYR", 36.2, 37.15),
        ("Kyiv", "UKR", 50.45, 30.52),
        ("Lagos", "NGA", 6.45, 3.39),
        ("Nairobi", "KEN", -1.29, 36.82),
        ("Bogota", "COL", 4.61, -74.08),
    ],
)
def test_places_cities_have_coordinates(
    pipeline: Pipeline, toponym: str, country: str, lat: float, lon: float
) -> None:
    text = "Officials in Aleppo, Kyiv, Lagos, Nairobi and Bogota reported fuel shortages."
    place = found(run(pipeline, text), toponym)
    assert (place.kind, place.country) == ("city", country)
    assert place.lat is not None and place.lon is not None
    assert abs(place.lat - lat) < 1 and abs(place.lon - lon) < 1


@pytest.mark.parametrize(
    ("text", "toponym"),
    [
        ("Rebels seized the town of Velmorakh on Tuesday.", "Velmorakh"),
        ("Troops withdrew from the village of Kasr Amlah near the border.", "Kasr Amlah"),
        # a name before a noun of a site
        ("The two armies fought over the Heglig oil field in 2012.", "Heglig"),
        ("Militants shelled the Velmorakh air base overnight.", "Velmorakh"),
    ],
)
def test_places_unknown_toponyms_are_kept(pipeline: Pipeline, text: str, toponym: str) -> None:
    place = found(run(pipeline, text), toponym)
    assert (place.name, place.country, place.kind) == (toponym, "", "other")
    assert place.lat is None and place.lon is None
    assert place.span is not None and text[place.span[0] : place.span[1]] == toponym


@pytest.mark.parametrize(
    ("text", "toponym", "country", "kind"),
    [
        (
            "Gunmen attacked a police post in Pakistan's Dir Bala district.",
            "Dir Bala",
            "PAK",
            "region",
        ),
        (
            "Two farmers from the village of Velmorakh near Gori were detained.",
            "Velmorakh",
            "GEO",
            "other",
        ),
        ("Rebels seized the town of Velmorakh, Syria, on Tuesday.", "Velmorakh", "SYR", "other"),
    ],
)
def test_places_unknown_toponyms_take_country_from_grammar_or_neighbours(
    pipeline: Pipeline, text: str, toponym: str, country: str, kind: str
) -> None:
    place = found(run(pipeline, text), toponym)
    assert (place.country, place.kind, place.lat) == (country, kind, None)


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        (
            "TRIPOLI (Reuters) - Gunmen clashed overnight in the port city, and the Lebanese "
            "army sent troops from Beirut to restore calm.",
            "Tripoli",
            "LBN",
        ),
        ("KABUL (AP) — A bomb exploded outside a mosque on Friday, police said.", "Kabul", "AFG"),
    ],
)
def test_places_dateline_comes_first(
    pipeline: Pipeline, text: str, name: str, country: str
) -> None:
    record = pipeline(RawDocument(SourceRef("test"), text, has_header=False))
    first = record.places[0]
    assert (first.name, first.country, first.source, first.span) == (
        name,
        country,
        "dateline",
        None,
    )


@pytest.mark.parametrize(
    ("text", "not_places"),
    [
        (
            "The Russian foreign minister met his Lithuanian counterpart in Vienna.",
            {"Russian", "Lithuanian"},
        ),
        ("Tensions grew between the West and Moscow.", {"West"}),
        ("In March, the envoy visited Kyiv.", {"March"}),
        ("Basketball star Michael Jordan visited Amman. Jordan praised the city.", {"Jordan"}),
        ("The UN said the UN office in Geneva would stay open.", {"UN"}),
        # a field of candidates is no site
        ("The Republican field debated in Ohio.", {"Republican"}),
    ],
)
def test_places_skips_adjectives_blocs_dates_and_people(
    pipeline: Pipeline, text: str, not_places: set[str]
) -> None:
    record = run(pipeline, text)
    assert not {p.text for p in record.places} & not_places
    assert record.places, "the sentence's real place is still found"


def test_places_country_named_as_actor_is_a_place(pipeline: Pipeline) -> None:
    record = run(pipeline, "Russia annexed the peninsula after Lithuania protested.")
    assert {(p.text, p.country, p.kind) for p in record.places} >= {
        ("Russia", "RUS", "country"),
        ("Lithuania", "LTU", "country"),
    }


def test_places_spans_point_into_the_text(pipeline: Pipeline) -> None:
    record = run(
        pipeline, "Shelling near Donetsk and Kharkiv continued as Kyiv appealed to Poland."
    )
    assert record.places
    for place in record.places:
        assert place.span is not None
        assert record.article.text[place.span[0] : place.span[1]] == place.text
        assert place.source == "clause"


def test_places_component_declares_its_inputs() -> None:
    component = Places(load_lexicons())
    assert component.name == "places"
    assert component.requires == ("mentions",)
    assert component.provides == ("places",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[words]\ndirections = 3\n", "directions"),
        ("[words\n", "places.toml:1: Expected"),
    ],
)
def test_places_bad_word_file_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "places.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicons(tmp_path)
    assert f"{path}:" in str(info.value)


def test_places_baltic_key(
    pipeline: Pipeline, baltic_text: str, baltic_key: dict[str, Any]
) -> None:
    record = run(pipeline, baltic_text, date(2015, 7, 28))
    for item in baltic_key["places"]:
        matching = [
            p
            for p in record.places
            if item["name"].lower() in p.name.lower()
            and ("country" not in item or p.country == item["country"])
            and ("kind" not in item or p.kind == item["kind"])
        ]
        assert matching, f"no place for {item} in {[(p.name, p.country) for p in record.places]}"
