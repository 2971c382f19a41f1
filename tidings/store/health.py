"""Is a store whole, whose is it, and who holds it: the checks `store.connect` and
`tidings store check` make.

A DuckDB file starts with a main header (4 KiB, the magic bytes "DUCK" at offset 8) and two
database headers (4 KiB each) of which the one with the higher iteration is current; it records
how many blocks the file holds and their size, so a file shorter than its headers say (a copy cut
short, a disk that filled up) is found before any table is read. A full check then reads every
table whole: DuckDB verifies each block's checksum as it reads it.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb

HEADER = 4096
MAGIC = b"DUCK"
_LOCK = re.compile(r"Could not set lock on file")
_PID = re.compile(r"\(PID (\d+)\)")


def header_damage(path: Path) -> str:
    """Why the file at `path` cannot be a whole DuckDB store ("" when its headers hold up, or
    when it is no DuckDB file this check understands: DuckDB then says what it finds)."""
    try:
        size = path.stat().st_size
        if size == 0:
            return ""
        with path.open("rb") as file:
            head = file.read(3 * HEADER)
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if len(head) < 3 * HEADER:
        return f"{size:,} bytes, shorter than a DuckDB file's headers"
    if head[8:12] != MAGIC:
        return "not a DuckDB file"
    current = max(
        (struct.unpack_from("<QQQQQ", head, offset + 8) for offset in (HEADER, 2 * HEADER)),
        key=lambda fields: fields[0],
    )
    _iteration, _meta, _free, blocks, block_size = current
    if not (HEADER <= block_size <= 1 << 24 and block_size & (block_size - 1) == 0):
        return ""  # a layout this check does not know
    expected = 3 * HEADER + blocks * block_size
    if size < expected:
        return f"truncated: {size:,} bytes where its header records {expected:,}"
    return ""


def is_lock_error(exc: BaseException) -> bool:
    return bool(_LOCK.search(str(exc)))


def in_use_message(path: Path, exc: BaseException) -> str:
    """The one line for a store another process holds, with its PID when DuckDB gives it."""
    found = _PID.search(str(exc))
    holder = f" (PID {found.group(1)})" if found else " (DuckDB did not say which)"
    return f"the store {path} is in use by another tidings process{holder}"


def unreadable_tables(con: duckdb.DuckDBPyConnection) -> tuple[int, list[str]]:
    """Read every table of the store whole: how many were read, and each one that could not be
    ("table: reason")."""
    import duckdb

    names = [
        str(row[0])
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY table_name"
        ).fetchall()
    ]
    problems = []
    for name in names:
        try:
            # hash() of the whole row makes DuckDB read every column of every row.
            con.execute(f'SELECT count(*), max(hash(t)) FROM "{name}" AS t').fetchall()
        except duckdb.Error as exc:
            problems.append(f"{name}: {str(exc).splitlines()[0]}")
    return len(names), problems
