"""The local engine: one process, or a pool of worker processes each with its own Pipeline."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from typing import Any

from tidings.config import Settings
from tidings.errors import IngestError
from tidings.models import Article, ArticleRecord, Failure, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline, batched

Result = ArticleRecord | Failure
_worker_pipeline: Pipeline | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(settings)


def _work(batch: list[Article | RawDocument | Failure]) -> list[Result]:
    assert _worker_pipeline is not None
    return [r for r in _pipe_mixed(_worker_pipeline, batch)]


def _pipe_mixed(pipeline: Pipeline, batch: list[Any]) -> Iterator[Result]:
    """Failures pass through in place; everything else goes through the pipeline."""
    todo = [d for d in batch if not isinstance(d, Failure)]
    results = iter(pipeline.pipe(todo))
    for item in batch:
        yield item if isinstance(item, Failure) else next(results)


def as_failure(error: IngestError) -> Failure:
    return Failure(SourceRef(error.location, error.record), "ingest", error.reason)


def run_local(
    documents: Iterable[Article | RawDocument | IngestError | Failure], settings: Settings
) -> Iterator[Result]:
    """Results in input order; with settings.processes > 1, batches go to a worker pool."""
    items = (as_failure(d) if isinstance(d, IngestError) else d for d in documents)
    if settings.processes == 1:
        pipeline = Pipeline(settings)
        for batch in batched(items, settings.batch_size):
            yield from _pipe_mixed(pipeline, batch)
        return
    context = mp.get_context("spawn")
    with context.Pool(settings.processes, _init_worker, (settings,)) as pool:
        for results in pool.imap(_work, batched(items, settings.batch_size)):
            yield from results
