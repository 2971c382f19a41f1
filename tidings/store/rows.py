"""Records flattened into the store's rows, columns named as in SQL, and rows made back into
the record's plain form (what `ArticleRecord.to_dict()` gives), so a stored record reads back
whole.

The flattening rules: a span is two columns, `<name>_start` and `<name>_end` (`span_start` and
`span_end` for an item's own span); a nested record is one column per field, prefixed with the
field's name (an event's `source_code`, a quote's `speaker_name`), all NULL when it is absent;
a list field is a JSON column; each item of a record list keeps its place in `idx`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import typing
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from tidings.models import (
    LIST_FIELDS,
    Actor,
    ArticleRecord,
    Event,
    EventDate,
    EventPlace,
    Record,
    Span,
    field_types,
    to_plain,
)

if TYPE_CHECKING:
    import duckdb

Row = dict[str, Any]
Plain = dict[str, Any]
# The record lists whose items are flat rows (`flat_row`); sentences and events have their own.
FLAT_LISTS = tuple(name for name in LIST_FIELDS if name not in ("sentences", "events"))
# The nested records of an event, stored as prefixed columns.
_EVENT_PARTS: tuple[tuple[str, type[Record]], ...] = (
    ("source", Actor),
    ("target", Actor),
    ("date", EventDate),
    ("place", EventPlace),
)
_EVENT_SCALARS = (
    "id",
    "cameo",
    "cameo_label",
    "plover",
    "plover_mode",
    "plover_context",
    "quad_class",
    "goldstein",
    "modality",
    "sentence",
    "pattern",
    "paragraph",
)


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[Row], verb: str = "INSERT"
) -> None:
    """Insert rows (dicts keyed by column name) in one statement."""
    if not rows:
        return
    import pyarrow as pa

    insert_table(con, table, pa.Table.from_pylist(rows), verb)


def insert_table(
    con: duckdb.DuckDBPyConnection, table: str, rows: Any, verb: str = "INSERT"
) -> None:
    """Insert an Arrow table's rows (columns named as the table's) in one statement."""
    with registered(con, "_incoming", rows):
        con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM _incoming")


def with_column(rows: Any, name: str, values: list[Any]) -> Any:
    """An Arrow table with the column `name` set to `values` (added, or replaced)."""
    import pyarrow as pa

    if name in rows.column_names:
        rows = rows.drop_columns([name])
    return rows.append_column(name, pa.array(values))


def only(rows: Any, key: str, wanted: set[str]) -> Any:
    """The rows of an Arrow table whose `key` column is in `wanted`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return rows.filter(pc.is_in(rows.column(key), value_set=pa.array(sorted(wanted), pa.string())))


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, name: str, frame: object) -> Iterator[None]:
    """An Arrow table visible to SQL as `name` for the block. When a statement in it fails,
    its transaction is aborted and unregistering would raise "Current transaction is aborted"
    over the real cause, so the cause is what propagates."""
    con.register(name, frame)
    try:
        yield
    except BaseException:
        with contextlib.suppress(Exception):
            con.unregister(name)
        raise
    con.unregister(name)


def _span(span: Span | None) -> tuple[int | None, int | None]:
    return (span[0], span[1]) if span else (None, None)


def _span_plain(row: Mapping[str, Any], prefix: str) -> list[int] | None:
    start = row.get(f"{prefix}_start")
    return None if start is None else [start, row[f"{prefix}_end"]]


def _is_list(kind: Any) -> bool:
    return typing.get_origin(kind) is tuple


def _takes(kind: Any, value: Any) -> bool:
    """Whether a field of type `kind` can hold a column's value: a NULL in a column added by a
    later migration (an older row) leaves a field that is never None at its default."""
    return value is not None or type(None) in typing.get_args(kind)


_EMPTY_IS_NULL: dict[type[Any], frozenset[str]] = {}


