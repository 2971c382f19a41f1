"""The one way read-only commands open the store: the live file when it is free, the newest
generation when a run holds it (tidings.store.snapshot), saying which."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from tidings.errors import StoreBusyError, StoreError
from tidings.store import LOCK_WAIT, connect
from tidings.store.snapshot import Generation, Hold, hold_newest

if TYPE_CHECKING:
    import duckdb


@dataclass
class Reading:
    """An open read-only connection, and what it reads: the live store, or a generation of it
    (held against deletion until `close()`)."""

    con: duckdb.DuckDBPyConnection
    db_path: Path
    hold: Hold | None = field(default=None, repr=False)

    @property
    def generation(self) -> Generation | None:
        return self.hold.generation if self.hold else None

    @property
    def source(self) -> str:
        """'store' or 'generation'."""
        return "generation" if self.hold else "store"

    @property
    def notice(self) -> str | None:
        """The one line a command says when it reads a generation instead of the store (None
        for the live store: nothing to say)."""
        return self.describe() if self.hold else None

    def describe(self) -> str:
        """One line saying what is read."""
        generation = self.generation
        if generation is None:
            return f"reading the store {self.db_path}"
        published = generation.published_at.strftime("%Y-%m-%d %H:%M:%S UTC")
        return (
            f"the store {self.db_path} is held by a run; reading its generation "
            f"{generation.name} (published {published})"
        )

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            if self.hold:
                self.hold.release()

    def __enter__(self) -> Reading:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_generation(hold: Hold, config: dict[str, Any] | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a held generation."""
    import duckdb

    try:
        return duckdb.connect(str(hold.generation.path), read_only=True, config=config or {})
    except duckdb.Error as exc:
        reason = str(exc).splitlines()[0]
        path = hold.generation.path
        raise StoreError(f"the generation {path} cannot be read ({reason})") from exc


def open_for_reading(db_path: Path | str, wait: float = LOCK_WAIT) -> Reading:
    """Read the store at `db_path`: the live file when no run holds it, else its newest
    generation; a store held with no generation published yet is waited for (`wait` seconds)
    and then refused with a StoreError."""
    path = Path(db_path)
    try:
        return Reading(connect(path, read_only=True, wait=0), path)
    except StoreBusyError:
        hold = hold_newest(path)
        if hold is None:
            return Reading(connect(path, read_only=True, wait=wait), path)
    try:
        return Reading(open_generation(hold), path, hold)
    except BaseException:
        hold.release()
        raise
