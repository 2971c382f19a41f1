"""The tables of the lexicons: CAMEO/PLOVER codes, countries, organisations, roles and regions.

Each table is a tab-separated file: ``#`` comment lines first, then a header row naming the
columns, then one record a line. List-valued cells are ``|``-separated. Every row is checked;
a bad one raises :class:`LexiconError` naming the file and the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from tidings.errors import LexiconError
from tidings.lexicons.loader import LexiconFile, fail, tsv_rows

CAMEO_COLUMNS = (
    "code",
    "name",
    "goldstein",
    "quad_class",
    "plover",
    "plover_mode",
    "plover_context",
)
COUNTRY_COLUMNS = ("code", "name", "short_names", "adjectives", "capitals", "lat", "lon")
ORGANIZATION_COLUMNS = ("code", "name", "aliases", "kind", "country")
ROLE_COLUMNS = ("phrase", "sector", "kind")
REGION_COLUMNS = ("name", "aliases", "kind", "members", "country", "lat", "lon")
CAMEO_COUNTRY_COLUMNS = ("cameo", "code")

SECTORS = frozenset(
    {
        *("GOV", "MIL", "REB", "OPP", "JUD", "LEG", "COP", "BUS", "MED", "CVL", "EDU", "REL"),
        *("LAB", "SPY", "HLH", "REF", "AGR", "ENV", "INS", "SEP", "UAF", "CRM", "ELI", "NGO"),
    }
)
ORGANIZATION_KINDS = frozenset({"igo", "ngo", "armed", "media", "business", "other"})
ROLE_KINDS = frozenset({"person", "group"})
REGION_KINDS = frozenset({"region", "subregion"})

_CAMEO_CODE = re.compile(r"(0[1-9]|1[0-9]|20)[0-9]{0,2}")
_ISO3 = re.compile(r"[A-Z]{3}")
_ACTOR_CODE = re.compile(r"[A-Z][A-Z0-9]{2,11}")
_PLOVER_TYPE = re.compile(r"[A-Z]+")


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str
    plover_context: str


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    short_names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    lat: float
    lon: float


@dataclass(frozen=True, slots=True)
class OrganizationEntry:
    code: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str


@dataclass(frozen=True, slots=True)
class Role:
    phrase: str
    sector: str
    kind: str


@dataclass(frozen=True, slots=True)
class Region:
    name: str
    aliases: tuple[str, ...]
    kind: str
    members: tuple[str, ...]
    country: str
    lat: float
    lon: float


# ---------------------------------------------------------------- reading and checking cells


def _fail(path: Path, line: int, message: str) -> LexiconError:
    return fail(path, line, message)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split("|") if item.strip())


def _number(path: Path, line: int, cell: str, what: str, low: float, high: float) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise _fail(path, line, f"{what} {cell!r} is not a number") from None
    if not low <= value <= high:
        raise _fail(path, line, f"{what} {value} is outside [{low}, {high}]")
    return value


def _iso3(path: Path, line: int, cell: str, what: str, *, optional: bool = False) -> str:
    if (optional and cell == "") or _ISO3.fullmatch(cell):
        return cell
    raise _fail(path, line, f"{what} {cell!r} is not an ISO 3166 alpha-3 code")


def _known(
    path: Path, line: int, cell: str, countries: Mapping[str, Country], *, optional: bool = False
) -> str:
    """A country code that countries.tsv lists."""
    if optional and cell == "":
        return cell
    _iso3(path, line, cell, "country")
    if cell not in countries:
        raise _fail(path, line, f"country {cell!r} is not in countries.tsv")
    return cell


def _required(path: Path, line: int, cell: str, what: str) -> str:
    if not cell:
        raise _fail(path, line, f"empty {what}")
    return cell


def _quad_class(root: int) -> int:
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 14 else 4


# ---------------------------------------------------------------- tables (each from its files)


def load_cameo(files: Sequence[LexiconFile]) -> dict[str, CameoCode]:
    """Read the CAMEO table: code -> CameoCode, every 3/4-digit code under an existing parent."""
    table: dict[str, CameoCode] = {}
    for path, line, (code, name, goldstein, quad, plover, mode, context) in tsv_rows(
        files, CAMEO_COLUMNS
    ):
        if not _CAMEO_CODE.fullmatch(code):
            raise _fail(path, line, f"CAMEO code {code!r} is not 2-4 digits under roots 01-20")
        if code in table:
            raise _fail(path, line, f"duplicate CAMEO code {code}")
        if len(code) > 2 and code[:-1] not in table:
            raise _fail(path, line, f"CAMEO code {code} comes before or without its parent")
        if quad not in {"1", "2", "3", "4"} or int(quad) != _quad_class(int(code[:2])):
            raise _fail(path, line, f"quad_class {quad!r} does not match root {code[:2]}")
        if plover and not _PLOVER_TYPE.fullmatch(plover):
            raise _fail(path, line, f"PLOVER type {plover!r} is not an upper-case word")
        if (mode or context) and not plover:
            raise _fail(path, line, "PLOVER mode or context given without a PLOVER type")
        table[code] = CameoCode(
            code=code,
            name=_required(path, line, name, "name"),
            goldstein=_number(path, line, goldstein, "Goldstein value", -10.0, 10.0),
            quad_class=int(quad),
            plover=plover,
            plover_mode=mode,
            plover_context=context,
        )
    return table


def load_countries(files: Sequence[LexiconFile]) -> dict[str, Country]:
    """Read the country table: ISO3 -> Country; no surface form may name two countries."""
    table: dict[str, Country] = {}
    owners: dict[str, str] = {}
    for path, line, (code, name, short, adjectives, capitals, lat, lon) in tsv_rows(
        files, COUNTRY_COLUMNS
    ):
        _iso3(path, line, code, "country code")
        if code in table:
            raise _fail(path, line, f"duplicate country code {code}")
        country = Country(
            code=code,
            name=_required(path, line, name, "name"),
            short_names=_split(short),
            adjectives=_split(adjectives),
            capitals=_split(capitals),
            lat=_number(path, line, lat, "latitude", -90.0, 90.0),
            lon=_number(path, line, lon, "longitude", -180.0, 180.0),
        )
        for form in (country.name, *country.short_names, *country.adjectives, *country.capitals):
            if owners.setdefault(form, code) != code:
                raise _fail(path, line, f"{form!r} already names {owners[form]}")
        table[code] = country
    return table


def load_cameo_countries(
    files: Sequence[LexiconFile], countries: Mapping[str, Country]
) -> dict[str, str]:
    """Read the CAMEO country codes that differ from ISO: CAMEO code -> ISO3 code. A CAMEO code
    may not be another country's ISO code (it would make two countries one)."""
    table: dict[str, str] = {}
    for path, line, (cameo, code) in tsv_rows(files, CAMEO_COUNTRY_COLUMNS):
        _iso3(path, line, cameo, "CAMEO country code")
        if cameo in countries:
            raise _fail(path, line, f"{cameo} is the ISO code of {countries[cameo].name}")
        if cameo in table:
            raise _fail(path, line, f"duplicate CAMEO country code {cameo}")
        table[cameo] = _known(path, line, code, countries)
    return table


