"""A corpus run over good inputs among hostile ones: every good article stored, every bad input
recorded with its exact reason, and a second run changes nothing."""

from __future__ import annotations

from pathlib import Path

import duckdb
from conftest import build_hostile_corpus, store_snapshot

from tidings.config import Settings
from tidings.corpus import run_corpus


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_corpus_hostile_inputs_recorded_and_good_articles_stored(
    tmp_path: Path, settings: Settings
) -> None:
    corpus = build_hostile_corpus(tmp_path / "in")
    summary = run_corpus([str(corpus.root)], settings)
    db = settings.db_path
    failures = {
        (Path(str(location)).name, str(record)): str(error)
        for location, record, error in _rows(db, "SELECT location, record, error FROM failures")
    }
    assert failures == corpus.failures
    sources = {
        (Path(str(location)).name, str(record)): str(status)
        for location, record, status in _rows(db, "SELECT location, record, status FROM sources")
    }
    expected = {key: "article" for key in corpus.articles}
    expected |= {key: "duplicate" for key in corpus.duplicates}
    expected |= {key: "failure" for key in corpus.failures}
    assert sources == expected, "every input is accounted for"
    assert (summary.articles, summary.skipped, summary.failures) == (
        len(corpus.articles),
        len(corpus.duplicates),
        len(corpus.failures),
    )
    # The reused external id: two articles, the later one with a warning naming the first.
    reused = _rows(
        db,
        "SELECT a.id, a.source_record, p.severity, p.message FROM articles a "
        "LEFT JOIN problems p ON p.article_id = a.id AND p.component = 'ingest' "
        "WHERE a.external_id = '7' ORDER BY a.source_record",
    )
    (first, _, no_severity, _), (second, _, severity, message) = reused
    assert no_severity is None and severity == "warning" and first != second
    assert message == f"external id '7' also names {first} (a different text); both are stored"
    # The same text under another id: one article, two sources with their own external ids.
    pairs = _rows(
        db,
        "SELECT record, external_id, article_id FROM sources "
        "WHERE record IN ('line 1', 'line 5') ORDER BY record",
    )
    assert [(r[0], r[1]) for r in pairs] == [("line 1", "7"), ("line 5", "10")]
    assert pairs[0][2] == pairs[1][2] != second
    # The fetched page took its URL and date from the fetch index beside it.
    fetched = _rows(db, "SELECT url, published FROM articles WHERE source LIKE '%f0.html'")
    assert [(url, str(day)) for url, day in fetched] == [("https://x.test/fetched", "2020-08-17")]


def test_corpus_hostile_second_run_changes_nothing(tmp_path: Path, settings: Settings) -> None:
    corpus = build_hostile_corpus(tmp_path / "in")
    run_corpus([str(corpus.root)], settings)
    before = store_snapshot(settings.db_path)
    again = run_corpus([str(corpus.root)], settings)
    assert again.articles == 0
    assert store_snapshot(settings.db_path) == before


def test_corpus_hostile_cli_run_prints_each_failure_without_traceback(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tidings.cli import app

    corpus = build_hostile_corpus(tmp_path / "in")
    result = CliRunner().invoke(app, ["run", str(corpus.root), "--db", str(tmp_path / "h.duckdb")])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    for (name, record), reason in corpus.failures.items():
        path = next(corpus.root.rglob(name))  # the fetch index is in a folder of its own
        where = f"{path}:{record}" if record else str(path)
        assert f"{where}: {reason}" in " ".join(result.output.split()), (name, record)
