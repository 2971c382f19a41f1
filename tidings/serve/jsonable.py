"""Rows from DuckDB as JSON values: dates as ISO text, JSON columns parsed, no NaN."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from tidings.query.output import plain as output_plain

if TYPE_CHECKING:
    import duckdb

_JSON_TYPES = (bool, int, float, str, list, dict)


def plain(value: Any) -> Any:
    """A value JSON can hold as such (tidings.query.output.plain, and no NaN, no intervals or
    other values JSON has no form for: those as text)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    made = output_plain(value)
    return made if made is None or isinstance(made, _JSON_TYPES) else str(made)


def _parsed(value: Any) -> Any:
    if not isinstance(value, str):
        return plain(value)
    try:
        return json.loads(value)
    except ValueError:
        return value


def columns_of(cursor: duckdb.DuckDBPyConnection) -> list[str]:
    return [str(d[0]) for d in cursor.description or ()]


def rows_as_dicts(cursor: duckdb.DuckDBPyConnection, rows: Sequence[Sequence[Any]]) -> list[Any]:
    """Rows of the cursor's last query as dicts by column name, JSON columns parsed."""
    description = cursor.description or ()
    names = [str(d[0]) for d in description]
    json_columns = {i for i, d in enumerate(description) if str(d[1]).upper() == "JSON"}
    return [
        {
            name: _parsed(value) if i in json_columns else plain(value)
            for i, (name, value) in enumerate(zip(names, row, strict=True))
        }
        for row in rows
    ]


def fetch_dicts(
    cursor: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> list[Any]:
    """Run a query and return its rows as dicts."""
    cursor.execute(sql, list(params))
    return rows_as_dicts(cursor, cursor.fetchall())
