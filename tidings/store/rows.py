"""Records flattened into the store's rows, columns named as in SQL."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any

from tidings.models import Actor, ArticleRecord, Event, Span, to_plain

if TYPE_CHECKING:
    import duckdb

Row = dict[str, Any]


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[Row], verb: str = "INSERT"
) -> None:
    """Insert rows (dicts keyed by column name) in one statement."""
    if not rows:
        return
    import pyarrow as pa

    frame = pa.Table.from_pylist(rows)
    con.register("_incoming", frame)
    try:
        con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _incoming")
    finally:
        con.unregister("_incoming")


def _span(span: Span | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span else (None, None)


def _actor(prefix: str, actor: Actor | None) -> Row:
    fields = ("text", "code", "country", "sector", "name")
    return {f"{prefix}_{f}": getattr(actor, f) if actor else None for f in fields}


def article_row(record: ArticleRecord) -> Row:
    art = record.article
    return {
        "id": art.id,
        "content_hash": art.content_hash,
        "url": art.url,
        "title": art.title,
        "standfirst": art.standfirst,
        "byline": art.byline,
        "dateline": art.dateline,
        "published": art.published,
        "outlet": art.outlet,
        "language": art.language,
        "source": str(art.source),
        "text": art.text,
    }


def event_row(article_id: str, event: Event) -> Row:
    date, place = event.date, event.place
    start, end = event.span
    return {
        "article_id": article_id,
        "id": event.id,
        "cameo": event.cameo,
        "cameo_label": event.cameo_label,
        "plover": event.plover,
        "plover_mode": event.plover_mode,
        "plover_context": event.plover_context,
        "quad_class": event.quad_class,
        "goldstein": event.goldstein,
        **_actor("source", event.source),
        **_actor("target", event.target),
        "modality": event.modality,
        "date_text": date.text if date else None,
        "date_value": date.value if date else None,
        "date_end": date.end if date else None,
        "date_granularity": date.granularity if date else None,
        "date_source": date.source if date else None,
        "place_text": place.text if place else None,
        "place_name": place.name if place else None,
        "place_country": place.country if place else None,
        "place_lat": place.lat if place else None,
        "place_lon": place.lon if place else None,
        "place_source": place.source if place else None,
        "sentence": event.sentence,
        "span_start": start,
        "span_end": end,
        "trigger_text": event.trigger.text,
        "trigger_start": event.trigger.span[0],
        "trigger_end": event.trigger.span[1],
        "quantities": json.dumps(to_plain(event.quantities)),
        "pattern": event.pattern,
    }


# Record fields that have no column (kept in the JSON record, not in the tables).
NOT_STORED: dict[str, frozenset[str]] = {
    "dates": frozenset({"source"}),
    "places": frozenset({"source"}),
    "organizations": frozenset({"aliases"}),
}


def flat_row(article_id: str, index: int, item: Any, skip: frozenset[str] = frozenset()) -> Row:
    """One record item as a row: spans split into start and end, span lists as JSON, a nested
    speaker as speaker_* columns."""
    row: Row = {"article_id": article_id, "idx": index}
    for f in dataclasses.fields(item):
        if f.name in skip:
            continue
        value = getattr(item, f.name)
        if f.name == "span":
            row["span_start"], row["span_end"] = _span(value)
        elif f.name == "spans":
            row["spans"] = json.dumps([list(s) for s in value])
        elif f.name == "speaker":
            for part in ("name", "code", "role"):
                row[f"speaker_{part}"] = getattr(value, part) if value else None
        else:
            row[f.name] = value
    return row


def rows_by_table(record: ArticleRecord) -> dict[str, list[Row]]:
    """Every row one article record makes, by table name."""
    aid = record.article.id
    tables: dict[str, list[Row]] = {
        "articles": [article_row(record)],
        "sentences": [
            {
                "article_id": aid,
                "idx": s.index,
                "span_start": s.span[0],
                "span_end": s.span[1],
                "text": s.text,
            }
            for s in record.sentences
        ],
        "events": [event_row(aid, e) for e in record.events],
    }
    for table in ("quotes", "quantities", "dates", "places", "people", "organizations"):
        skip = NOT_STORED.get(table, frozenset())
        tables[table] = [
            flat_row(aid, i, item, skip) for i, item in enumerate(getattr(record, table))
        ]
    return tables
