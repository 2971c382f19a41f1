"""PLOVER JSON lines: one event a line, with the field names of the PLOVER data specification
(Open Event Data Alliance, "PLOVER: Event, Actor and Data Interchange Specification", the JSON
data fields chapter), plus tidings' own `modality` and `cameo`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any, Final

from tidings import __version__
from tidings.export.gdelt import fips_countries
from tidings.query.output import plain

CODEBOOK: Final = "PLOVER 0.8 from CAMEO 1.1b3 (tidings lexicons/data/cameo.tsv)"


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _actors(event: Mapping[str, Any], side: str) -> list[dict[str, Any]]:
    """The side's actor as a one-item list of PLOVER actor objects (none: an empty list):
    `code` the top-level block (a country, IGO, NGO), `sector` the rest of the CAMEO code."""
    code = event.get(f"{side}_code") or ""
    text = event.get(f"{side}_text") or ""
    if not code and not text:
        return []
    actor: dict[str, Any] = {
        "code": code[:3],
        "sector": code[3:],
        "actor_text": text,
        "identifier_text": event.get(f"{side}_name") or "",
        "cameo_code": code,
        "country": event.get(f"{side}_country") or "",
    }
    start, end = event.get(f"{side}_span_start"), event.get(f"{side}_span_end")
    if start is not None:
        actor["span"] = [start, end]
    return [actor]


def _location(event: Mapping[str, Any]) -> dict[str, Any] | None:
    """The event's place as a PLOVER location object (geonames field names) with the
    precision it is resolved to (`resolution`: country, region, city or point)."""
    if not event.get("place_name") and not event.get("place_country"):
        return None
    country = event.get("place_country") or ""
    return {
        "name": event.get("place_name") or "",
        "latitude": event.get("place_lat"),
        "longitude": event.get("place_lon"),
        "cc3": country,
        "fips": (found.fips if (found := fips_countries().get(country)) else ""),
        "resolution": event.get("place_precision") or "",
        "place_text": event.get("place_text") or "",
    }


def plover_record(event: Mapping[str, Any]) -> dict[str, Any]:
    """One event (a row of `export_events`) as a PLOVER record."""
    context = [c for c in (event.get("plover_context") or "").split(";") if c]
    return {
        "id": f"{event['article_id']}-{event['id']}",
        "date": _iso(event.get("date_start")),
        "enddate": _iso(event.get("date_end")),
        "date_precision": event.get("date_precision"),
        "actor": _actors(event, "source"),
        "recipient": _actors(event, "target"),
        "event": event.get("plover") or "",
        "mode": event.get("plover_mode") or "",
        "context": context,
        "quad_code": event.get("quad_class"),
        "event_scale": event.get("goldstein"),
        "event_loc": _location(event),
        "event_text": [event.get("trigger_text") or ""],
        "text": event.get("sentence_text") or "",
        "text_info": {
            "sequence": event.get("sentence"),
            "paragraph": event.get("paragraph"),
            "start": event.get("span_start"),
            "end": event.get("span_end"),
            "trigger_start": event.get("trigger_start"),
            "trigger_end": event.get("trigger_end"),
        },
        "cite_info": {
            "citation": event["article_id"],
            "url": event.get("article_url") or "",
            "title": event.get("article_title") or "",
            "language": event.get("article_language") or "",
            "publication": event.get("article_outlet") or "",
            "coder": f"tidings {__version__}",
            "codebook": CODEBOOK,
        },
        "mentions": event.get("story_mentions"),
        "modality": event.get("modality"),
        "cameo": event.get("cameo") or "",
    }


def plover_lines(events: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    for event in events:
        yield json.dumps(plain(plover_record(event)), ensure_ascii=False) + "\n"
