"""The lexicons: every table and word list the components use, loaded and checked once.

:func:`load_lexicons` reads the bundled files under ``tidings/lexicons/data`` (TSV tables and
TOML word lists), replaced or extended by a user override directory (see
:mod:`tidings.lexicons.loader`), checks each file and the references between them (every CAMEO
code of a pattern is in cameo.tsv, every organisation's country in countries.tsv, ...), and
returns one frozen :class:`Lexicons`. Components get it explicitly, so one process can hold two
lexicon versions. A bad file raises :class:`LexiconError` reading ``path:line: problem``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from tidings.errors import LexiconError
from tidings.lexicons.leaders import Leaders, load_leaders
from tidings.lexicons.loader import DATA_DIR, LexiconFiles, TomlDoc, tsv_row_count
from tidings.lexicons.patterns import EventPatterns, load_patterns
from tidings.lexicons.tables import (
    SECTORS,
    CameoCode,
    Country,
    OrganizationEntry,
    Region,
    Role,
    country_surface_forms,
    load_cameo,
    load_cameo_countries,
    load_countries,
    load_organizations,
    load_regions,
    load_roles,
    organization_surface_forms,
    plover_for,
    region_surface_forms,
)
from tidings.lexicons.time_words import TimeWords, load_time_words
from tidings.lexicons.units import Units, load_units
from tidings.lexicons.words import (
    ActorWords,
    Boilerplate,
    Cues,
    EventWords,
    PlaceWords,
    SpeechData,
    load_actor_words,
    load_boilerplate,
    load_cues,
    load_event_words,
    load_place_words,
    load_speech,
)

__all__ = [
    "DATA_DIR",
    "SECTORS",
    "CameoCode",
    "Country",
    "LexiconError",
    "Lexicons",
    "LoadedFile",
    "OrganizationEntry",
    "Region",
    "Role",
    "load_lexicons",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class LoadedFile:
    """One file in use, for `tidings lexicons check`: name, where from, how many entries."""

    name: str
    path: Path
    role: str
    entries: int


@dataclass(frozen=True, eq=False)
class Lexicons:
    """Every table and word list, checked; equal only to itself (so it can key caches)."""

    cameo: Mapping[str, CameoCode]
    countries: Mapping[str, Country]
    # CAMEO's own country code -> the ISO3 code tidings emits ("JAP" -> "JPN"), for reading data
    # coded with CAMEO's codes.
    cameo_countries: Mapping[str, str]
    organizations: tuple[OrganizationEntry, ...]
    roles: Mapping[str, Role]
    regions: tuple[Region, ...]
    leaders: Leaders
    patterns: EventPatterns
    cues: Cues
    speech: SpeechData
    actor_words: ActorWords
    event_words: EventWords
    place_words: PlaceWords
    boilerplate: Boilerplate
    time_words: TimeWords
    units: Units
    # Surface form (exact case) -> (ISO3, "name" | "adjective" | "capital").
    country_forms: Mapping[str, tuple[str, str]]
    # Name or alias (exact case) -> organisation; lower-cased name or alias -> region.
    organization_forms: Mapping[str, OrganizationEntry]
    region_forms: Mapping[str, Region]
    files: tuple[LoadedFile, ...] = ()
    # A short hash over every file in use (bundled and overrides): what coded a run's events.
    fingerprint: str = ""
    override_dir: Path | None = None
    _derived: dict[Callable[[Any], Any], Any] = field(default_factory=dict, repr=False)

    def derive(self, build: Callable[[Lexicons], T]) -> T:
        """What `build` makes of these lexicons, built once per Lexicons (an index, a
        gazetteer): never a module-level cache, so two versions never mix."""
        try:
            return self._derived[build]  # type: ignore[no-any-return]
        except KeyError:
            made = self._derived[build] = build(self)
            return made

    def plover_for(self, code: str) -> tuple[str, str, str]:
        """(PLOVER type, mode, context) of a CAMEO code, from the code or its parent."""
        return plover_for(self.cameo, code)

    def cameo_name(self, code: str) -> str:
        """The canonical name of a CAMEO code; KeyError for an unknown code."""
        try:
            return self.cameo[code].name
        except KeyError:
            raise KeyError(f"unknown CAMEO code {code!r}") from None


def load_lexicons(override_dir: Path | None = None) -> Lexicons:
    """Read and check every lexicon file, with a user override directory if given.

    Raises LexiconError (``path:line: problem``) for the first problem found."""
    files = LexiconFiles(override_dir)
    docs: dict[str, TomlDoc] = {}

    def toml(name: str) -> TomlDoc:
        docs[name] = TomlDoc(files.get(name))
        return docs[name]

    cameo = load_cameo(files.get("cameo.tsv"))
    countries = load_countries(files.get("countries.tsv"))
    organizations = load_organizations(files.get("organizations.tsv"), countries)
    roles = load_roles(files.get("roles.tsv"))
    regions = load_regions(files.get("regions.tsv"), countries)
    leaders = load_leaders(files.get("leaders.tsv"), countries, organizations)
    time_words = load_time_words(toml("time_words.toml"))
    lexicons = Lexicons(
        cameo=MappingProxyType(cameo),
        countries=MappingProxyType(countries),
        cameo_countries=MappingProxyType(
            load_cameo_countries(files.get("cameo_countries.tsv"), countries)
        ),
        organizations=organizations,
        roles=MappingProxyType(roles),
        regions=regions,
        leaders=Leaders(leaders, roles),
        patterns=load_patterns(
            toml("event_patterns.toml"), cameo, [TomlDoc(f) for f in files.under("events/")]
        ),
        cues=load_cues(toml("modality.toml")),
        speech=load_speech(toml("speech_verbs.toml"), roles),
        actor_words=load_actor_words(toml("actor_words.toml")),
        event_words=load_event_words(toml("event_words.toml")),
        place_words=load_place_words(toml("places.toml")),
        boilerplate=load_boilerplate(toml("boilerplate.toml"), time_words.months),
        time_words=time_words,
        units=load_units(toml("units.toml")),
        country_forms=MappingProxyType(country_surface_forms(countries)),
        organization_forms=MappingProxyType(organization_surface_forms(organizations)),
        region_forms=MappingProxyType(region_surface_forms(regions)),
        files=tuple(
            LoadedFile(
                f.name,
                f.path,
                f.role,
                tsv_row_count(f) if f.name.endswith(".tsv") else TomlDoc([f]).entries,
            )
            for f in files.all
        ),
        fingerprint=files.fingerprint(),
        override_dir=override_dir,
    )
    return lexicons
