"""Read-only SQL on a store: one read statement, on a connection that can touch nothing else.

Two locks, each enough alone for what it covers: the statement must parse as exactly one SELECT
(DuckDB's own parser says so: no INSERT, CREATE, COPY, ATTACH, INSTALL, LOAD, PRAGMA, SET or
CALL), and the connection has external access off and its configuration locked, so that a
SELECT cannot read or write a file (`read_csv('/etc/passwd')`, `glob`), reach the network or load
an extension, and nothing can turn that back on. The connection is opened read-only, so the
store itself cannot change either. `tidings sql` and the server's `/api/sql` both run this.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from tidings.errors import SqlRefused, SqlTimeout

if TYPE_CHECKING:
    import duckdb

# Settings made before the configuration is locked: no file system or network, no extension
# installed or loaded on demand.
_LOCKDOWN: Final = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
)
DEFAULT_ROW_LIMIT: Final = 10_000
DEFAULT_TIMEOUT: Final = 10.0


@dataclass(frozen=True, slots=True)
class SqlResult:
    """Column names, rows (at most the row limit), and whether rows were left off."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool


def lock_down(con: duckdb.DuckDBPyConnection, memory_limit: str | None = None) -> None:
    """Turn off external access and lock the configuration of `con`'s database (for every
    connection to it in this process: open the store for this alone)."""
    for statement in _LOCKDOWN:
        con.execute(statement)
    if memory_limit:
        con.execute("SET memory_limit = ?", [memory_limit])
    con.execute("SET lock_configuration = true")


def is_locked_down(con: duckdb.DuckDBPyConnection) -> bool:
    rows = con.execute(
        "SELECT value FROM duckdb_settings() WHERE name = 'lock_configuration'"
    ).fetchall()
    return bool(rows) and str(rows[0][0]).lower() == "true"


def check_read_statement(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Refuse (SqlRefused) anything but exactly one SELECT statement."""
    import duckdb

    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise SqlRefused(f"the SQL does not parse: {_first_line(exc)}") from None
    if len(statements) != 1:
        raise SqlRefused(f"give exactly one SELECT statement, not {len(statements)} statements")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        raise SqlRefused(f"only a SELECT is run here, not {kind.name}")


def run_read_only(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    row_limit: int = DEFAULT_ROW_LIMIT,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> SqlResult:
    """Run one SELECT on a locked-down connection: at most `row_limit` rows, interrupted after
    `timeout` seconds (SqlTimeout). Refused (SqlRefused) when `con` is not locked down, when
    the SQL is not one SELECT, or when DuckDB refuses or fails it."""
    import duckdb

    if not is_locked_down(con):
        raise SqlRefused("read-only SQL runs only on a connection locked down by lock_down()")
    check_read_statement(con, sql)
    timer = threading.Timer(timeout, con.interrupt) if timeout else None
    if timer:
        timer.daemon = True
        timer.start()
    try:
        cursor = con.execute(sql)
        columns = tuple(d[0] for d in cursor.description or ())
        rows = cursor.fetchmany(row_limit + 1)
    except duckdb.InterruptException:
        raise SqlTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
    except duckdb.Error as exc:
        raise SqlRefused(_first_line(exc)) from None
    finally:
        if timer:
            timer.cancel()
    return SqlResult(columns, tuple(tuple(r) for r in rows[:row_limit]), len(rows) > row_limit)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
