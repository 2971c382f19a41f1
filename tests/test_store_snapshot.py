"""Snapshot generations: publication, pruning around readers, and read-only commands reading a
generation while a run holds the store."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import CASES, bare_article, write_articles
from typer.testing import CliRunner

from tidings import store
from tidings.cli import app
from tidings.config import Settings
from tidings.corpus import run_corpus
from tidings.errors import StoreError
from tidings.store.reading import open_for_reading
from tidings.store.snapshot import (
    KEEP,
    Generation,
    Publisher,
    generations,
    generations_dir,
    hold_newest,
    newest_generation,
    publish,
)
from tidings.store.writer import StoreWriter

runner = CliRunner()


def _articles(path: Path) -> int:
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else -1
    finally:
        con.close()


def _publish(db: Path, times: int = 1) -> list[Path]:
    con = store.connect(db)
    try:
        return [publish(con, db).path for _ in range(times)]
    finally:
        con.close()


def test_store_snapshot_publish_copies_the_store_and_points_at_it(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1"), bare_article("a2")])
    assert newest_generation(db) is None
    (first,) = _publish(db)
    assert newest_generation(db) == first
    assert first.parent == generations_dir(db) == tmp_path / "s.duckdb.generations"
    assert _articles(first) == 2
    write_articles(db, [bare_article("a3")])
    (second,) = _publish(db)
    assert newest_generation(db) == second and _articles(second) == 3
    assert _articles(first) == 2  # a published generation never changes
    assert not list(generations_dir(db).glob("*.partial")) and not list(tmp_path.glob("*.wal"))


def test_store_snapshot_views_become_tables_with_summaries(tmp_path: Path) -> None:
    """The countable events are a table in a generation, equal to the store's view (the
    merged events stay a view), and the summaries of the countable events are there."""
    from conftest import event_record

    db = tmp_path / "s.duckdb"
    con = store.connect(db)
    StoreWriter(con).write(
        [
            event_record(
                f"Lithuania asked NATO for troops, report {i}.", f"{i}.txt", f"201{3 + 2 * i}-07-21"
            )
            for i in range(3)
        ]
    )
    generation = publish(con, db).path
    views = {
        v: sorted(con.execute(f"SELECT * FROM {v}").fetchall(), key=repr)
        for v in ("story_events", "countable_events")
    }
    con.close()
    copy = duckdb.connect(str(generation), read_only=True)
    try:
        kinds = dict(
            copy.execute("SELECT table_name, table_type FROM information_schema.tables").fetchall()
        )
        assert (kinds["countable_events"], kinds["story_events"]) == ("BASE TABLE", "VIEW")
        for view, rows in views.items():
            assert sorted(copy.execute(f"SELECT * FROM {view}").fetchall(), key=repr) == rows
        assert copy.execute("SELECT sum(events) FROM summary_daily").fetchone() == (3,)
        assert copy.execute(
            "SELECT source, target, weight, cameo FROM summary_pairs"
        ).fetchall() == [("LTU", "IGOWSTNAT", 3, "02")]
    finally:
        copy.close()


def test_store_snapshot_keeps_the_newest_two(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1")])
    published = _publish(db, 5)
    kept = [g.path for g in generations(db)]
    assert kept == published[-KEEP:]
    assert newest_generation(db) == published[-1]


def test_store_snapshot_never_deletes_a_generation_a_reader_holds(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1")])
    (first,) = _publish(db)
    hold = hold_newest(db)
    assert hold is not None and hold.generation.path == first
    reader = duckdb.connect(str(first), read_only=True)
    try:
        later = _publish(db, 3)
        assert first.exists(), "a held generation was deleted"
        assert reader.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        assert [g.path for g in generations(db)] == [first, *later[-KEEP:]]
    finally:
        reader.close()
        hold.release()
    last = _publish(db)
    assert not first.exists()
    assert [g.path for g in generations(db)] == [later[-1], *last]


def test_store_snapshot_publisher_publishes_every_interval_and_at_the_end(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1")])
    now = [0.0]
    con = store.connect(db)
    try:
        publisher = Publisher(con, db, every=60.0, clock=lambda: now[0])
        assert publisher.due() is None
        now[0] = 59.0
        assert publisher.due() is None
        now[0] = 60.0
        assert publisher.due() is not None
        now[0] = 100.0
        assert publisher.due() is None
        # A publication that took 30 s spaces the next one by 4 x 30 s, not 60 s.
        slow = Generation(publisher.published[-1].path, publisher.published[-1].published_at, 30.0)
        publisher.published.append(slow)
        now[0] = 170.0
        assert publisher.due() is None
        now[0] = 180.0
        assert publisher.due() is not None
        never = Publisher(con, db, every=0.0, clock=lambda: now[0])
        now[0] = 10_000.0
        assert never.due() is None
        final = never.final()
    finally:
        con.close()
    assert newest_generation(db) == final.path and len(publisher.published) == 3


def test_store_snapshot_a_run_publishes_its_articles(tmp_path: Path, settings: Settings) -> None:
    summary = run_corpus([str(CASES / "baltic-2015" / "article.txt")], settings)
    assert summary.generation is not None
    assert newest_generation(settings.db_path) == summary.generation.path
    assert _articles(summary.generation.path) == 1


def test_store_snapshot_a_migration_publishes(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    write_articles(db, [bare_article("a1")])
    con = duckdb.connect(str(db))
    con.execute("DELETE FROM migrations WHERE name = '0008_article_provenance'")
    con.execute("ALTER TABLE articles DROP COLUMN coded_with")
    con.close()
    assert newest_generation(db) is None
    store.connect(db).close()
    generation = newest_generation(db)
    assert generation is not None and _articles(generation) == 1


@pytest.fixture
def held_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A store with one article and a generation, then held by a write connection in another
    process (as a run holds it) until the test ends."""
    db = tmp_path / "held.duckdb"
    write_articles(db, [bare_article("a1", title="First")])
    _publish(db)
    write_articles(db, [bare_article("a2", title="Second")])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    yield db
    holder.communicate("", timeout=30)


