"""Read-only SQL on a real store: one SELECT runs; writes, files, extensions and settings don't."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.errors import SqlRefused, SqlTimeout
from tidings.query.sql import lock_down, run_read_only

runner = CliRunner()


@pytest.fixture
def store_copy(demo_store: Path, tmp_path: Path) -> Path:
    """A copy of the demo store that a test may check for changes."""
    db = tmp_path / "copy.duckdb"
    shutil.copy(demo_store, db)
    return db


@pytest.fixture
def con(demo_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(demo_store), read_only=True)
    lock_down(connection)
    yield connection
    connection.close()


def test_sql_select_gives_columns_and_rows(con: duckdb.DuckDBPyConnection) -> None:
    result = run_read_only(
        con, "SELECT plover, count(*) AS n FROM countable_events GROUP BY plover ORDER BY n DESC"
    )
    assert result.columns == ("plover", "n")
    expected = con.execute("SELECT count(*) FROM countable_events").fetchone()
    assert expected and sum(n for _, n in result.rows) == expected[0]
    assert not result.truncated


def test_sql_row_limit_truncates(con: duckdb.DuckDBPyConnection) -> None:
    result = run_read_only(con, "SELECT id FROM events", row_limit=3)
    assert len(result.rows) == 3 and result.truncated


def test_sql_time_limit_interrupts(con: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(SqlTimeout):
        run_read_only(con, "SELECT count(*) FROM range(100000000000) a", timeout=0.3)
    # The connection still answers after an interrupt.
    assert run_read_only(con, "SELECT 1 AS one").rows == ((1,),)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("INSERT INTO failures VALUES ('x', 'y', 'z', 'w')", "not INSERT"),
        ("CREATE TEMP TABLE t AS SELECT 1", "not CREATE"),
        ("CREATE TABLE t (a INTEGER)", "not CREATE"),
        ("DELETE FROM events", "not DELETE"),
        ("UPDATE articles SET title = 'x'", "not UPDATE"),
        ("DROP TABLE events", "not DROP"),
        ("COPY events TO '/tmp/tidings-leak.csv'", "not COPY"),
        ("ATTACH '/tmp/tidings-other.duckdb' AS other", "not ATTACH"),
        ("INSTALL httpfs", "not LOAD"),
        ("LOAD httpfs", "not LOAD"),
        ("PRAGMA enable_external_access", "not PRAGMA"),
        ("SET enable_external_access = true", "not SET"),
        ("CALL pragma_version()", "not CALL"),
        ("SELECT 1; DROP TABLE events", "exactly one"),
        ("SELECT * FROM read_csv('/etc/passwd')", "disabled by configuration"),
        ("SELECT * FROM read_text('/etc/hostname')", "disabled by configuration"),
        ("SELECT * FROM glob('/etc/*')", "disabled by configuration"),
        ("SELECT * FROM read_parquet('https://example.org/x.parquet')", "disabled"),
        ("SELEC nonsense", "does not parse"),
    ],
)
def test_sql_refuses_all_but_reading_the_store(
    con: duckdb.DuckDBPyConnection, statement: str, message: str
) -> None:
    with pytest.raises(SqlRefused, match=message):
        run_read_only(con, statement)


def test_sql_refuses_a_connection_not_locked_down(demo_store: Path) -> None:
    connection = duckdb.connect(str(demo_store), read_only=True)
    try:
        with pytest.raises(SqlRefused, match="locked down"):
            run_read_only(connection, "SELECT 1")
    finally:
        connection.close()


def test_sql_cli_selects_and_refuses_writes(store_copy: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["sql", "--db", str(store_copy), "-f", "csv", "SELECT count(*) AS n FROM articles"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "n" and int(result.stdout.splitlines()[1]) > 0
    before = store_copy.read_bytes()
    leak = tmp_path / "leak.csv"
    for statement in (
        "DELETE FROM articles",
        f"COPY articles TO '{leak}'",
        f"SELECT * FROM read_csv('{store_copy}')",
    ):
        refused = runner.invoke(app, ["sql", "--db", str(store_copy), statement])
        assert refused.exit_code == 2, refused.output
        assert refused.output.splitlines()[-1].startswith("error:")
    assert store_copy.read_bytes() == before and not leak.exists()
