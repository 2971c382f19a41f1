"""The DuckDB store: open (and migrate) a file, write records, query them back."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tidings import __version__
from tidings.errors import NoStoreError, StoreBusyError, StoreError
from tidings.store import health

__all__ = ["StoreError", "applied_migrations", "connect", "migrate"]
from tidings.store.schema import MIGRATIONS

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)


# How long opening a store waits for another process to let go of it (a run that just ended,
# a `stats` reading it) before it says the store is in use, and how often it tries.
LOCK_WAIT = 5.0
LOCK_RETRY = 0.25


def connect(
    path: Path | str,
    read_only: bool = False,
    wait: float = LOCK_WAIT,
    sleep: Callable[[float], None] = time.sleep,
    memory_limit: str = "",
) -> duckdb.DuckDBPyConnection:
    """A connection to the store at `path`, created and migrated to the latest schema;
    `memory_limit` ("2GB") caps what DuckDB holds in memory before it spills to disk.

    Refused with a StoreError of one line: a store whose file is cut short (damaged), written by
    a newer tidings (a migration this one does not know), or held by another process after
    waiting `wait` seconds for it.
    """
    import duckdb

    path = Path(path)
    if read_only and not path.exists():
        raise NoStoreError(f"{path}: no such store; run `tidings run` first")
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a store file")
    if path.exists():
        damage = health.header_damage(path)
        if damage:
            raise StoreError(f"the store {path} is damaged ({damage})")
    config: dict[str, str | bool | int | float | list[str]] = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    con = _open(path, read_only, wait, sleep, config)
    try:
        refuse_newer(con, path)
        if not read_only and migrate(con) and _had_data(con):
            # Readers of generations see the migrated schema without waiting for a run.
            from tidings.store.snapshot import publish

            publish(con, path)
    except StoreError:
        con.close()
        raise
    except duckdb.Error as exc:
        con.close()
        reason = str(exc).splitlines()[0]
        raise StoreError(f"the store {path} cannot be read ({reason})") from exc
    return con


def _open(
    path: Path,
    read_only: bool,
    wait: float,
    sleep: Callable[[float], None],
    config: dict[str, str | bool | int | float | list[str]],
) -> duckdb.DuckDBPyConnection:
    import duckdb

    tries = 1 + max(0, int(wait / LOCK_RETRY))
    for attempt in range(tries):
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.Error as exc:
            if not health.is_lock_error(exc):
                reason = str(exc).splitlines()[0]
                raise StoreError(f"{path}: cannot open the store: {reason}") from exc
            if attempt == tries - 1:
                raise StoreBusyError(health.in_use_message(path, exc)) from exc
            log.info("the store %s is held by another process; waiting", path)
            sleep(LOCK_RETRY)
    raise AssertionError("unreachable")


def refuse_newer(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """A store written by a newer tidings (a migration this one does not know) is not opened:
    its tables may mean something this version would get wrong."""
    present = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'migrations'"
    ).fetchone()
    if not present or not present[0]:
        return
    names = [str(r[0]) for r in con.execute("SELECT name FROM migrations ORDER BY name").fetchall()]
    unknown = sorted(set(names) - {name for name, _ in MIGRATIONS})
    if unknown:
        raise StoreError(
            f"the store {path} has schema {unknown[-1]}, from a newer tidings; this tidings "
            f"{__version__} knows schemas up to {MIGRATIONS[-1][0]}: upgrade tidings to use it"
        )


def _had_data(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the store holds articles (a store just created is not worth publishing)."""
    # fetchall, not fetchone: an unfinished result would block the connection's next statement.
    rows = con.execute("SELECT count(*) FROM articles").fetchall()
    return bool(rows[0][0])


def applied_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    con.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)"
    )
    return [row[0] for row in con.execute("SELECT name FROM migrations ORDER BY name").fetchall()]


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply the migrations not yet applied, each in a transaction; return their names."""
    done = set(applied_migrations(con))
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO migrations VALUES (?, ?)",
                [name, datetime.now(UTC).replace(tzinfo=None)],
            )
            con.execute("COMMIT")
        except Exception as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc
        log.info("applied migration %s", name)
        applied.append(name)
    return applied
