"""The Dask engine: a map over partitions on a Dask cluster (local, or one at an address).

Each task reads, cleans and processes one partition on a worker (the model loaded once per
worker process, work.worker_for) and writes its rows as a Parquet shard (shards.py); the
driver stores each shard as it comes, in one transaction through the same writer as a local
run, and deletes it once stored. A task that fails twice (Dask retries it once; a lost worker's
tasks Dask reschedules itself) is split into one task an input, so that only an input that
fails on its own is recorded as failed. The only module that imports dask or distributed.
"""

from __future__ import annotations

import contextlib
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
TASK_PREFIX = "tidings-part"


def run_part(part: Part, job: Job, shard_url: str) -> str:
    """On a worker: process a part and write its shard; the shard's key."""
    batch = worker_for(job).process(read_pieces(part.pieces))
    inputs = sorted({p.path for p in part.pieces})
    ShardDir(shard_url).write(part.key, batch, inputs)
    return part.key


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
    dashboard = importlib.util.find_spec("bokeh") is not None
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=settings.workers or available_cores(),
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0" if dashboard else None,
        silence_logs=logging.WARNING,
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        if notice:
            if dashboard and cluster.dashboard_link:
                notice(f"Dask dashboard: {cluster.dashboard_link}")
            else:
                notice("no Dask dashboard (install bokeh for one)")
        yield client


def _reason(exc: BaseException) -> str:
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
    """Store every input through a Dask cluster; leftover whole shards (a run that stopped)
    are stored first."""
    from distributed import as_completed

    settings = job.settings
    shards = ShardDir(settings.shards)
    keep = settings.keep_shards
    tally = Tally(after=after)
    for loaded in load_finished(shards, writer, tally, keep):
        log.info("stored the shard %s left by an earlier run", loaded.key)
    with _client(settings, notice) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        target = settings.partition_bytes or part_bytes(partitions.total_bytes(paths), workers)
        plan = partitions.plan(paths, target)
        if plan.errors:
            failures = [Failure.of_ingest(e) for e in plan.errors]
            tally.add(writer.write(failures), progress)
            tally.failed(failures)
        shards.make()
        shared = client.scatter(job, broadcast=True, hash=False)
        nonce = uuid.uuid4().hex[:8]

        def submit(part: Part) -> Any:
            return client.submit(
                run_part,
                part,
                shared,
                shards.url,
                key=f"{TASK_PREFIX}-{part.key}-{nonce}",
                retries=1,
                pure=False,
            )

        running = {submit(part): part for part in plan.parts}
        done = as_completed(list(running))  # type: ignore[no-untyped-call]
        for future in done:
            part = running.pop(future)
            if future.status != "finished":
                failed = _failed(part, future.exception(), submit, running, done)
                if failed:
                    tally.add(writer.write(failed), progress)
                    tally.failed(failed)
                continue
            key = future.result()
            future.release()
            batch = shards.read(key)
            tally.add(writer.write_batch(batch), progress, batch)
            if not keep:
                shards.delete(key)
    if not keep:
        shards.tidy()
    return tally.result(workers)


def _failed(
    part: Part,
    exc: BaseException,
    submit: Callable[[Part], Any],
    running: dict[Any, Part],
    done: Any,
) -> list[Failure]:
    """A part that failed twice: split into one task an input, or, a single input, its
    failure (with the reason) to record. A worker that cannot work at all (another tidings
    version's lexicons, a model it lacks) stops the run instead."""
    if isinstance(exc, ConfigError | LexiconError | OSError):
        raise exc
    if len(part.pieces) > 1:
        log.warning(
            "a partition of %d inputs failed twice (%s); one task an input now",
            len(part.pieces),
            _reason(exc),
        )
        for single in part.split():
            future = submit(single)
            running[future] = single
            done.add(future)
        return []
    piece = part.pieces[0]
    return [Failure(SourceRef(piece.path, piece.label), "engine", _reason(exc))]
