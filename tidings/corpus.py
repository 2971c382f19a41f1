"""A corpus run: read every input, skip what the store has, process the rest, store it all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import BinaryIO

from tidings import store
from tidings.clean import clean
from tidings.config import Settings
from tidings.errors import IngestError
from tidings.ingest import iter_inputs
from tidings.models import Article, ArticleRecord, Failure, SourceRef
from tidings.pipeline import batched
from tidings.runners.local import run_local
from tidings.store.writer import StoreWriter, WriteCounts

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
    items: Iterable[Article | Failure], writer: StoreWriter, chunk: int, skipped_count: list[int]
) -> Iterator[Article | Failure]:
    """Drop articles the store (or this run) already has, recording their sources."""
    seen: set[str] = set()
    for batch in batched(items, chunk):
        known = writer.known_articles(a.id for a in batch if isinstance(a, Article))
        skipped = []
        for item in batch:
            if isinstance(item, Article) and (item.id in known or item.id in seen):
                skipped.append(item)
                continue
            if isinstance(item, Article):
                seen.add(item.id)
            yield item
        writer.record_skipped(skipped)
        skipped_count[0] += len(skipped)


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
    try:
        writer = StoreWriter(con, replace=replace)
        items: Iterable[Article | Failure] = prepared(paths, stdin)
        skipped_count = [0]
        if not replace:
            items = _only_new(items, writer, settings.batch_size * 4, skipped_count)
        counts, examples = WriteCounts(), list[Failure]()
        for batch in batched(run_local(items, settings), settings.batch_size):
            counts += writer.write(batch)
            examples.extend(r for r in batch if isinstance(r, Failure) and len(examples) < 20)
            if progress:
                progress(len(batch))
        counts = WriteCounts(counts.articles, counts.skipped + skipped_count[0], counts.failures)
        writer.log_run(started, paths, counts)
    finally:
        con.close()
    return RunSummary(counts.articles, counts.skipped, counts.failures, tuple(examples))


def extract_records(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[ArticleRecord | Failure]:
    """Records for every input, without a store."""
    return run_local(prepared(paths, stdin), settings)
