"""The server's view of the store: the newest published generation, opened read-only and locked
down, switched to a newer one between requests.

The server never opens the live store (a run writes it). Each request leases the generation
current when it starts and keeps it to its end; a generation replaced meanwhile is closed, and
its reader hold released (so the writer may delete it), when its last request is done.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.store.reading import open_generation
from tidings.store.snapshot import POINTER, Generation, Hold, generations_dir, hold_newest

if TYPE_CHECKING:
    import duckdb

# Nothing read through the server can touch a file, load an extension or change a setting.
LOCKED_DOWN: dict[str, Any] = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "lock_configuration": True,
}


@dataclass(frozen=True, slots=True)
class Lease:
    """What one request reads: a cursor on a generation, and which generation."""

    con: duckdb.DuckDBPyConnection
    generation: Generation


class NoGeneration(Exception):
    """No generation is published yet."""


class _Open:
    """One open generation and the requests using it."""

    def __init__(self, hold: Hold, con: duckdb.DuckDBPyConnection) -> None:
        self.hold = hold
        self.con = con
        self.users = 0
        self.retired = False

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            self.hold.release()


class Generations:
    """Leases on the newest generation of the store at `db_path`."""

    def __init__(self, db_path: Path, config: dict[str, Any] | None = None) -> None:
        self.db_path = db_path
        self.config = {**LOCKED_DOWN, **(config or {})}
        self._pointer = generations_dir(db_path) / POINTER
        self._seen: tuple[int, int] | None = None
        self._open: _Open | None = None
        self._lock = threading.Lock()

    def _pointer_changed(self) -> bool:
        try:
            info = os.stat(self._pointer)
        except FileNotFoundError:
            return self._open is None
        seen = (info.st_ino, info.st_mtime_ns)
        if seen == self._seen:
            return False
        self._seen = seen
        return True

    def _refresh(self) -> None:
        """Open the newest generation if CURRENT names another than the open one."""
        if not self._pointer_changed():
            return
        hold = hold_newest(self.db_path)
        if hold is None:
            self._seen = None
            return
        if self._open and hold.generation.path == self._open.hold.generation.path:
            hold.release()
            return
        try:
            fresh = _Open(hold, open_generation(hold, self.config))
        except BaseException:
            hold.release()
            raise
        old, self._open = self._open, fresh
        if old is not None:
            old.retired = True
            if not old.users:
                old.close()

    @contextlib.contextmanager
    def lease(self) -> Iterator[Lease]:
        """A cursor on the newest generation for one request; NoGeneration before the first
        publication."""
        with self._lock:
            self._refresh()
            current = self._open
            if current is None:
                raise NoGeneration(str(self.db_path))
            current.users += 1
            cursor = current.con.cursor()
        try:
            yield Lease(cursor, current.hold.generation)
        finally:
            cursor.close()
            with self._lock:
                current.users -= 1
                if current.retired and not current.users:
                    current.close()

    def close(self) -> None:
        with self._lock:
            if self._open is not None:
                self._open.retired = True
                if not self._open.users:
                    self._open.close()
                self._open = None
