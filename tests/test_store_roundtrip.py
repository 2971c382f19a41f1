"""A stored record reads back whole: `read_record` after the writer gives the record written.

Each field that differs is named in the failure, so a column the store drops shows up here.
"""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import case_names
from test_dedup import VARIANTS, WIRE
from test_models_roundtrip import differences, edge_record

from tidings import store
from tidings.models import ArticleRecord, Problem, RawDocument, Setting, SourceRef
from tidings.pipeline.run import Pipeline
from tidings.store.queries import read_record
from tidings.store.reference import store_columns
from tidings.store.schema import MIGRATIONS
from tidings.store.writer import StoreWriter


def _write(db: Path, records: list[ArticleRecord]) -> None:
    con = store.connect(db)
    try:
        StoreWriter(con).write(records)
    finally:
        con.close()


def _read(db: Path, article_id: str) -> ArticleRecord:
    con = store.connect(db, read_only=True)
    try:
        return read_record(con, article_id)
    finally:
        con.close()


@pytest.mark.parametrize("name", case_names())
def test_store_golden_record_reads_back_whole(
    tmp_path: Path, golden_records: dict[str, ArticleRecord], name: str
) -> None:
    record = golden_records[name]
    db = tmp_path / "golden.duckdb"
    _write(db, [record])
    back = _read(db, record.article.id)
    assert differences(back, record) == []
    assert back == record


def test_store_absent_values_read_back_as_absent(tmp_path: Path) -> None:
    """No date, place, actor or speaker; a URL source with a record; scenes for the first
    sentences only; problems."""
    record = edge_record()
    db = tmp_path / "edge.duckdb"
    _write(db, [record])
    back = _read(db, record.article.id)
    assert differences(back, record) == []
    assert back == record
    shorter = dataclasses.replace(
        record,
        article=dataclasses.replace(
            record.article, id="a2", external_id="", published=date(2015, 7, 28)
        ),
        events=(),
        setting=Setting("", "", ("LVA",)),
        problems=(),
    )
    _write(db, [shorter])
    assert _read(db, "a2") == shorter


def test_store_a_story_copy_reads_back_with_its_own_mentions(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    """Two copies of one wire story share their merged events; each article's record still
    lists its own events with the mentions in that article only."""
    copy = VARIANTS["outlet boilerplate"](WIRE)
    records = [
        pipeline(RawDocument(SourceRef("wire.jsonl", aid), text, id=aid, published=day))
        for aid, text, day in (
            ("w1", WIRE, date(2015, 7, 28)),
            ("w2", copy, date(2015, 7, 29)),
        )
    ]
    assert all(isinstance(r, ArticleRecord) for r in records)
    db = tmp_path / "story.duckdb"
    _write(db, [r for r in records if isinstance(r, ArticleRecord)])
    con = duckdb.connect(str(db), read_only=True)
    shared = con.execute(
        "SELECT count(*) FROM story_events WHERE articles = 2 AND mentions = 2"
    ).fetchone()
    con.close()
    assert shared and shared[0] > 0, "the copies share merged events"
    for record in records:
        assert isinstance(record, ArticleRecord)
        back = _read(db, record.article.id)
        assert differences(back, record) == []
        assert {m.article for e in back.events for m in e.mentions} == {record.article.id}


def test_store_an_article_a_component_failed_on_is_stored_with_one_problem(
    tmp_path: Path, pipeline: Pipeline
) -> None:
    """The component that raised is one problem row (its dependant a warning); the article and
    what the other components found are stored and read back."""
    from test_pipeline import _Breaks, _Needs

    breaking = Pipeline(pipeline.settings, [*pipeline.components[:3], _Breaks(), _Needs()])
    (record,) = breaking.pipe([RawDocument(SourceRef("d0"), "The army moved into Riga on Monday.")])
    assert isinstance(record, ArticleRecord)
    db = tmp_path / "problems.duckdb"
    _write(db, [record])
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT component, severity FROM problems WHERE article_id = ? AND severity = 'error'",
        [record.article.id],
    ).fetchall()
    con.close()
    assert rows == [("breaks", "error")]
    back = _read(db, record.article.id)
    assert back == record
    assert back.places and back.places[0].name == "Riga"


def _old_store(db: Path) -> None:
    """A store as tidings wrote it before migration 0004, with one article in it."""
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    old = [(name, sql) for name, sql in MIGRATIONS if name < "0004"]
    for name, sql in old:
        con.execute(sql)
        con.execute("INSERT INTO migrations VALUES (?, now())", [name])
    con.execute(
        "INSERT INTO articles (id, content_hash, url, title, standfirst, byline, dateline, "
        "published, outlet, language, source, text) VALUES ('old', 'h', '', 'Old', '', '', '', "
        "'2015-07-28', '', 'en', 'old.txt', 'Police arrested five militants.')"
    )
    con.execute("INSERT INTO sentences VALUES ('old', 0, 0, 31, 'Police arrested five militants.')")
    con.execute("INSERT INTO organizations VALUES ('old', 0, 'Police', 'COP', '[[0, 6]]')")
    con.execute(
        "INSERT INTO runs (started_at, finished_at, inputs, articles, skipped, failures, "
        "tidings_version) VALUES (now(), now(), 'old.txt', 1, 0, 0, '0.0.1')"
    )
    con.close()


