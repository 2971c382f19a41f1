"""A corpus run: read every input, skip what the store has, process the rest, store it all."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, BinaryIO

from tidings import store
from tidings.clean import prepare
from tidings.config import Settings
from tidings.ingest import iter_inputs
from tidings.lexicons import Lexicons, load_lexicons
from tidings.models import Article, ArticleRecord, Failure
from tidings.pipeline.run import batched
from tidings.runners.local import run_local
from tidings.store.queries import known_article_ids
from tidings.store.writer import RunInfo, StoreWriter, WriteCounts

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


def prepared(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None, lexicons: Lexicons
) -> Iterator[Article | Failure]:
    """Prepared articles and failures, one per input record, in input order."""
    for item in iter_inputs(paths, stdin):
        yield prepare(item, settings, lexicons)


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


def run_info(settings: Settings, lexicon_fingerprint: str) -> RunInfo:
    """What this run codes with, for the `runs` table."""
    from tidings import __version__
    from tidings.nlp import model_versions

    model_version, spacy_version = model_versions(settings.model)
    return RunInfo(__version__, settings.model, model_version, spacy_version, lexicon_fingerprint)


def run_corpus(
    paths: Sequence[str],
    settings: Settings,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    replace: bool = False,
) -> RunSummary:
    """Process every input into the store at settings.db_path; failures are stored, not raised.

    The lexicons (bundled plus settings.lexicons) are loaded and checked before the first
    article (a bad file raises LexiconError); the run log records their fingerprint.
    """
    started = datetime.now(UTC).replace(tzinfo=None)
    lexicons = load_lexicons(settings.lexicons)
    con = store.connect(settings.db_path)
    lookup = con.cursor()
    try:
        writer = StoreWriter(con, replace=replace)
        items: Iterable[Article | Failure] = prepared(paths, settings, stdin, lexicons)
        skipped: deque[Article] = deque()
        if not replace:
            items = _only_new(items, lookup, settings.batch_size * 4, skipped)
        counts, examples = WriteCounts(), list[Failure]()
        pending: list[ArticleRecord | Failure] = []
        for result in run_local(items, settings, lexicons):
            pending.append(result)
            if isinstance(result, Failure) and len(examples) < 20:
                examples.append(result)
            if len(pending) >= settings.write_batch:
                counts += _store(writer, pending, skipped)
                pending = []
            if progress:
                progress(1)
        counts += _store(writer, pending, skipped)
        writer.log_run(started, paths, counts, run_info(settings, lexicons.fingerprint))
    finally:
        lookup.close()
        con.close()
    return RunSummary(counts.articles, counts.skipped, counts.failures, tuple(examples))


def extract_records(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[ArticleRecord | Failure]:
    """Records for every input, without a store (the lexicons loaded and checked once, before
    the first input is read)."""
    lexicons = load_lexicons(settings.lexicons)
    return run_local(prepared(paths, settings, stdin, lexicons), settings, lexicons)
