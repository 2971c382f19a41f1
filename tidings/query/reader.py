"""Opening the store to read it, for `tidings query`, `sql` and `export`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.store.reading import open_for_reading

if TYPE_CHECKING:
    import duckdb


@contextmanager
def reading(
    db_path: Path, said: Callable[[str], None] | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the store, closed after the block: the live store when it is
    free, its newest snapshot generation while a run holds it (tidings.store.reading); `said`
    gets the one line that says so when it reads a generation."""
    with open_for_reading(db_path) as opened:
        if said and opened.notice:
            said(opened.notice)
        yield opened.con
