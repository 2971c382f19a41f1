"""Opening the store to read it, for `tidings query`, `sql` and `export`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tidings import store

if TYPE_CHECKING:
    import duckdb


@contextmanager
def reading(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the store, closed after the block.

    The one place these commands open the store: when the store's snapshot generations land
    (`tidings.store.snapshot.newest_generation`), this is where a store that a run holds is
    read through its newest generation instead of failing as in use.
    """
    con = store.connect(db_path, read_only=True)
    try:
        yield con
    finally:
        con.close()
