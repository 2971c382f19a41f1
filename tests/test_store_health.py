"""A store that is damaged, newer, held by another process, or failing to write: one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from tidings import store
from tidings.cli import app
from tidings.models import ArticleRecord
from tidings.store.writer import StoreWriter

runner = CliRunner()


@pytest.fixture
def filled_store(tmp_path: Path, golden_records: dict[str, ArticleRecord]) -> Path:
    db = tmp_path / "filled.duckdb"
    con = store.connect(db)
    StoreWriter(con).write(list(golden_records.values()))
    con.close()
    return db


@pytest.mark.parametrize("command", [["store", "check"], ["stats"], ["show", "a"]])
def test_store_health_truncated_store_is_one_line(filled_store: Path, command: list[str]) -> None:
    os.truncate(filled_store, filled_store.stat().st_size // 2)
    result = runner.invoke(app, [*command, "--db", str(filled_store)])
    assert result.exit_code == 3, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert f"the store {filled_store} is damaged (truncated" in result.output


def test_store_health_check_passes_a_whole_store(filled_store: Path) -> None:
    result = runner.invoke(app, ["store", "check", "--db", str(filled_store)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"ok: the store {filled_store} is whole")


def test_store_health_newer_schema_is_refused(filled_store: Path) -> None:
    con = duckdb.connect(str(filled_store))
    con.execute("INSERT INTO migrations VALUES ('0099_from_the_future', now())")
    con.close()
    for read_only in (False, True):
        with pytest.raises(store.StoreError) as caught:
            store.connect(filled_store, read_only=read_only)
        message = str(caught.value)
        assert "0099_from_the_future" in message
        assert store.MIGRATIONS[-1][0] in message and "newer tidings" in message


def test_store_health_held_store_names_the_holder(filled_store: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "sys.stdin.read()",
            str(filled_store),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        waits: list[float] = []
        with pytest.raises(store.StoreError) as caught:
            store.connect(filled_store, wait=1.0, sleep=waits.append)
        assert str(caught.value) == (
            f"the store {filled_store} is in use by another tidings process (PID {holder.pid})"
        )
        assert sum(waits) == pytest.approx(1.0)  # it waited before failing
    finally:
        holder.communicate("", timeout=30)


def test_store_health_briefly_held_store_is_waited_for(
    filled_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = duckdb.connect
    refusals = [duckdb.IOException('Could not set lock on file "x": Conflicting lock')] * 3

    def connect(*args: Any, **kwargs: Any) -> duckdb.DuckDBPyConnection:
        if refusals:
            raise refusals.pop()
        return real(*args, **kwargs)

    monkeypatch.setattr(duckdb, "connect", connect)
    waits: list[float] = []
    con = store.connect(filled_store, sleep=waits.append)
    con.close()
    assert len(waits) == 3 and not refusals


def test_store_health_write_error_reports_its_cause(
    tmp_path: Path, golden_records: dict[str, ArticleRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tidings.store.batch as batch_module

    def bad_rows(record: ArticleRecord) -> dict[str, list[dict[str, Any]]]:
        return {"sentences": [{"article_id": "x", "idx": "not a number"}]}

    monkeypatch.setattr(batch_module, "rows_by_table", bad_rows)
    con = store.connect(tmp_path / "w.duckdb")
    with pytest.raises(store.StoreError) as caught:
        StoreWriter(con).write(list(golden_records.values())[:1])
    message = str(caught.value)
    assert "nothing of it stored" in message and "not a number" in message
    assert "transaction is aborted" not in message
    count = con.execute("SELECT count(*) FROM sources").fetchone()
    con.close()
    assert count == (0,)


class _CommitFails:
    """A connection whose COMMIT raises, after committing (`durable`) or instead of it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, durable: bool) -> None:
        self.con = con
        self.durable = durable

    def execute(self, sql: str, *args: Any) -> Any:
        if sql == "COMMIT":
            if self.durable:
                self.con.execute(sql)
            else:
                self.con.execute("ROLLBACK")
            raise duckdb.IOException("checkpoint failed: No space left on device")
        return self.con.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.con, name)


@pytest.mark.parametrize("durable", [True, False])
def test_store_health_batch_failed_only_when_not_committed(
    tmp_path: Path, golden_records: dict[str, ArticleRecord], durable: bool
) -> None:
    con = store.connect(tmp_path / "c.duckdb")
    writer = StoreWriter(con)
    writer.con = _CommitFails(con, durable)  # type: ignore[assignment]
    records = list(golden_records.values())[:2]
    if durable:
        assert writer.write(records).articles == 2
    else:
        with pytest.raises(store.StoreError, match=r"not stored: .*No space left"):
            writer.write(records)
    stored = con.execute("SELECT count(*) FROM articles").fetchone()
    con.close()
    assert stored == (2 if durable else 0,)
