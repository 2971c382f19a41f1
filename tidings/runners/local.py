"""The local engine: one process, or a pool of worker processes each with its own Pipeline."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator

from tidings.build import build_pipeline
from tidings.config import Settings
from tidings.lexicons import Lexicons
from tidings.models import ArticleRecord, Failure
from tidings.pipeline.run import Input, Pipeline, batched

Result = ArticleRecord | Failure
_worker_pipeline: Pipeline | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_pipeline
    _worker_pipeline = build_pipeline(settings)


def _work(batch: list[Input]) -> list[Result]:
    assert _worker_pipeline is not None
    return list(_worker_pipeline.pipe(batch))


def run_local(
    documents: Iterable[Input], settings: Settings, lexicons: Lexicons | None = None
) -> Iterator[Result]:
    """A result for each input, in input order; with settings.processes > 1, each parse batch
    goes to a worker process (which loads the lexicons of the settings itself)."""
    if settings.processes == 1:
        yield from build_pipeline(settings, lexicons).pipe(documents)
        return
    context = mp.get_context("spawn")
    with context.Pool(settings.processes, _init_worker, (settings,)) as pool:
        for results in pool.imap(_work, batched(documents, settings.batch_size)):
            yield from results
