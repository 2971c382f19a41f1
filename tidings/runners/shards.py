"""Parquet shards: the rows of one finished partition, one file a table, in a shard directory
(a local path, or any fsspec URL that every worker and the driver can reach).

A shard is written file by file under temporary names, each renamed when whole, and its
manifest last: a shard without a manifest is unfinished and never loaded. Every file carries
the store schema it was made for (the last migration's name) in its Parquet metadata; a
shard of another schema is refused, not guessed at. Loading a shard is one store transaction
(StoreWriter.write_batch, the same path a local run's batches take, story clusters included),
so loading one twice changes nothing; it is deleted only after its load committed.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tidings.errors import UsageError
from tidings.runners.tally import Tally
from tidings.store.batch import BATCH_TABLES, Batch
from tidings.store.schema import MIGRATIONS
from tidings.store.writer import StoreWriter

SCHEMA = MIGRATIONS[-1][0]
_SCHEMA_KEY = b"tidings.schema"
MANIFEST = ".manifest.json"
_TEMP = ".tmp-"
# A task's mark that it began on a worker (one file a start), so that a task that was only
# waiting on a worker that died is told from one that was running there.
_START = ".start-"


class ShardDir:
    """A directory of shards, on the local disk or behind fsspec."""

    def __init__(self, url: str) -> None:
        from fsspec.core import url_to_fs

        # A local folder by its full path: workers may not share the driver's working folder.
        self.url = url if "://" in url else os.path.abspath(url)
        self.fs, self.root = url_to_fs(url)

    def _path(self, name: str) -> str:
        return f"{self.root.rstrip('/')}/{name}"

    def make(self) -> None:
        self.fs.makedirs(self.root, exist_ok=True)

    def _write_atomic(self, name: str, write: Callable[[Any], None]) -> None:
        temp = self._path(f"{name}{_TEMP}{uuid.uuid4().hex}")
        with self.fs.open(temp, "wb") as handle:
            write(handle)
        self.fs.mv(temp, self._path(name))

    def write(self, key: str, batch: Batch, inputs: list[str]) -> None:
        """The batch as a shard named `key` (its tables, then its manifest)."""
        self.make()
        tables = []
        for name in BATCH_TABLES:
            table = batch.table(name)
            if table is None:
                continue
            metadata = {**(table.schema.metadata or {}), _SCHEMA_KEY: SCHEMA.encode()}
            stamped = table.replace_schema_metadata(metadata)
            self._write_atomic(f"{key}.{name}.parquet", _parquet_writer(stamped))
            tables.append(name)
        manifest = {"schema": SCHEMA, "key": key, "tables": tables, "inputs": inputs}
        data = json.dumps(manifest).encode("utf-8")
        self._write_atomic(f"{key}{MANIFEST}", lambda h: h.write(data))

    def mark_start(self, key: str, run: str) -> None:
        """Note that a task of run `run` began to make the shard `key`."""
        self.make()
        with self.fs.open(self._path(f"{key}{_START}{run}-{uuid.uuid4().hex}"), "wb"):
            pass

    def starts(self, key: str, run: str) -> int:
        """How many times a task of run `run` began to make the shard `key`."""
        prefix = f"{key}{_START}{run}-"
        return sum(name.startswith(prefix) for name in self._names())

    def _names(self) -> list[str]:
        """The file names in the directory."""
        return [str(p).rsplit("/", 1)[-1] for p in self.fs.ls(self.root, detail=False)]

    def _manifest(self, key: str) -> dict[str, Any]:
        """The manifest of the whole shard `key`, its schema checked."""
        with self.fs.open(self._path(f"{key}{MANIFEST}"), "rb") as handle:
            manifest: dict[str, Any] = json.loads(handle.read().decode("utf-8"))
        self._check(key, str(manifest.get("schema")))
        return manifest

    def whole(self, key: str) -> bool:
        """Whether the shard `key` is whole (its manifest written, so every table before it)."""
        return bool(self.fs.exists(self._path(f"{key}{MANIFEST}")))

    def finished(self) -> list[str]:
        """The keys of the whole shards in the directory (none when it does not exist)."""
        if not self.fs.exists(self.root):
            return []
        return sorted(n[: -len(MANIFEST)] for n in self._names() if n.endswith(MANIFEST))

    def read(self, key: str) -> Batch:
        """A shard's rows; a UsageError for a shard made for another store schema."""
        import pyarrow.parquet as pq

        manifest = self._manifest(key)
        tables = {}
        for name in manifest["tables"]:
            with self.fs.open(self._path(f"{key}.{name}.parquet"), "rb") as handle:
                table = pq.read_table(handle)
            found = (table.schema.metadata or {}).get(_SCHEMA_KEY, b"").decode()
            self._check(f"{key}.{name}.parquet", found)
            tables[name] = table.replace_schema_metadata(None)
        return Batch(tables)

    def _check(self, name: str, schema: str) -> None:
        if schema != SCHEMA:
            raise UsageError(
                f"{self.url}: shard {name} was made for store schema {schema or 'unknown'}, "
                f"this tidings writes {SCHEMA}; load it with the tidings that made it"
            )

    def check(self) -> None:
        """A UsageError if any whole shard was made for another store schema (checked before
        any is loaded)."""
        for key in self.finished():
            self._manifest(key)

    def delete(self, key: str) -> None:
        """Remove a loaded shard: the manifest first, so a shard half removed is unfinished."""
        self.fs.rm(self._path(f"{key}{MANIFEST}"))
        for path in self.fs.ls(self.root, detail=False):
            if str(path).rsplit("/", 1)[-1].startswith(f"{key}."):
                self.fs.rm(path)

    def tidy(self) -> None:
        """Remove what unfinished writes left and the marks of tasks that began (no worker
        writes any more), and the directory itself when nothing is left in it."""
        if not self.fs.exists(self.root):
            return
        for path in self.fs.ls(self.root, detail=False):
            name = str(path).rsplit("/", 1)[-1]
            if _TEMP in name or _START in name:
                self.fs.rm(path)
        if not self.fs.ls(self.root, detail=False):
            self.fs.rmdir(self.root)


def _parquet_writer(table: Any) -> Callable[[Any], None]:
    def write(handle: Any) -> None:
        import pyarrow.parquet as pq

        pq.write_table(table, handle)

    return write


@dataclass(frozen=True, slots=True)
class Loaded:
    key: str
    inputs: int


def load_finished(
    shards: ShardDir,
    writer: StoreWriter,
    tally: Tally,
    keep: bool = False,
    keys: Sequence[str] | None = None,
) -> Iterator[Loaded]:
    """Load every whole shard of the directory (or those of `keys`) into the store (each in
    one transaction), deleting each once its load committed unless `keep`. Nothing is loaded
    if any shard was made for another store schema (UsageError)."""
    shards.check()
    for key in shards.finished() if keys is None else keys:
        batch = shards.read(key)
        tally.add(writer.write_batch(batch), None, batch)
        if not keep:
            shards.delete(key)
        yield Loaded(key, batch.inputs)
