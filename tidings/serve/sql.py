"""Read-only SQL for the API: one checked statement, interrupted after a time limit, at most a
number of rows. The connection it runs on is itself read-only and locked down
(tidings.serve.generations.LOCKED_DOWN): the check says why a query is refused, the connection
is what makes sure."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tidings.errors import UsageError
from tidings.serve.jsonable import plain

if TYPE_CHECKING:
    import duckdb


class SqlTimeout(Exception):
    """The query ran past its time limit and was interrupted."""


@dataclass(frozen=True, slots=True)
class SqlResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def run_sql(
    con: duckdb.DuckDBPyConnection, text: str, seconds: float, max_rows: int
) -> SqlResult:
    """Run `text` (one read-only query) on `con`: its first `max_rows` rows; SqlTimeout after
    `seconds`; a UsageError (one line) for a refused or failed query."""
    import duckdb

    from tidings.query.sql import checked_sql

    statement = checked_sql(text)
    finished = threading.Event()
    timed_out = threading.Event()

    def interrupt() -> None:
        if not finished.is_set():
            timed_out.set()
            con.interrupt()

    timer = threading.Timer(seconds, interrupt)
    timer.start()
    try:
        cursor = con.execute(statement)
        columns = [str(d[0]) for d in cursor.description or ()]
        rows = cursor.fetchmany(max_rows + 1)
    except duckdb.Error as exc:
        if timed_out.is_set():
            raise SqlTimeout(f"the query ran longer than {seconds:g} s and was stopped") from None
        raise UsageError(str(exc).splitlines()[0]) from None
    finally:
        finished.set()
        timer.cancel()
    return SqlResult(columns, [[plain(v) for v in row] for row in rows[:max_rows]], len(rows) > max_rows)
