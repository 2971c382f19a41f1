"""The GDELT 2.0 Event layout: 61 tab-separated columns under a header, one event a line.

The columns, their order, names and types are project data (`data/gdelt_events.tsv`, from the
GDELT 2.0 Event Codebook); so is the ISO-to-FIPS 10-4 country table GDELT's geography uses
(`data/fips_countries.tsv`) and the CAMEO actor type codes (`data/cameo_actor_types.tsv`).
Columns tidings cannot fill stay empty; the codebook file says which and why.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Final

from tidings.lexicons.loader import single_file, tsv_rows

DATA = Path(__file__).parent / "data"
USA: Final = "USA"
# GDELT's Geo_Type by a place's precision, outside and inside the United States.
_GEO_TYPE: Final = {
    "country": (1, 1),
    "region": (5, 2),
    "city": (4, 3),
    "point": (4, 3),
}
# A value that would break a line or a column of the TSV.
_BREAKS = re.compile(r"[\t\r\n]+")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    filled: str
    meaning: str


@dataclass(frozen=True, slots=True)
class FipsCountry:
    fips: str
    name: str


@cache
def codebook() -> tuple[Column, ...]:
    """The 61 columns of a GDELT 2.0 event, in order."""
    path = DATA / "gdelt_events.tsv"
    return tuple(Column(*cells) for _, _, cells in tsv_rows(single_file(path), Column.__slots__))


@cache
def fips_countries() -> dict[str, FipsCountry]:
    """ISO 3166 alpha-3 code -> its FIPS 10-4 code and name."""
    path = DATA / "fips_countries.tsv"
    rows = tsv_rows(single_file(path), ("iso3", "fips", "name"))
    return {iso3: FipsCountry(fips, name) for _, _, (iso3, fips, name) in rows}


@cache
def actor_types() -> frozenset[str]:
    """The CAMEO codes of actor roles and types (GOV, MIL, IGO ...)."""
    path = DATA / "cameo_actor_types.tsv"
    return frozenset(cells[0] for _, _, cells in tsv_rows(single_file(path), ("code", "meaning")))


def duckdb_columns() -> dict[str, str]:
    """The columns as DuckDB's `read_csv(columns=...)` takes them: name -> type."""
    return {column.name: column.type for column in codebook()}


def global_event_id(article_id: str, event_id: str) -> int:
    """A stable integer id for an event: the first 63 bits of SHA-256 of "article/event", so
    it is positive and fits a signed 64-bit integer; the same event gets the same id in
    every export."""
    digest = hashlib.sha256(f"{article_id}/{event_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") >> 1


def actor_parts(code: str | None, country: str | None) -> dict[str, str]:
    """A CAMEO actor code in GDELT's parts: the country block, a known group (the last block
    that is no type: UNO, NAT, EEC), and up to three type blocks (GOV, MIL, IGO ...)."""
    parts = {"Code": code or "", "CountryCode": country or "", "KnownGroupCode": ""}
    blocks = [code[i : i + 3] for i in range(0, len(code or ""), 3)] if code else []
    if blocks and country and blocks[0] == country:
        blocks = blocks[1:]
    types = [block for block in blocks if block in actor_types()]
    groups = [block for block in blocks if block not in actor_types()]
    parts["KnownGroupCode"] = groups[-1] if groups else ""
    for n in range(3):
        parts[f"Type{n + 1}Code"] = types[n] if n < len(types) else ""
    return parts


def _day_fields(day: date | None) -> dict[str, Any]:
    if day is None:
        return {}
    return {
        "Day": int(day.strftime("%Y%m%d")),
        "MonthYear": day.year * 100 + day.month,
        "Year": day.year,
        "FractionDate": round(day.year + (day.month * 30 + day.day) / 365, 4),
    }


def _geo_fields(event: Mapping[str, Any]) -> dict[str, Any]:
    precision = event.get("place_precision")
    country = event.get("place_country") or ""
    if not precision and not event.get("place_name"):
        return {}
    fips = fips_countries().get(country)
    name = event.get("place_name") or (fips.name if fips else "")
    if precision != "country" and fips and name != fips.name:
        name = f"{name}, {fips.name}"
    out: dict[str, Any] = {
        "ActionGeo_FullName": name,
        "ActionGeo_CountryCode": fips.fips if fips else "",
        "ActionGeo_Lat": event.get("place_lat"),
        "ActionGeo_Long": event.get("place_lon"),
    }
    if precision in _GEO_TYPE:
        out["ActionGeo_Type"] = _GEO_TYPE[precision][country == USA]
    if precision == "country" and fips:
        out["ActionGeo_ADM1Code"] = out["ActionGeo_FeatureID"] = fips.fips
    return out


def gdelt_row(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event (a row of `export_events`) as GDELT's columns, by name; absent: empty."""
    cameo = event.get("cameo") or ""
    out: dict[str, Any] = {
        "GlobalEventID": global_event_id(event["article_id"], event["id"]),
        **_day_fields(event.get("date_start")),
        "IsRootEvent": int(bool(event.get("story_in_lead"))),
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": cameo[:2],
        "QuadClass": event.get("quad_class"),
        "GoldsteinScale": event.get("goldstein"),
        "NumMentions": event.get("story_mentions"),
        "NumSources": event.get("story_sources"),
        "NumArticles": event.get("story_articles"),
        **_geo_fields(event),
        "SOURCEURL": event.get("article_url") or event.get("article_source") or "",
    }
    for actor, side in (("Actor1", "source"), ("Actor2", "target")):
        parts = actor_parts(event.get(f"{side}_code"), event.get(f"{side}_country"))
        out.update((f"{actor}{key}", value) for key, value in parts.items())
        out[f"{actor}Name"] = event.get(f"{side}_name") or ""
    added = event.get("article_added_at")
    if isinstance(added, datetime):
        out["DATEADDED"] = int(added.strftime("%Y%m%d%H%M%S"))
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _BREAKS.sub(" ", value) if _BREAKS.search(value) else value
    return repr(value) if isinstance(value, float) else str(value)


def gdelt_lines(events: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The header line, then one tab-separated line per event (each with its newline)."""
    names = [column.name for column in codebook()]
    yield "\t".join(names) + "\n"
    for event in events:
        row = gdelt_row(event)
        yield "\t".join(_cell(row.get(name)) for name in names) + "\n"
