"""Parquet and CSV, written by DuckDB: every table and view of the store (one file each in a
directory), or the filtered events (one file). Parquet keeps DuckDB's column types."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from tidings.errors import UsageError
from tidings.query.filters import ALIAS, EventFilter, where_clause

if TYPE_CHECKING:
    import duckdb

TABLE_FORMATS: Final = ("parquet", "csv")
# Tables and views that are the store's data, not its bookkeeping (DuckDB's own are internal).
_RELATIONS = """
    SELECT table_name FROM duckdb_tables() WHERE NOT temporary
    UNION ALL
    SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary
    ORDER BY 1
"""


@dataclass(frozen=True, slots=True)
class Written:
    """One file an export wrote: what it holds, where, how many rows."""

    name: str
    path: Path
    rows: int


def _write(relation: duckdb.DuckDBPyRelation, path: Path, fmt: str) -> None:
    if fmt == "parquet":
        relation.write_parquet(str(path))
    else:
        relation.write_csv(str(path), header=True)


def _rows(con: duckdb.DuckDBPyConnection, path: Path, fmt: str) -> int:
    reader = "read_parquet" if fmt == "parquet" else "read_csv"
    rows = con.execute(f"SELECT count(*) FROM {reader}(?)", [str(path)]).fetchall()
    return int(rows[0][0])


def check_format(fmt: str) -> None:
    if fmt not in TABLE_FORMATS:
        raise UsageError(f"format {fmt!r}: give one of {', '.join(TABLE_FORMATS)}")


def export_tables(con: duckdb.DuckDBPyConnection, directory: Path, fmt: str) -> list[Written]:
    """Every table and view of the store as DIRECTORY/NAME.parquet (or .csv); the directory is
    made when missing, and must not be a file."""
    check_format(fmt)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; name a directory to write one file per table")
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for (name,) in con.execute(_RELATIONS).fetchall():
        path = directory / f"{name}.{fmt}"
        _write(con.table(f'"{name}"'), path, fmt)
        written.append(Written(str(name), path, _rows(con, path, fmt)))
    return written


def export_filtered(
    con: duckdb.DuckDBPyConnection, flt: EventFilter, path: Path, fmt: str
) -> Written:
    """The events a filter selects (every column of its relation), in date order, as one file."""
    check_format(fmt)
    if path.is_dir():
        raise UsageError(f"{path} is a directory; name the {fmt} file to write the events to")
    clause = where_clause(flt)
    relation = con.sql(
        f"SELECT {ALIAS}.* {clause.from_where} "
        f"ORDER BY {ALIAS}.date_start NULLS LAST, {ALIAS}.article_id, {ALIAS}.id",
        params=list(clause.params),
    )
    _write(relation, path, fmt)
    return Written(clause.relation, path, _rows(con, path, fmt))
