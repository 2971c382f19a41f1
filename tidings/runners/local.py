"""The local engine: one process, or a pool of worker processes each with its own Pipeline.

Records in input order (`run_local`: extract, stdin) have the driver read and the workers parse.
A corpus of files runs as parts (`run_parts`): each worker reads, cleans and processes a part
itself and sends back only its rows, which the driver stores while the workers go on.
"""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
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
    """The batches of each part (one a settings.write_batch inputs), in the parts' order, from
    `processes` worker processes, a few parts ahead of the caller. In order, so that of two
    copies of an article in different parts the first in input order is the one stored, as in
    one process. A worker that dies (killed, out of memory) ends the run with a PipelineError,
    not a hang."""
    context = mp.get_context("spawn")
    todo = iter(parts)
    # At most this many parts in the workers, and parts done wait for one still running at
    # most `ahead` parts behind them.
    flight, ahead = processes * 2, processes * 4
    finished: dict[int, list[Batch]] = {}
    running: dict[Future[list[Batch]], int] = {}
    following = submitted = 0
    with ProcessPoolExecutor(processes, context, _init_job, (job,)) as pool:
        while True:
            for part in islice(
                todo, max(0, min(flight - len(running), following + ahead - submitted))
            ):
                running[pool.submit(_process, part)] = submitted
                submitted += 1
            if not running:
                return
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                try:
                    finished[running.pop(future)] = future.result()
                except BrokenProcessPool as exc:
                    raise PipelineError(
                        "a worker process died (killed, or out of memory); what was stored "
                        "stays: run the same command again to go on"
                    ) from exc
            while following in finished:
                yield finished.pop(following)
                following += 1
