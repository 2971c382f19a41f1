"""Rows as text for other tools: JSON lines and CSV (the terminal table is the CLI's)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any, Final

FORMATS: Final = ("table", "jsonl", "csv")


def plain(value: Any) -> Any:
    """A DuckDB value as JSON can hold it: dates and times as ISO text, decimals as floats,
    bytes as hex, lists and structs element by element."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def jsonl_lines(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """One JSON object per row, keyed by column, each a line with its newline."""
    for row in rows:
        record = {name: plain(value) for name, value in zip(columns, row, strict=True)}
        yield json.dumps(record, ensure_ascii=False) + "\n"


def write_csv(stream: IO[str], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A header and one line per row; NULL as an empty field."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else _csv_value(v) for v in row])


def _csv_value(value: Any) -> Any:
    found = plain(value)
    return json.dumps(found, ensure_ascii=False) if isinstance(found, dict | list) else found
