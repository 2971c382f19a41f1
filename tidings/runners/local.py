"""The local engine: one process, or a pool of worker processes each with its own Pipeline.

Records in input order (`run_local`: extract, stdin) have the driver read and the workers parse.
A corpus of files runs as parts (`run_parts`): each worker reads, cleans and processes a part
itself and sends back only its rows, which the driver stores while the workers go on.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

from tidings.build import build_pipeline
from tidings.config import Settings
from tidings.errors import PipelineError
from tidings.ingest.pieces import read_pieces
from tidings.lexicons import Lexicons
from tidings.models import ArticleRecord, Failure
from tidings.pipeline.run import Input, Pipeline, batched
from tidings.runners.partitions import Part
from tidings.runners.work import Job, worker_for
from tidings.store.batch import Batch

Result = ArticleRecord | Failure
_worker_pipeline: Pipeline | None = None
_job: Job | None = None


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
    if settings.process_count == 1:
        yield from build_pipeline(settings, lexicons).pipe(documents)
        return
    context = mp.get_context("spawn")
    with context.Pool(settings.process_count, _init_worker, (settings,)) as pool:
        for results in pool.imap(_work, batched(documents, settings.batch_size)):
            yield from results


def _init_job(job: Job) -> None:
    global _job
    _job = job
    worker_for(job)


def _process(part: Part) -> list[Batch]:
    assert _job is not None
    return worker_for(_job).batches(read_pieces(part.pieces))


def run_parts(parts: Iterable[Part], job: Job, processes: int) -> Iterator[list[Batch]]:
    """The batches of each part (one a settings.write_batch inputs), as each part is done (not
    in order), from `processes` worker processes, a few parts ahead of the caller. A worker
    that dies (killed, out of memory) ends the run with a PipelineError, not a hang."""
    context = mp.get_context("spawn")
    todo = iter(parts)
    with ProcessPoolExecutor(processes, context, _init_job, (job,)) as pool:
        running = {pool.submit(_process, p) for p in islice(todo, processes * 2)}
        while running:
            done, running = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    batches = future.result()
                except BrokenProcessPool as exc:
                    raise PipelineError(
                        "a worker process died (killed, or out of memory); what was stored "
                        "stays: run the same command again to go on"
                    ) from exc
                running |= {pool.submit(_process, p) for p in islice(todo, 1)}
                yield batches