def load_organizations(
    files: Sequence[LexiconFile], countries: Mapping[str, Country]
) -> tuple[OrganizationEntry, ...]:
    """Read the organisation table; no name or alias may belong to two organisations, and a
    body's country is one of `countries`."""
    found: list[OrganizationEntry] = []
    owners: dict[str, str] = {}
    for path, line, (code, name, aliases, kind, country) in tsv_rows(files, ORGANIZATION_COLUMNS):
        if not _ACTOR_CODE.fullmatch(code):
            raise _fail(path, line, f"actor code {code!r} is not 3-12 upper-case letters or digits")
        if kind not in ORGANIZATION_KINDS:
            raise _fail(path, line, f"kind {kind!r} is not one of {sorted(ORGANIZATION_KINDS)}")
        org = OrganizationEntry(
            code=code,
            name=_required(path, line, name, "name"),
            aliases=_split(aliases),
            kind=kind,
            country=_known(path, line, country, countries, optional=True),
        )
        for form in (org.name, *org.aliases):
            if owners.setdefault(form, org.name) != org.name:
                raise _fail(path, line, f"{form!r} already names {owners[form]!r}")
        found.append(org)
    return tuple(found)


def load_roles(files: Sequence[LexiconFile]) -> dict[str, Role]:
    """Read the role table: lower-case phrase -> Role (sector code and person/group kind)."""
    table: dict[str, Role] = {}
    for path, line, (phrase, sector, kind) in tsv_rows(files, ROLE_COLUMNS):
        _required(path, line, phrase, "phrase")
        if phrase != phrase.lower() or "  " in phrase:
            raise _fail(path, line, f"phrase {phrase!r} must be lower case with single spaces")
        if phrase in table:
            raise _fail(path, line, f"duplicate phrase {phrase!r}")
        if sector not in SECTORS:
            raise _fail(path, line, f"sector {sector!r} is not one of {sorted(SECTORS)}")
        if kind not in ROLE_KINDS:
            raise _fail(path, line, f"kind {kind!r} is not one of {sorted(ROLE_KINDS)}")
        table[phrase] = Role(phrase=phrase, sector=sector, kind=kind)
    return table