def test_store_before_0004_reads_what_it_has_and_upgrades_once(
    tmp_path: Path, golden_records: dict[str, ArticleRecord]
) -> None:
    db = tmp_path / "old.duckdb"
    _old_store(db)
    # Opened read-only (`tidings show`), the old store is not migrated: what it has reads back.
    old = _read(db, "old")
    assert old.article.title == "Old" and old.article.published == date(2015, 7, 28)
    assert old.organizations[0].spans == ((0, 6),) and old.organizations[0].aliases == ()
    assert old.setting == Setting() and old.problems == () and old.mentions == ()
    con = store.connect(db)
    assert store.applied_migrations(con) == [name for name, _ in MIGRATIONS]
    assert store.migrate(con) == []
    runs = con.execute("SELECT tidings_version, spacy_model FROM runs").fetchall()
    con.close()
    assert runs == [("0.0.1", None)]
    assert _read(db, "old") == old
    record = golden_records["baltic-2015"]
    _write(db, [record])
    assert _read(db, record.article.id) == record


def test_store_rewritten_record_replaces_its_problems_and_setting(
    tmp_path: Path, golden_records: dict[str, ArticleRecord]
) -> None:
    record = golden_records["arrest-2021"]
    db = tmp_path / "replace.duckdb"
    _write(db, [record])
    fixed = dataclasses.replace(
        record, setting=Setting("AFG", "capital"), problems=(Problem("dates", "warning", "x"),)
    )
    con = store.connect(db)
    StoreWriter(con, replace=True).write([fixed])
    con.close()
    assert _read(db, record.article.id) == fixed


def test_store_read_record_of_an_unknown_article_is_clear(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    store.connect(db).close()
    with pytest.raises(store.StoreError, match="no article with id 'nope'"):
        _read(db, "nope")


@pytest.mark.parametrize(
    ("value", "end", "place_source", "expected"),
    [
        # a month range: its first day, the last day of its end, at month precision
        ("2015-03", "2015-05", "clause", (date(2015, 3, 1), date(2015, 5, 31), "month", "Kabul")),
        ("2014", None, "clause", (date(2014, 1, 1), None, "year", "Kabul")),
        # a place that was only an actor's home country is no place
        ("2015-07-28", None, "actor", (date(2015, 7, 28), None, "day", None)),
        # a duration dated nothing
        ("P3M", None, "clause", (None, None, None, "Kabul")),
    ],
)
def test_store_0006_turns_stored_event_dates_into_periods(
    tmp_path: Path, value: str, end: str | None, place_source: str, expected: tuple[Any, ...]
) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    # A store that other migrations reached first (0007's countable_events over story_events).
    for name, sql in MIGRATIONS:
        if not name.startswith("0006"):
            con.execute(sql)
            con.execute("INSERT INTO migrations VALUES (?, now())", [name])
    con.execute(
        "INSERT INTO events (article_id, id, date_text, date_value, date_end, date_granularity, "
        "place_text, place_name, place_kind, place_source) "
        "VALUES ('a', 'e', '', ?, ?, 'day', 'Kabul', 'Kabul', 'city', ?)",
        [value, end, place_source],
    )
    con.close()
    con = store.connect(db)
    got = con.execute(
        "SELECT date_start, date_end, date_precision, place_name FROM events"
    ).fetchone()
    types = dict(
        con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'events'"
        ).fetchall()
    )
    # the columns the catalogue lists (what the store reference reads), not those of a query
    views = {view: store_columns(con)[view] for view in ("story_events", "countable_events")}
    con.execute("SELECT * FROM countable_events").fetchall()
    con.close()
    assert got == expected
    assert (types["date_start"], types["date_end"]) == ("DATE", "DATE")
    for columns in views.values():
        assert "date_start" in columns and "place_precision" in columns
        assert "date_granularity" not in columns and "place_kind" not in columns
    assert "date_granularity" not in types and "place_kind" not in types


def test_store_0009_counts_stored_events_paragraphs_as_the_pipeline_does(
    demo_store: Path, tmp_path: Path
) -> None:
    """A store from before 0009 (the demo store without its columns): migrated, each stored
    event gets the paragraph the pipeline gave it; articles get no invented time added."""
    db = tmp_path / "before-0009.duckdb"
    shutil.copy(demo_store, db)
    con = duckdb.connect(str(db))
    coded = con.execute("SELECT article_id, id, paragraph FROM events ORDER BY ALL").fetchall()
    con.execute("DROP VIEW countable_events")
    con.execute("DROP VIEW story_events")
    con.execute("ALTER TABLE events DROP COLUMN paragraph")
    con.execute("ALTER TABLE articles DROP COLUMN added_at")
    con.execute("DELETE FROM migrations WHERE name = '0009_export_fields'")
    con.close()
    con = store.connect(db)
    migrated = con.execute("SELECT article_id, id, paragraph FROM events ORDER BY ALL").fetchall()
    roots = con.execute("SELECT count(*) FROM countable_events WHERE paragraph = 0").fetchone()
    added = con.execute("SELECT count(added_at) FROM articles").fetchone()
    con.close()
    assert migrated == coded
    assert {p for _, _, p in coded} >= {0, 1, 2}
    assert roots and roots[0] > 0 and added == (0,)


def test_store_added_at_is_kept_when_an_article_is_replaced(
    tmp_path: Path, golden_records: dict[str, ArticleRecord]
) -> None:
    record = golden_records["arrest-2021"]
    db = tmp_path / "added.duckdb"
    _write(db, [record])
    con = store.connect(db)
    first = con.execute("SELECT added_at FROM articles").fetchone()
    StoreWriter(con, replace=True).write([record])
    again = con.execute("SELECT added_at FROM articles").fetchone()
    con.close()
    assert first and first[0] is not None and again == first
