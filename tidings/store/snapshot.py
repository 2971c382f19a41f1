"""Snapshot generations: immutable copies of the store that readers open while a run writes.

DuckDB lets one process write a file or many read it, never both, so a server (or a `tidings
query` during a run) cannot read the live store while a run holds it. The only writer publishes
instead: it copies the store whole (`COPY FROM DATABASE`) into a new file in `<db>.generations/`
and then points `<db>.generations/CURRENT` at it with an atomic rename. Readers open the newest
generation read-only; a published generation never changes.

Who may delete a generation: the writer keeps the newest `KEEP` and deletes older ones that no
reader holds. A reader holds a generation by a shared `flock` on its file for as long as it has
it open; the writer deletes a file only after taking an exclusive lock on it without waiting.
(`flock` locks are independent of the `fcntl` locks DuckDB takes on the same file on Linux.)
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.errors import StoreError

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)

POINTER = "CURRENT"
# The newest generations the writer keeps: the current one, and the one a reader that has not yet
# noticed the new pointer may still be opening.
KEEP = 2
_NAME = re.compile(r"gen-(\d{8}T\d{6}\d{6}Z)-(\d+)\.duckdb")
_STAMP = "%Y%m%dT%H%M%S%fZ"
_PARTIAL = ".partial"
_ALIAS = "tidings_generation"


@dataclass(frozen=True, slots=True)
class Generation:
    """One published generation: its file, its name, when it was published, and how long the
    copy took (0 when it was read back rather than published)."""

    path: Path
    published_at: datetime
    seconds: float = 0.0

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def number(self) -> int:
        found = _NAME.fullmatch(self.path.name)
        return int(found.group(2)) if found else 0


def generations_dir(db_path: Path | str) -> Path:
    """The folder beside the store that holds its generations."""
    path = Path(db_path)
    return path.with_name(path.name + ".generations")


def generation_at(path: Path) -> Generation | None:
    """The generation a file is, from its name (None for a file that is no generation)."""
    found = _NAME.fullmatch(path.name)
    if not found:
        return None
    published = datetime.strptime(found.group(1), _STAMP).replace(tzinfo=UTC)
    return Generation(path, published)


def generations(db_path: Path | str) -> list[Generation]:
    """Every published generation of the store, oldest first."""
    folder = generations_dir(db_path)
    if not folder.is_dir():
        return []
    found = [g for p in folder.iterdir() if (g := generation_at(p)) is not None]
    return sorted(found, key=lambda g: g.number)


def newest_generation(db_path: Path | str) -> Path | None:
    """The file CURRENT names, when it exists (None before the first publication)."""
    generation = current_generation(db_path)
    return generation.path if generation else None


def current_generation(db_path: Path | str) -> Generation | None:
    folder = generations_dir(db_path)
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise StoreError(f"{folder / POINTER}: cannot be read: {exc.strerror or exc}") from exc
    generation = generation_at(folder / name)
    if generation is None or not generation.path.is_file():
        return None
    return generation


def publish(con: duckdb.DuckDBPyConnection, db_path: Path | str) -> Generation:
    """Publish the store that `con` writes as a new generation and point CURRENT at it; then
    delete the generations older than the newest KEEP that no reader holds.

    Call it between write transactions (the copy reads the committed store). Raises StoreError
    when the copy cannot be written (the previous generation stays current).
    """
    import duckdb

    started = time.perf_counter()
    folder = generations_dir(db_path)
    try:
        folder.mkdir(exist_ok=True)
        _remove_partials(folder)
        now = datetime.now(UTC)
        number = 1 + max((g.number for g in generations(db_path)), default=0)
        final = folder / f"gen-{now.strftime(_STAMP)}-{number:06d}.duckdb"
        partial = final.with_name(final.name + _PARTIAL)
        source = con.execute("SELECT current_database()").fetchone()
        if source is None:
            raise StoreError(f"{db_path}: DuckDB names no database to publish")
        con.execute(f"ATTACH '{_sql_text(partial)}' AS {_ALIAS}")
        try:
            con.execute(f'COPY FROM DATABASE "{source[0]}" TO {_ALIAS}')
            _materialize(con, str(source[0]))
        finally:
            con.execute(f"DETACH {_ALIAS}")
        os.replace(partial, final)
        _point(folder, final.name)
    except (OSError, duckdb.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        raise StoreError(f"publishing a generation of {db_path} failed: {reason}") from exc
    generation = Generation(final, now, time.perf_counter() - started)
    log.info("published %s in %.2f s", generation.name, generation.seconds)
    prune(db_path)
    return generation


# The countable events are a view that merges every mention each time it is read; a generation
# never changes, so there it is a table of the same name and columns, in date order (readers
# filter and sort by date most). (`story_events`, which the server does not read, stays a view.)
MATERIALIZED = ("countable_events",)
# Tables a reader looks up one article's rows in (an article's view): indexed by article in a
# generation (their keys start with the article, but DuckDB looks up whole keys only).
BY_ARTICLE = ("events", "sentences", "quotes", "quantities", "people")


def _materialize(con: duckdb.DuckDBPyConnection, source: str) -> None:
    views = {
        str(r[0])
        for r in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = ?", [_ALIAS]
        ).fetchall()
    }
    present = [v for v in MATERIALIZED if v in views]
    for view in present:
        con.execute(f"DROP VIEW {_ALIAS}.{view}")
        con.execute(
            f'CREATE TABLE {_ALIAS}.{view} AS SELECT * FROM "{source}".{view} '
            "ORDER BY date_start DESC NULLS LAST"
        )
    for table in BY_ARTICLE:
        con.execute(f"CREATE INDEX {table}_by_article ON {_ALIAS}.{table} (article_id)")
    if "countable_events" in present:
        for name, select in SUMMARIES.items():
            events = f"{_ALIAS}.countable_events"
            con.execute(f"CREATE TABLE {_ALIAS}.{name} AS {select.format(events=events)}")


# Summaries of all countable events, for readers that ask without a filter (a dashboard's
# first view), which would otherwise group every event on each request: events per day and
# PLOVER type; per actor pair (source to target, both named and different) the events and the
# most frequent CAMEO root; per actor code, name and country, the events as source, as target.
SUMMARIES = {
    "summary_daily": """SELECT date_start, plover, count(*) AS events FROM {events}
        WHERE date_start IS NOT NULL GROUP BY ALL ORDER BY ALL""",
    "summary_pairs": """SELECT source, target, sum(n) AS weight, arg_max(root, n) AS cameo
        FROM (SELECT source_code AS source, target_code AS target, left(cameo, 2) AS root,
                     count(*) AS n
              FROM {events} WHERE source_code <> '' AND target_code <> ''
                  AND source_code <> target_code
              GROUP BY ALL)
        GROUP BY source, target ORDER BY weight DESC, source, target""",
    "summary_actors": """SELECT code, name, country, sum(s) AS s, sum(t) AS t, sum(s + t) AS n
        FROM (SELECT source_code AS code, source_name AS name, source_country AS country,
                     1 AS s, 0 AS t FROM {events} WHERE source_code <> ''
              UNION ALL
              SELECT target_code, target_name, target_country, 0, 1 FROM {events}
              WHERE target_code <> '')
        GROUP BY ALL""",
}


def _sql_text(path: Path) -> str:
    return str(path).replace("'", "''")


def _point(folder: Path, name: str) -> None:
    """Write CURRENT atomically: a reader sees the old name or the new one, never half of one."""
    temporary = folder / f"{POINTER}.{os.getpid()}.tmp"
    with temporary.open("w", encoding="utf-8") as file:
        file.write(name + "\n")
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, folder / POINTER)


def _remove_partials(folder: Path) -> None:
    """Copies a killed writer left half made (there is one writer, so none is in progress)."""
    for path in folder.glob(f"gen-*{_PARTIAL}*"):
        with contextlib.suppress(OSError):
            path.unlink()


def prune(db_path: Path | str, keep: int = KEEP) -> list[Path]:
    """Delete the generations older than the newest `keep` that no reader holds; return them."""
    current = newest_generation(db_path)
    older = [g.path for g in generations(db_path)[:-keep]] if keep else []
    deleted = []
    for path in older:
        if path == current or not _delete_unless_held(path):
            continue
        deleted.append(path)
    return deleted


def _delete_unless_held(path: Path) -> bool:
    """Delete `path` when no reader holds it: True when it was deleted."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("%s is held by a reader; kept", path.name)
            return False
        path.unlink(missing_ok=True)
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        return True
    finally:
        os.close(fd)


