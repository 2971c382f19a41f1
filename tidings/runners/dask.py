"""The Dask engine: a map over partitions on a Dask cluster (local, or one at an address).

Each task reads, cleans and processes one partition on a worker (the model loaded once per
worker process, work.worker_for) and writes its rows as a Parquet shard (shards.py); the
driver stores the shards in the partitions' order, each in one transaction through the same
writer as a local run, and deletes each once stored. A task that fails twice (Dask retries it
once after an error; a local cluster reschedules it once after its worker died) is split into
smaller tasks, down to single inputs, so that only an input that fails on its own is recorded
as failed. A task's result is its whole shard in the folder, never a value a worker holds (a
dead worker loses it), and a task Dask gave up on is judged by the folder: done if its shard is
whole, run again whole if it was only waiting on the workers that died (no start marks). The
only module that imports dask or distributed.
"""

from __future__ import annotations

import contextlib
import heapq
import importlib.util
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from tidings.config import available_cores
from tidings.errors import ConfigError, LexiconError
from tidings.ingest.pieces import read_pieces
from tidings.models import Failure, SourceRef
from tidings.runners import partitions
from tidings.runners.partitions import Part
from tidings.runners.shards import ShardDir, load_finished
from tidings.runners.tally import EngineResult, Progress, Tally
from tidings.runners.work import Job, worker_for
from tidings.store.writer import StoreWriter

log = logging.getLogger(__name__)
Notice = Callable[[str], None]
Order = tuple[int, ...]  # a part's place in input order (a split part's pieces: one more number)
TASK_PREFIX = "tidings-part"
# Times a task is run again after an error, or after its worker died (a local cluster's).
RETRIES = ALLOWED_FAILURES = 1


def run_part(part: Part, job: Job, shard_url: str, run: str) -> str:
    """On a worker: process a part and write its shard; the shard's key."""
    shards = ShardDir(shard_url)
    shards.mark_start(part.key, run)
    batch = worker_for(job).process(read_pieces(part.pieces))
    inputs = sorted({p.path for p in part.pieces})
    shards.write(part.key, batch, inputs)
    return part.key


def _same(job: Job) -> Job:
    return job