def _empty_is_null(kind: type[Any]) -> frozenset[str]:
    """The string fields of a record type that may be empty (their default is ''): an uncoded
    actor's code, country, sector and name, a place's country, a person's role. Stored NULL when
    empty, never '' (read back, a NULL gives the field its default again)."""
    found = _EMPTY_IS_NULL.get(kind)
    if found is None:
        fields = dataclasses.fields(kind)
        found = _EMPTY_IS_NULL[kind] = frozenset(f.name for f in fields if f.default == "")
    return found


def _stored(kind: type[Record], name: str, value: Any) -> Any:
    return None if value == "" and name in _empty_is_null(kind) else value


def nested_columns(prefix: str, kind: type[Record], item: Record | None) -> Row:
    """A nested record as `<prefix>_<field>` columns (its span as `<prefix>_span_start` and
    `_end`), every one NULL when there is no item, an empty code or country NULL too."""
    row: Row = {}
    for name in field_types(kind):
        value = getattr(item, name) if item is not None else None
        if name == "span":
            row[f"{prefix}_span_start"], row[f"{prefix}_span_end"] = _span(value)
        else:
            row[f"{prefix}_{name}"] = _stored(kind, name, value)
    return row


def nested_plain(prefix: str, kind: type[Record], row: Mapping[str, Any]) -> Plain | None:
    """The inverse of `nested_columns`. A record's first field is a string, never NULL, so a
    NULL there means no item; a column the store lacks (an older store) takes the default."""
    names = list(field_types(kind))
    if row.get(f"{prefix}_{names[0]}") is None:
        return None
    out: Plain = {}
    for name, field_kind in field_types(kind).items():
        column = f"{prefix}_{name}"
        if name == "span":
            out["span"] = _span_plain(row, f"{prefix}_span")
        elif column in row and _takes(field_kind, row[column]):
            out[name] = row[column]
    return out


def article_row(record: ArticleRecord) -> Row:
    art = record.article
    return {
        "id": art.id,
        "external_id": art.external_id,
        "content_hash": art.content_hash,
        "url": art.url,
        "title": art.title,
        "standfirst": art.standfirst,
        "byline": art.byline,
        "dateline": art.dateline,
        "published": art.published,
        "dateline_date": art.dateline_date,
        "outlet": art.outlet,
        "language": art.language,
        "source": str(art.source),
        "source_record": art.source.record,
        "text": art.text,
        "home_country": record.setting.home or None,
        "home_reason": record.setting.reason or None,
    }


def sentence_rows(record: ArticleRecord) -> list[Row]:
    """The sentences, each with its scene country (NULL past the setting's last scene)."""
    scenes = record.setting.scenes
    return [
        {
            "article_id": record.article.id,
            "idx": s.index,
            "span_start": s.span[0],
            "span_end": s.span[1],
            "text": s.text,
            "scene": scenes[s.index] if 0 <= s.index < len(scenes) else None,
        }
        for s in record.sentences
    ]


def event_row(article_id: str, event: Event, index: int = 0) -> Row:
    """An event in one row; its mentions are the story's (`event_mentions`), not columns."""
    row: Row = {"article_id": article_id, "idx": index}
    row.update((name, getattr(event, name)) for name in _EVENT_SCALARS)
    for prefix, kind in _EVENT_PARTS:
        row.update(nested_columns(prefix, kind, getattr(event, prefix)))
    row["span_start"], row["span_end"] = event.span
    row["trigger_text"] = event.trigger.text
    row["trigger_start"], row["trigger_end"] = event.trigger.span
    row["quantities"] = json.dumps(to_plain(event.quantities))
    return row


