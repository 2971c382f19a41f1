"""`tidings query` on a real store: the filters as options, formats, sort and limit, mistakes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from tidings.cli import app

runner = CliRunner()


def _count(db: Path, sql: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    assert row
    return int(row[0])


def test_query_cli_jsonl_gives_every_column_of_the_filtered_events(demo_store: Path) -> None:
    result = runner.invoke(
        app, ["query", "--db", str(demo_store), "--plover", "request", "-f", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(text) for text in result.stdout.splitlines()]
    assert len(rows) == _count(
        demo_store, "SELECT count(*) FROM countable_events WHERE plover = 'REQUEST'"
    )
    assert {row["plover"] for row in rows} == {"REQUEST"}
    assert {"event_key", "mentions", "sentence", "span_start", "date_start"} <= set(rows[0])


def test_query_cli_csv_sorted_and_limited(demo_store: Path) -> None:
    options = ["--sort", "date_start", "--desc", "--limit", "4", "--format", "csv"]
    result = runner.invoke(app, ["query", "--db", str(demo_store), *options])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 4
    days = [row["date_start"] for row in rows]
    assert days == sorted(days, reverse=True)


def test_query_cli_article_takes_an_id_prefix(demo_store: Path) -> None:
    con = duckdb.connect(str(demo_store), read_only=True)
    (article,) = con.execute("SELECT min(id) FROM articles").fetchone() or ("",)
    con.close()
    result = runner.invoke(
        app, ["query", "--db", str(demo_store), "--article", article[:8], "-f", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    ids = {json.loads(text)["article_id"] for text in result.stdout.splitlines()}
    assert ids == {article}


def test_query_cli_table_shows_the_count(demo_store: Path) -> None:
    result = runner.invoke(app, ["query", "--db", str(demo_store), "--cameo", "0234"])
    assert result.exit_code == 0, result.output
    total = _count(demo_store, "SELECT count(*) FROM countable_events WHERE cameo = '0234'")
    assert "0234" in result.stdout and f"{total} of {total} events" in result.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--sort", "nope"], "cannot sort by 'nope'"),
        (["--since", "July"], "is not a date"),
        (["--modality", "sure"], "unknown modality"),
        (["--format", "xml"], "--format 'xml'"),
        (["--article", "zzzz"], "no article"),
    ],
)
def test_query_cli_mistakes_exit_2(demo_store: Path, options: list[str], message: str) -> None:
    result = runner.invoke(app, ["query", "--db", str(demo_store), *options])
    assert result.exit_code == 2
    errors = [text for text in result.output.splitlines() if text.startswith("error:")]
    assert len(errors) == 1 and message in errors[0]


def test_query_cli_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    db = tmp_path / "none.duckdb"
    result = runner.invoke(app, ["query", "--db", str(db)])
    assert result.exit_code == 2 and not db.exists()