class Hold:
    """A reader's hold on a generation file: a shared flock, kept until `release()`.

    Close the DuckDB connection to the file before releasing: closing this descriptor drops
    nothing of DuckDB's own, but the hold is what keeps the writer from deleting the file.
    """

    def __init__(self, generation: Generation, fd: int) -> None:
        self.generation = generation
        self._fd: int | None = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def hold_newest(db_path: Path | str, tries: int = 5) -> Hold | None:
    """A hold on the newest generation (None when none is published).

    A writer may publish and prune between our reading CURRENT and locking the file it names,
    so the file is checked to still be linked after the lock, and CURRENT read again if not.
    """
    for _ in range(tries):
        generation = current_generation(db_path)
        if generation is None:
            return None
        try:
            fd = os.open(generation.path, os.O_RDONLY)
        except FileNotFoundError:
            continue
        fcntl.flock(fd, fcntl.LOCK_SH)
        if os.fstat(fd).st_nlink > 0:
            return Hold(generation, fd)
        os.close(fd)
    raise StoreError(f"{generations_dir(db_path)}: generations change faster than they can be read")


# A long run spends at most about a fifth of its time publishing: the next periodic publication
# waits at least this many times as long as the last one took (a big store takes a while).
PUBLISH_SPACING = 4.0


class Publisher:
    """A writer's publication schedule: `due()` between write batches publishes when `every`
    seconds have passed since the last publication (or the start; never when `every` is 0),
    and at least PUBLISH_SPACING times the last publication's duration; `final()` at the end
    always publishes."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        db_path: Path | str,
        every: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.con = con
        self.db_path = db_path
        self.every = every
        self.clock = clock
        self.last = clock()
        self.published: list[Generation] = []

    def due(self) -> Generation | None:
        """Publish if it is time; a failed periodic publication is logged, not raised (the run
        goes on, and the next one or the final one tries again)."""
        if not self.every:
            return None
        took = self.published[-1].seconds if self.published else 0.0
        if self.clock() - self.last < max(self.every, PUBLISH_SPACING * took):
            return None
        try:
            return self.final()
        except StoreError as exc:
            log.warning("%s", exc)
            self.last = self.clock()
            return None

    def closing(self) -> tuple[Generation | None, str]:
        """The writer's last publication, or why it failed: the stored results stand either way
        (readers keep the previous generation), so the failure is reported, not raised."""
        try:
            return self.final(), ""
        except StoreError as exc:
            log.warning("%s", exc)
            return None, str(exc)

    def final(self) -> Generation:
        generation = publish(self.con, self.db_path)
        self.last = self.clock()
        self.published.append(generation)
        return generation