def event_plain(row: Mapping[str, Any], mentions: Iterable[Plain] = ()) -> Plain:
    """The inverse of `event_row`, with the event's mentions in this article."""
    # A store from before a migration (read-only) may lack a column: the field's default.
    out: Plain = {name: row[name] for name in _EVENT_SCALARS if name in row}
    for prefix, kind in _EVENT_PARTS:
        out[prefix] = nested_plain(prefix, kind, row)
    out["span"] = [row["span_start"], row["span_end"]]
    out["trigger"] = {
        "text": row["trigger_text"],
        "span": [row["trigger_start"], row["trigger_end"]],
    }
    out["quantities"] = json.loads(row["quantities"] or "[]")
    out["mentions"] = list(mentions)
    return out


def flat_row(article_id: str, index: int, item: Record) -> Row:
    """One record item as a row: its span split into start and end, a nested record as
    prefixed columns (a quote's speaker_*), list fields (spans, aliases) as JSON."""
    row: Row = {"article_id": article_id, "idx": index}
    for name, kind in field_types(type(item)).items():
        value = getattr(item, name)
        if name == "span":
            row["span_start"], row["span_end"] = _span(value)
        elif name == "speaker":
            row.update(nested_columns(name, typing.get_args(kind)[0], value))
        elif _is_list(kind):
            row[name] = json.dumps(to_plain(value))
        else:
            row[name] = _stored(type(item), name, value)
    return row


def flat_plain(kind: type[Record], row: Mapping[str, Any]) -> Plain:
    """The inverse of `flat_row`: the item's plain form (a column the store lacks, or a NULL the
    field cannot hold, is left out, so the field takes its default)."""
    out: Plain = {}
    for name, field_kind in field_types(kind).items():
        if name == "span":
            out["span"] = _span_plain(row, "span")
        elif name == "speaker":
            out["speaker"] = nested_plain(name, typing.get_args(field_kind)[0], row)
        elif name in row and _takes(field_kind, row[name]):
            value = row[name]
            is_json = _is_list(field_kind) and isinstance(value, str)
            out[name] = json.loads(value) if is_json else value
    return out


def rows_by_table(record: ArticleRecord) -> dict[str, list[Row]]:
    """Every row one article record makes, by table name."""
    aid = record.article.id
    tables: dict[str, list[Row]] = {
        "articles": [article_row(record)],
        "sentences": sentence_rows(record),
        "events": [event_row(aid, e, i) for i, e in enumerate(record.events)],
    }
    for table in FLAT_LISTS:
        tables[table] = [flat_row(aid, i, item) for i, item in enumerate(getattr(record, table))]
    return tables


def record_plain(
    article: Mapping[str, Any],
    tables: Mapping[str, list[Row]],
    event_mentions: Mapping[str, list[Plain]],
) -> Plain:
    """The inverse of `rows_by_table`: the article's row, its rows by table (in `idx` order),
    and its events' mentions by event id, as `ArticleRecord.to_dict()` would give them."""
    out: Plain = {
        key: value
        for key, value in article.items()
        if key not in ("home_country", "home_reason", "source_record", "coded_with", "added_at")
    }
    out["source_record"] = article.get("source_record") or ""
    out["external_id"] = article.get("external_id") or ""
    sentences = tables.get("sentences", [])
    out["sentences"] = [
        {"index": s["idx"], "span": [s["span_start"], s["span_end"]], "text": s["text"]}
        for s in sentences
    ]
    out["events"] = [
        event_plain(row, event_mentions.get(row["id"], ())) for row in tables.get("events", [])
    ]
    for name in FLAT_LISTS:
        kind = LIST_FIELDS[name]
        out[name] = [flat_plain(kind, row) for row in tables.get(name, [])]
    scenes = []
    for s in sentences:
        if s.get("scene") is None:
            break
        scenes.append(s["scene"])
    out["setting"] = {
        "home": article.get("home_country") or "",
        "reason": article.get("home_reason") or "",
        "scenes": scenes,
    }
    return out


def event_mention_plain(row: Mapping[str, Any]) -> Plain:
    """An `event_mentions` row as an EventMention's plain form."""
    return {
        "article": row["article_id"],
        "sentence": row["sentence"],
        "span": [row["span_start"], row["span_end"]],
    }