def test_store_snapshot_reading_falls_back_to_the_generation(held_store: Path) -> None:
    with open_for_reading(held_store) as reading:
        assert reading.source == "generation"
        assert reading.con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
        assert "held by a run" in reading.describe()


def test_store_snapshot_reading_prefers_the_live_store(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1")])
    _publish(db)
    write_articles(db, [bare_article("a2")])
    with open_for_reading(db) as reading:
        assert reading.source == "store"
        assert reading.con.execute("SELECT count(*) FROM articles").fetchone() == (2,)
        assert reading.describe() == f"reading the store {db}"


@pytest.mark.parametrize("command", [["stats"], ["show", "a1"]])
def test_store_snapshot_commands_read_the_generation_while_a_run_holds_the_store(
    held_store: Path, command: list[str]
) -> None:
    result = runner.invoke(app, [*command, "--db", str(held_store)])
    assert result.exit_code == 0, result.output
    assert "held by a run; reading its generation gen-" in result.output
    if command[0] == "stats":
        assert re.search(r"articles\W+1\W", result.output), result.output


def test_store_snapshot_held_store_without_generation_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1")])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreError, match="in use by another tidings process"):
            open_for_reading(db, wait=0.5)
    finally:
        holder.communicate("", timeout=30)


def test_store_snapshot_a_run_that_cannot_publish_keeps_its_results(
    tmp_path: Path, settings: Settings
) -> None:
    generations_dir(settings.db_path).write_text("not a folder")
    result = runner.invoke(
        app,
        ["run", str(CASES / "baltic-2015" / "article.txt"), "--db", str(settings.db_path), "-q"],
    )
    assert result.exit_code == 0, result.output
    assert "1 new article" in result.output
    assert "publishing a generation of" in result.output
    assert "keep the previous one" in result.output
    assert _articles(settings.db_path) == 1 and newest_generation(settings.db_path) is None