def part_bytes(total: int, workers: int) -> int:
    """Bytes a partition: eight a worker, between 64 KiB and 16 MiB."""
    return min(16 << 20, max(64 << 10, total // max(1, workers * 8)))


@contextlib.contextmanager
def _quiet_dask() -> Iterator[None]:
    """Dask's own INFO lines (a scheduler starting, workers joining) only with --verbose."""
    logger = logging.getLogger("distributed")
    level = logger.level
    if not logging.getLogger().isEnabledFor(logging.INFO):
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextlib.contextmanager
def _client(settings: Any, notice: Notice | None) -> Iterator[Any]:
    with _quiet_dask(), _connected(settings, notice) as client:
        yield client


@contextlib.contextmanager
def _connected(settings: Any, notice: Notice | None) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if settings.scheduler:
        with Client(settings.scheduler) as client:  # type: ignore[no-untyped-call]
            yield client
        return
    import dask

    dashboard = importlib.util.find_spec("bokeh") is not None
    # A worker holds only the task it runs (no second one queued behind it), so that a worker
    # that dies puts only that task under suspicion; and a task under which two workers died
    # fails (KilledWorker) and is split, rather than killing two more.
    with dask.config.set({"distributed.scheduler.worker-saturation": 1.0}):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=settings.workers or available_cores(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            # A free port, never Dask's fixed 8787 (another cluster on this machine may hold
            # it): the scheduler's HTTP server runs without bokeh too, for its health checks.
            dashboard_address="127.0.0.1:0",
            silence_logs=logging.WARNING,
            scheduler_kwargs={"allowed_failures": ALLOWED_FAILURES},
        )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        if notice:
            if dashboard and cluster.dashboard_link:
                notice(f"Dask dashboard: {cluster.dashboard_link}")
            else:
                notice("no Dask dashboard (install bokeh for one)")
        yield client


def _reason(exc: BaseException) -> str:
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        return (
            f"KilledWorker: the worker process died each time it processed this input "
            f"({exc.allowed_failures + 1} times: killed, out of memory, or a crash in native code)"
        )
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def run_dask(
    paths: Sequence[str],
    job: Job,
    writer: StoreWriter,
    progress: Progress | None = None,
    notice: Notice | None = None,
    after: Callable[[], object] | None = None,
) -> EngineResult:
    """Store every input through a Dask cluster. Shards are stored in the parts' order (a part
    split after failing takes its place), so that of two copies of an article in different
    parts the first in input order is the one stored, as in one process; a whole shard a
    stopped run left is stored in its part's place (that part is not run again), or first if
    it is no part of this run."""
    from distributed import as_completed

    settings = job.settings
    shards = ShardDir(settings.shards)
    keep = settings.keep_shards
    tally = Tally(after=after)
    shards.check()
    with _client(settings, notice) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        target = settings.partition_bytes or part_bytes(partitions.total_bytes(paths), workers)
        plan = partitions.plan(paths, target)
        left = set(shards.finished())
        others = sorted(left - {part.key for part in plan.parts})
        for loaded in load_finished(shards, writer, tally, keep, others):
            log.info("stored the shard %s left by an earlier run", loaded.key)
        if plan.errors:
            failures = [Failure.of_ingest(e) for e in plan.errors]
            tally.add(writer.write(failures), progress)
            tally.failed(failures)
        shards.make()
        nonce = uuid.uuid4().hex[:8]
        # The job as a task's result, not scattered data: Dask computes it again when every
        # worker that held it has died, where scattered data would be lost with them.
        shared = client.submit(_same, job, key=f"tidings-job-{nonce}", pure=False)

        attempts: dict[str, int] = {}

        def submit(part: Part) -> Any:
            attempt = attempts[part.key] = attempts.get(part.key, 0) + 1
            return client.submit(
                run_part,
                part,
                shared,
                shards.url,
                nonce,
                key=f"{TASK_PREFIX}-{part.key}-{nonce}-{attempt}",
                retries=RETRIES,
                pure=False,
            )

        ready: list[tuple[Order, str]] = []  # shards done, waiting for an earlier part
        running: dict[Any, tuple[Order, Part]] = {}
        for i, part in enumerate(plan.parts):
            if part.key in left:
                heapq.heappush(ready, ((i,), part.key))
            else:
                running[submit(part)] = ((i,), part)

        def store_ready() -> None:
            first = min((order for order, _ in running.values()), default=None)
            while ready and (first is None or ready[0][0] < first):
                key = heapq.heappop(ready)[1]
                batch = shards.read(key)
                tally.add(writer.write_batch(batch), progress, batch)
                if not keep:
                    shards.delete(key)

        store_ready()
        done = as_completed(list(running))  # type: ignore[no-untyped-call]
        for future in done:
            order, part = running.pop(future)
            # The whole shard is the task's result, never the value a worker holds: a worker
            # that dies after a task finished loses that value (the future comes back "lost",
            # and gathering it would run the task again), and may die before the scheduler
            # heard that the task finished (the task is then blamed with the one that killed it).
            if future.status == "finished" or shards.whole(part.key):
                future.release()
                heapq.heappush(ready, (order, part.key))
            else:
                exc = future.exception() if future.status == "error" else None
                if _bystander(exc, shards.starts(part.key, nonce)):
                    again = submit(part)
                    running[again] = (order, part)
                    done.add(again)  # type: ignore[no-untyped-call]
                    continue
                smaller, failed = _failed(part, exc, future.status)
                for i, piece in enumerate(smaller):
                    again = submit(piece)
                    running[again] = ((*order, i), piece)
                    done.add(again)  # type: ignore[no-untyped-call]
                if failed:
                    tally.add(writer.write(failed), progress)
                    tally.failed(failed)
            store_ready()
    if not keep:
        shards.tidy()
    return tally.result(workers)


def _bystander(exc: BaseException | None, starts: int) -> bool:
    """Whether a task Dask gave up on because workers died under it (KilledWorker) ran fewer
    times than they died: then it was waiting on a dying worker behind the task that killed
    it, not the cause (Dask suspects every task a dead worker held), and runs again whole."""
    from distributed import KilledWorker

    return isinstance(exc, KilledWorker) and starts <= exc.allowed_failures


def _failed(part: Part, exc: BaseException | None, status: str) -> tuple[list[Part], list[Failure]]:
    """A part that failed twice: the smaller parts to run instead (Part.split: one a piece,
    then one a JSONL line), or, a single input, its failure (with the reason) to record. A
    worker that cannot work at all (another tidings version's lexicons, a model it lacks)
    stops the run instead."""
    if isinstance(exc, ConfigError | LexiconError | OSError):
        raise exc
    reason = _reason(exc) if exc is not None else f"the task was {status}"
    smaller = part.split()
    if smaller:
        log.warning(
            "a partition of %d pieces failed twice (%s); %d tasks for its inputs now",
            len(part.pieces),
            reason,
            len(smaller),
        )
        return smaller, []
    piece = part.pieces[0]
    return [], [Failure(SourceRef(piece.path, piece.label), "engine", reason)]
