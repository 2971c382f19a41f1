from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import CASES

from tidings import store
from tidings.config import Settings
from tidings.corpus import run_corpus
from tidings.store.schema import DATA_TABLES, MIGRATIONS


def _snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: sorted(con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in DATA_TABLES
        }
    finally:
        con.close()


def _corpus(tmp_path: Path) -> list[str]:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00junk")
    lines = tmp_path / "more.jsonl"
    lines.write_text(
        '{"id": "j1", "text": "Protesters marched in Minsk on Sunday, and police detained '
        '40 of them.", "date": "2020-08-16"}\n{"id": "j2", "text": oops}\n',
        encoding="utf-8",
    )
    return [str(CASES / "baltic-2015" / "article.txt"), str(bad), str(lines)]


def test_store_run_twice_changes_no_data_table(tmp_path: Path, settings: Settings) -> None:
    inputs = _corpus(tmp_path)
    first = run_corpus(inputs, settings)
    assert (first.articles, first.failures) == (2, 2)
    before = _snapshot(settings.db_path)
    second = run_corpus(inputs, settings)
    assert (second.articles, second.skipped, second.failures) == (0, 2, 2)
    assert _snapshot(settings.db_path) == before
    replaced = run_corpus(inputs, settings, replace=True)
    assert replaced.articles == 2
    assert _snapshot(settings.db_path) == before


def test_store_records_failures_with_reason(tmp_path: Path, settings: Settings) -> None:
    run_corpus(_corpus(tmp_path), settings)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    rows = con.execute(
        "SELECT location, record, stage, error FROM failures ORDER BY location"
    ).fetchall()
    sources = con.execute(
        "SELECT status, count(*) FROM sources GROUP BY status ORDER BY status"
    ).fetchall()
    con.close()
    assert rows[0][0].endswith("bad.txt") and "binary" in rows[0][3]
    assert (
        rows[1][0].endswith("more.jsonl")
        and rows[1][1] == "line 2"
        and "malformed JSON" in rows[1][3]
    )
    assert sources == [("article", 2), ("failure", 2)]


def test_store_migrations_are_named_and_applied_once(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    con = store.connect(db)
    assert store.applied_migrations(con) == [name for name, _ in MIGRATIONS]
    assert store.migrate(con) == []
    con.close()


def test_store_article_text_and_spans_round_trip(tmp_path: Path, settings: Settings) -> None:
    run_corpus(_corpus(tmp_path), settings)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    text = con.execute("SELECT text FROM articles WHERE id = 'j1'").fetchone()[0]
    places = con.execute(
        "SELECT text, span_start, span_end FROM places WHERE article_id = 'j1'"
    ).fetchall()
    con.close()
    assert places, "the NER finds Minsk"
    for surface, start, end in places:
        assert text[start:end] == surface


def test_store_read_only_missing_file_is_clear(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="no such store"):
        store.connect(tmp_path / "absent.duckdb", read_only=True)
