"""What a worker process does with a part of the corpus, whichever engine runs it: read its
inputs, clean them, leave out the articles the store held when the run began (and copies within
the part), process the rest and turn the results into a Batch of rows.

The driver checks the lexicons once and ships them as a LexiconBundle: the override files'
contents and the fingerprint, which each worker loads once (bundled files are its own install's,
and must give the same fingerprint: a worker with another tidings version is refused).
"""

from __future__ import annotations

import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.config import Settings
from tidings.errors import ConfigError
from tidings.ingest import Item
from tidings.lexicons import Lexicons, load_lexicons
from tidings.models import Article, ArticleRecord, Failure
from tidings.store.batch import Batch, batch_of, concat

if TYPE_CHECKING:
    from tidings.pipeline.run import Pipeline


def _number(article_id: str) -> int | None:
    """An id of 16 hex digits as a number."""
    if len(article_id) != 16:
        return None
    try:
        return int(article_id, 16)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class KnownIds:
    """The ids of the articles a store held when a run began, compactly (an id is 16 hex digits:
    one 64-bit number), for workers to skip them before parsing."""

    values: array[int]

    @classmethod
    def of(cls, ids: Iterable[str]) -> KnownIds:
        """The ids that are content hashes (any other is never skipped: the store's own check
        at write time still finds it)."""
        return cls(array("Q", sorted(value for i in ids if (value := _number(i)) is not None)))

    def __contains__(self, article_id: object) -> bool:
        value = _number(article_id) if isinstance(article_id, str) else None
        if value is None:
            return False
        at = bisect_left(self.values, value)
        return at < len(self.values) and self.values[at] == value

    def __len__(self) -> int:
        return len(self.values)


@dataclass(frozen=True, slots=True)
class LexiconBundle:
    """Lexicons as shipped to workers: the override files (path in the override directory,
    content) and the fingerprint they must load to."""

    fingerprint: str
    overrides: tuple[tuple[str, bytes], ...] = ()

    @classmethod
    def of(cls, lexicons: Lexicons) -> LexiconBundle:
        base = lexicons.override_dir
        found = []
        if base is not None:
            for file in lexicons.files:
                if file.role != "bundled":
                    found.append((file.path.relative_to(base).as_posix(), file.path.read_bytes()))
        return cls(lexicons.fingerprint, tuple(sorted(found)))

    def load(self) -> Lexicons:
        """The lexicons, loaded and checked against the fingerprint."""
        if not self.overrides:
            lexicons = load_lexicons(None)
        else:
            with tempfile.TemporaryDirectory(prefix="tidings-lexicons-") as folder:
                for name, data in self.overrides:
                    target = Path(folder, name)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                lexicons = load_lexicons(Path(folder))
        if lexicons.fingerprint != self.fingerprint:
            raise ConfigError(
                f"this worker's lexicons have fingerprint {lexicons.fingerprint}, the run's "
                f"{self.fingerprint}: install the same tidings version on every worker"
            )
        return lexicons


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs besides its inputs; the same for every part of a run."""

    run: str  # a name for the run (workers keep one pipeline a run)
    settings: Settings
    lexicons: LexiconBundle
    known: KnownIds
    coded_with: str


class PartWorker:
    """A pipeline (the model loaded once) that turns parts into batches."""

    def __init__(self, job: Job) -> None:
        from tidings.build import build_pipeline

        self.job = job
        self.pipeline: Pipeline = build_pipeline(job.settings, job.lexicons.load())

    def process(self, items: Iterable[Item]) -> Batch:
        """The rows the items make, in one batch."""
        return concat(self.batches(items))

    def batches(self, items: Iterable[Item]) -> list[Batch]:
        """The rows the items make, a batch per settings.write_batch inputs processed (rows
        made as each is done, so a large part is never held as records)."""
        return [
            batch_of(records, failures, skipped, self.job.coded_with)
            for records, failures, skipped in self._chunks(items)
        ]

    def _chunks(
        self, items: Iterable[Item]
    ) -> Iterator[tuple[list[ArticleRecord], list[Failure], list[Article]]]:
        size = self.job.settings.write_batch
        seen: set[str] = set()
        records: list[ArticleRecord] = []
        failures: list[Failure] = []
        skipped: list[Article] = []
        todo: list[Article | Failure] = []

        def run() -> None:
            for result in self.pipeline.pipe(todo):
                if isinstance(result, ArticleRecord):
                    records.append(result)
                else:
                    failures.append(result)
            todo.clear()

        for item in items:
            prepared = self.pipeline.prepare(item)
            if isinstance(prepared, Article):
                if prepared.id in seen or prepared.id in self.job.known:
                    skipped.append(prepared)
                    continue
                seen.add(prepared.id)
            todo.append(prepared)
            if len(todo) >= size:
                run()
                yield records, failures, skipped
                records, failures, skipped = [], [], []
        run()
        yield records, failures, skipped


_workers: dict[str, PartWorker] = {}


def worker_for(job: Job) -> PartWorker:
    """This process's worker for the job's run, built (model loaded) on first use."""
    found = _workers.get(job.run)
    if found is None:
        _workers.clear()
        found = _workers[job.run] = PartWorker(job)
    return found