def load_regions(
    files: Sequence[LexiconFile], countries: Mapping[str, Country]
) -> tuple[Region, ...]:
    """Read the region table; names and aliases are unique when lower-cased, members and
    countries are in `countries`."""
    found: list[Region] = []
    owners: dict[str, str] = {}
    for path, line, (name, aliases, kind, members, country, lat, lon) in tsv_rows(
        files, REGION_COLUMNS
    ):
        if kind not in REGION_KINDS:
            raise _fail(path, line, f"kind {kind!r} is not one of {sorted(REGION_KINDS)}")
        region = Region(
            name=_required(path, line, name, "name"),
            aliases=_split(aliases),
            kind=kind,
            members=tuple(_known(path, line, m, countries) for m in _split(members)),
            country=_known(path, line, country, countries, optional=True),
            lat=_number(path, line, lat, "latitude", -90.0, 90.0),
            lon=_number(path, line, lon, "longitude", -180.0, 180.0),
        )
        if kind == "region" and (len(region.members) < 2 or region.country):
            raise _fail(path, line, "a region lists two or more members and no country")
        if kind == "subregion" and (region.members or not region.country):
            raise _fail(path, line, "a subregion names its country and no members")
        for form in (region.name, *region.aliases):
            if owners.setdefault(form.lower(), region.name) != region.name:
                raise _fail(path, line, f"{form!r} already names {owners[form.lower()]!r}")
        found.append(region)
    return tuple(found)


# ---------------------------------------------------------------- derived lookups


def country_surface_forms(countries: Mapping[str, Country]) -> dict[str, tuple[str, str]]:
    """Surface form (exact case) -> (ISO3, how), how in {"name", "adjective", "capital"}.

    Names and short names come first, then adjectives, then capitals, so a form such as
    "Luxembourg" that is both a name and a capital counts as a name.
    """
    forms: dict[str, tuple[str, str]] = {}
    for how in ("name", "adjective", "capital"):
        for country in countries.values():
            if how == "name":
                items: tuple[str, ...] = (country.name, *country.short_names)
            else:
                items = country.adjectives if how == "adjective" else country.capitals
            for form in items:
                forms.setdefault(form, (country.code, how))
    return forms


def organization_surface_forms(
    organizations: Sequence[OrganizationEntry],
) -> dict[str, OrganizationEntry]:
    """Name or alias (exact case) -> OrganizationEntry."""
    return {form: org for org in organizations for form in (org.name, *org.aliases)}


def region_surface_forms(regions: Sequence[Region]) -> dict[str, Region]:
    """Lower-cased name or alias -> Region."""
    return {form.lower(): region for region in regions for form in (region.name, *region.aliases)}


def plover_for(cameo: Mapping[str, CameoCode], code: str) -> tuple[str, str, str]:
    """(PLOVER type, mode, context) for a CAMEO code, falling back to the parent code.

    A code without a PLOVER type of its own takes its parent's (4 -> 3 -> 2 digits). Codes of
    root 01 have no PLOVER type and give ("", "", ""). KeyError when no prefix of the code is a
    known CAMEO code.
    """
    if not _CAMEO_CODE.fullmatch(code):
        raise KeyError(f"malformed CAMEO code {code!r}")
    known = False
    for prefix in (code[:n] for n in (4, 3, 2) if n <= len(code)):
        entry = cameo.get(prefix)
        if entry is None:
            continue
        known = True
        if entry.plover:
            return entry.plover, entry.plover_mode, entry.plover_context
    if not known:
        raise KeyError(f"unknown CAMEO code {code!r}")
    return "", "", ""
