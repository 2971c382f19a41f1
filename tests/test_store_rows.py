"""The rows one article record becomes in the store (tidings/store/rows.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tidings.models import (
    Actor,
    ArticleRecord,
    Event,
    Quote,
    RawDocument,
    SourceRef,
    Speaker,
    Trigger,
    to_plain,
)
from tidings.pipeline.run import Pipeline
from tidings.store import connect
from tidings.store.rows import event_row, flat_row, insert_rows, rows_by_table
from tidings.store.schema import ARTICLE_TABLES

TEXT = (
    "Russian troops attacked Ukrainian positions near Kharkiv on Monday, killing 12 soldiers. "
    '"This is an invasion," said NATO Secretary General Jens Stoltenberg.'
)


@pytest.fixture(scope="module")
def record(pipeline: Pipeline) -> ArticleRecord:
    raw = RawDocument(SourceRef("rows.txt"), TEXT, published=date(2015, 7, 28), has_header=False)
    return pipeline(raw)


def test_store_rows_one_row_per_item(record: ArticleRecord) -> None:
    rows = rows_by_table(record)
    assert set(ARTICLE_TABLES) <= set(rows)
    assert len(rows["articles"]) == 1
    for table in ARTICLE_TABLES[1:]:
        items = getattr(record, table)
        assert len(rows[table]) == len(items), table
        assert all(r["article_id"] == record.article.id for r in rows[table])
    found = ("sentences", "events", "quotes", "quantities", "dates", "places", "people")
    assert all(rows[table] for table in (*found, "organizations")), "the text gives each"


def test_store_rows_article(record: ArticleRecord) -> None:
    (row,) = rows_by_table(record)["articles"]
    assert (row["id"], row["text"], row["published"], row["source"]) == (
        record.article.id,
        TEXT,
        date(2015, 7, 28),
        "rows.txt",
    )


def test_store_rows_event_flattens_actors_date_place_trigger(record: ArticleRecord) -> None:
    (attack,) = [e for e in record.events if e.trigger.text == "attacked"]
    row = event_row(record.article.id, attack)
    expected: dict[str, Any] = {
        "cameo": "190",
        "plover": "ASSAULT",
        "source_text": "Russian troops",
        "source_code": "RUSMIL",
        "source_country": "RUS",
        "source_sector": "MIL",
        "target_code": "UKR",
        "modality": "asserted",
        "date_text": "on Monday",
        "date_value": "2015-07-27",
        "date_start": date(2015, 7, 27),
        "date_end": None,
        "date_precision": "day",
        "date_source": "clause",
        "place_name": "Kharkiv",
        "place_country": "UKR",
        "place_precision": "city",
        "place_source": "clause",
        "sentence": 0,
        "trigger_text": "attacked",
        "trigger_start": TEXT.index("attacked"),
        "trigger_end": TEXT.index("attacked") + len("attacked"),
        "span_start": 0,
        "span_end": TEXT.index(' "This'),
    }
    assert {k: row[k] for k in expected} == expected
    assert json.loads(row["quantities"]) == to_plain(attack.quantities)


def bare_event(source: Actor | None, target: Actor | None) -> Event:
    return Event(
        id="e1",
        cameo="010",
        cameo_label="Make statement",
        plover="",
        plover_mode="",
        plover_context="",
        quad_class=1,
        goldstein=0.0,
        source=source,
        target=target,
        modality="asserted",
        date=None,
        place=None,
        sentence=0,
        span=(0, 10),
        trigger=Trigger("said", (3, 7)),
    )


def test_store_rows_event_without_actors_date_or_place_has_nulls() -> None:
    row = event_row("a1", bare_event(Actor("France", "FRA", "FRA"), None))
    assert (row["source_code"], row["source_country"]) == ("FRA", "FRA")
    empty = [
        "target_text",
        "target_code",
        "date_value",
        "date_source",
        "place_name",
        "place_lat",
        "place_source",
    ]
    assert {k: row[k] for k in empty} == dict.fromkeys(empty)
    assert row["quantities"] == "[]"


def test_store_rows_quote_speaker_becomes_columns(record: ArticleRecord) -> None:
    (row,) = rows_by_table(record)["quotes"]
    start = TEXT.index("This")
    assert {k: row[k] for k in row if k != "article_id"} == {
        "idx": 0,
        "text": "This is an invasion",
        "kind": "direct",
        "speaker_name": "Jens Stoltenberg",
        "speaker_code": "IGOWSTNAT",
        "speaker_role": "secretary general",
        "verb": "say",
        "span_start": start,
        "span_end": start + len("This is an invasion"),
    }


@pytest.mark.parametrize(
    ("speaker", "columns"),
    [
        (
            Speaker("Jens Stoltenberg", "IGOWSTNAT", "secretary general"),
            ("Jens Stoltenberg", "IGOWSTNAT", "secretary general"),
        ),
        (None, (None, None, None)),
    ],
    ids=["speaker", "no-speaker"],
)
def test_store_rows_flat_row_speaker(speaker: Speaker | None, columns: tuple[Any, ...]) -> None:
    row = flat_row("a1", 3, Quote("It is over", "direct", speaker, "say", (5, 15)))
    assert (row["speaker_name"], row["speaker_code"], row["speaker_role"]) == columns
    assert (row["article_id"], row["idx"], row["span_start"], row["span_end"]) == ("a1", 3, 5, 15)
    assert "speaker" not in row and "span" not in row


def test_store_rows_spans_of_people_and_organizations_are_json(record: ArticleRecord) -> None:
    rows = rows_by_table(record)
    (person,) = rows["people"]
    (org,) = rows["organizations"]
    assert (person["name"], person["code"]) == ("Jens Stoltenberg", "IGOWSTNAT")
    assert json.loads(person["spans"]) == [[TEXT.index("Jens"), TEXT.index("Jens") + 16]]
    assert (org["name"], org["code"]) == ("NATO", "IGOWSTNAT")
    assert json.loads(org["spans"]) == [[TEXT.index("NATO"), TEXT.index("NATO") + 4]]


def test_store_rows_fit_the_schema(record: ArticleRecord, tmp_path: Path) -> None:
    """Every row inserts into a freshly migrated store by column name and reads back."""
    con = connect(tmp_path / "rows.duckdb")
    try:
        for table, rows in rows_by_table(record).items():
            insert_rows(con, table, rows)
            counted = con.execute(f"SELECT count(*) FROM {table}").fetchall()
            assert counted == [(len(rows),)], table
        got = con.execute(
            "SELECT source_code, target_code, date_value, date_source, place_name, place_lat "
            "FROM events WHERE trigger_text = 'attacked'"
        ).fetchall()
    finally:
        con.close()
    (attack,) = [e for e in record.events if e.trigger.text == "attacked"]
    assert attack.place is not None
    assert got == [("RUSMIL", "UKR", "2015-07-27", "clause", "Kharkiv", attack.place.lat)]
