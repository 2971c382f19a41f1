"""One export, whatever its format: what `tidings export` calls."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final, TextIO

from tidings.errors import UsageError
from tidings.export.events import export_events
from tidings.export.gdelt import gdelt_lines
from tidings.export.plover import plover_lines
from tidings.export.tables import TABLE_FORMATS, Written, export_filtered, export_tables
from tidings.query.filters import EventFilter

if TYPE_CHECKING:
    import duckdb

FORMATS: Final = ("gdelt", "plover", *TABLE_FORMATS)
STDOUT: Final = Path("-")


def _write_lines(lines: Iterable[str], path: Path, stdout: TextIO | None) -> int:
    """Write lines to `path` (through a temporary file renamed into place, so that a failed
    export leaves no half file), or to `stdout` for the path "-"; return how many."""
    count = 0
    if path == STDOUT and stdout is not None:
        for count, text in enumerate(lines, start=1):  # noqa: B007 - the count is the result
            stdout.write(text)
        return count
    if path.is_dir():
        raise UsageError(f"{path} is a directory; name the file to write")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            for count, text in enumerate(lines, start=1):  # noqa: B007
                out.write(text)
        os.replace(partial, path)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the export: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return count


def export(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    flt: EventFilter,
    path: Path,
    events_only: bool = False,
    stdout: TextIO | None = None,
) -> list[Written]:
    """Export in `fmt` to `path`: GDELT or PLOVER lines of the filtered events (to stdout for
    "-"); Parquet or CSV of every table into the directory `path`, or of the filtered events
    into the file `path` when a filter is given or `events_only`."""
    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: give one of {', '.join(FORMATS)}")
    if fmt in ("gdelt", "plover"):
        render = gdelt_lines if fmt == "gdelt" else plover_lines
        lines = _write_lines(render(export_events(con, flt)), path, stdout)
        return [Written(flt.relation, path, lines - (fmt == "gdelt"))]
    if path == STDOUT:
        raise UsageError(f"{fmt} is written to files: give -o a path, not -")
    if events_only or not flt.is_empty:
        return [export_filtered(con, flt, path, fmt)]
    return export_tables(con, path, fmt)
