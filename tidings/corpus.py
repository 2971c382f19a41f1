"""A corpus run: read every input, skip what the store has, process the rest, store it all."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, BinaryIO

from tidings import store
from tidings.clean import clean
from tidings.config import Settings
from tidings.errors import IngestError
from tidings.ingest import iter_inputs
from tidings.models import Article, ArticleRecord, Failure, SourceRef
from tidings.pipeline.run import batched
from tidings.runners.local import run_local
from tidings.store.queries import known_article_ids
from tidings.store.writer import StoreWriter, WriteCounts

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class RunSummary:
    articles: int
    skipped: int
    failures: int
    failure_examples: tuple[Failure, ...]

    @property
    def inputs(self) -> int:
        return self.articles + self.skipped + self.failures


def prepared(paths: Sequence[str], stdin: BinaryIO | None) -> Iterator[Article | Failure]:
    """Cleaned articles and failures, one per input record, in input order."""
    for item in iter_inputs(paths, stdin):
        if isinstance(item, IngestError):
            yield Failure(SourceRef(item.location, item.record), "ingest", item.reason)
            continue
        try:
            yield clean(item)
        except Exception as exc:
            yield Failure(item.source, "clean", f"{type(exc).__name__}: {exc}")


def _only_new(
    items: Iterable[Article | Failure],
    lookup: duckdb.DuckDBPyConnection,
    chunk: int,
    skipped: deque[Article],
) -> Iterator[Article | Failure]:
    """Drop articles the store (or this run) already has; queue them for the writer to record.

    With several processes this runs in the worker pool's feeder thread, so it reads through its
    own cursor and leaves all writing to the main thread's batch transactions.
    """
    seen: set[str] = set()
    for batch in batched(items, chunk):
        known = known_article_ids(lookup, (a.id for a in batch if isinstance(a, Article)))
        dropped = []
        for item in batch:
            if isinstance(item, Article) and (item.id in known or item.id in seen):
                dropped.append(item)
                continue
            if isinstance(item, Article):
                seen.add(item.id)
            yield item
        skipped.extend(dropped)


def _drain(queue: deque[Article]) -> list[Article]:
    out = []
    while queue:
        out.append(queue.popleft())
    return out


def _store(
    writer: StoreWriter, results: list[ArticleRecord | Failure], skipped: deque[Article]
) -> WriteCounts:
    """One transaction: the results, and the sources of the articles skipped meanwhile."""
    written = writer.write(results, _drain(skipped))
    log.info("stored a batch: %d new articles, %d failures", written.articles, written.failures)
    return written


def run_corpus(
    paths: Sequence[str],
    settings: Settings,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    replace: bool = False,
) -> RunSummary:
    """Process every input into the store at settings.db_path; failures are stored, not raised."""
    started = datetime.now(UTC).replace(tzinfo=None)
    con = store.connect(settings.db_path)
    lookup = con.cursor()
    try:
        writer = StoreWriter(con, replace=replace)
        items: Iterable[Article | Failure] = prepared(paths, stdin)
        skipped: deque[Article] = deque()
        if not replace:
            items = _only_new(items, lookup, settings.batch_size * 4, skipped)
        counts, examples = WriteCounts(), list[Failure]()
        pending: list[ArticleRecord | Failure] = []
        for batch in batched(run_local(items, settings), settings.batch_size):
            pending.extend(batch)
            examples.extend(r for r in batch if isinstance(r, Failure) and len(examples) < 20)
            if len(pending) >= settings.write_batch:
                counts += _store(writer, pending, skipped)
                pending = []
            if progress:
                progress(len(batch))
        counts += _store(writer, pending, skipped)
        writer.log_run(started, paths, counts)
    finally:
        lookup.close()
        con.close()
    return RunSummary(counts.articles, counts.skipped, counts.failures, tuple(examples))


def extract_records(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[ArticleRecord | Failure]:
    """Records for every input, without a store."""
    return run_local(prepared(paths, stdin), settings)
