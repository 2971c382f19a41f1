"""Checks from the CLI: the lexicons in use and the store's health (the CLI layer: this module
may print)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from tidings import store
from tidings.config import Settings
from tidings.errors import StoreError
from tidings.terminal import count, line, safe

if TYPE_CHECKING:
    pass


def do_lexicons_check(directory: Path | None, out: Console) -> None:
    """Load and check the lexicons, then list the files in use and the fingerprint."""
    from tidings.lexicons import load_lexicons

    lexicons = load_lexicons(directory)
    table = Table(title=line("lexicons", f" with overrides from {directory}" if directory else ""))
    for column in ("file", "from", "entries", "path"):
        table.add_column(column, justify="right" if column == "entries" else "left")
    for file in lexicons.files:
        table.add_row(safe(file.name), file.role, str(file.entries), safe(file.path))
    out.print(table)
    out.print(line("fingerprint ", lexicons.fingerprint))


def do_store_check(settings: Settings, out: Console) -> None:
    """Check a store whole (headers, schema, every table read through): one line, a StoreError
    when it is damaged."""
    from tidings.store.health import unreadable_tables

    path = settings.db_path
    con = store.connect(path, read_only=True)
    try:
        tables, problems = unreadable_tables(con)
        row = con.execute("SELECT count(*) FROM articles").fetchone() if not problems else None
    finally:
        con.close()
    if problems:
        raise StoreError(
            f"the store {path} is damaged: {len(problems)} of {tables} tables cannot be read "
            f"({problems[0]})"
        )
    articles = count(int(row[0]) if row else 0, "article")
    out.print(line("ok: the store ", path, f" is whole ({tables} tables read through, {articles})"))
