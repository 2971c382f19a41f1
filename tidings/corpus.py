"""A corpus run: read every input, skip what the store has, process the rest, store it all."""

from __future__ import annotations

import contextlib
import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from tidings import store
from tidings.clean import prepare
from tidings.config import Settings
from tidings.errors import IngestError, RunInterrupted, UsageError
from tidings.ingest import expand, iter_inputs
from tidings.lexicons import Lexicons, load_lexicons
from tidings.models import Article, ArticleRecord, Failure
from tidings.pipeline.run import batched
from tidings.runners import partitions
from tidings.runners.local import run_local, run_parts
from tidings.runners.tally import MAX_EXAMPLES, EngineResult, Tally
from tidings.runners.work import Job, KnownIds, LexiconBundle
from tidings.store.queries import all_article_ids, known_article_ids
from tidings.store.snapshot import Generation, Publisher
from tidings.store.writer import RunInfo, StoreWriter, WriteCounts

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)
Progress = Callable[[int], None]
Notice = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class RunSummary:
    articles: int
    skipped: int
    failures: int
    failure_examples: tuple[Failure, ...]
    # Articles the store held before the run that another version or lexicons coded.
    stale: int = 0
    engine: str = "local"
    # Processes of the local engine, or workers of the Dask cluster, that did the work.
    workers: int = 1
    # The snapshot generation published at the end of the run, for readers; or why none was
    # (the run's results are stored all the same).
    generation: Generation | None = None
    publish_error: str = ""

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
    return writer.write(results, _drain(skipped))


def check_inputs(paths: Sequence[str]) -> None:
    """A UsageError (one line) for a path that names nothing to read: empty, mistyped, a glob
    that matches nothing, a directory with no file in it. Checked before a store is opened."""
    if not paths:
        raise UsageError("nothing to read: give files, directories, globs or -")
    for raw in paths:
        if raw == "-":
            continue
        if not raw.strip():
            raise UsageError("an empty path: give a file, directory or glob")
        for found in expand([raw]):
            if isinstance(found, IngestError):
                raise UsageError(f"{raw}: {found.reason}")
            break
        else:
            raise UsageError(f"{raw}: nothing to read (no file in it)")


def check_store_path(path: Path) -> None:
    """A UsageError for a --db that cannot hold a run's results: a directory, `:memory:` (the
    results would be lost on exit), a file in a folder that does not exist."""
    if str(path) == ":memory:":
        raise UsageError("--db :memory: would lose the results when tidings exits; name a file")
    if path.is_dir():
        raise UsageError(
            f"--db {path} is a directory; name a store file (e.g. {path}/tidings.duckdb)"
        )
    if not path.parent.is_dir():
        raise UsageError(f"--db {path}: the folder {path.parent} does not exist")


def _article_count(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM articles").fetchone()
    return int(row[0]) if row else 0


def _interrupted(
    con: duckdb.DuckDBPyConnection, before: int, exc: KeyboardInterrupt
) -> RunInterrupted:
    """The batch in flight rolled back, and what the store holds now."""
    with contextlib.suppress(Exception):
        con.execute("ROLLBACK")
    try:
        stored = _article_count(con)
    except Exception:  # the store said why at the failed write; the count is a courtesy
        stored = before
    return RunInterrupted(stored, stored - before, getattr(exc, "signal_name", "SIGINT"))


def run_info(settings: Settings, lexicon_fingerprint: str) -> RunInfo:
    """What this run codes with, for the `runs` table."""
    from tidings import __version__
    from tidings.nlp import model_versions

    model_version, spacy_version = model_versions(settings.model)
    return RunInfo(__version__, settings.model, model_version, spacy_version, lexicon_fingerprint)


def stale_count(con: duckdb.DuckDBPyConnection, label: str) -> int:
    """How many stored articles were coded with something other than `label`."""
    row = con.execute(
        "SELECT count(*) FROM articles WHERE coded_with IS DISTINCT FROM ?", [label]
    ).fetchone()
    return int(row[0]) if row else 0


def run_corpus(
    paths: Sequence[str],
    settings: Settings,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    replace: bool = False,
    notice: Notice | None = None,
) -> RunSummary:
    """Process every input into the store at settings.db_path; failures are stored, not raised.

    A path with nothing to read or a --db that cannot hold a store is a UsageError before the
    store is created. Interrupted (KeyboardInterrupt), the batch in flight is rolled back and
    RunInterrupted says what the store holds.

    The lexicons (bundled plus settings.lexicons) are loaded and checked before the first
    article (a bad file raises LexiconError); the run log records their fingerprint. The engine
    is settings.engine: local (settings.process_count processes), or dask (runners/dask.py);
    `notice` hears what an engine has to say on the way (a dashboard's address).
    """
    started = datetime.now(UTC).replace(tzinfo=None)
    check_store_path(settings.db_path)
    check_inputs(paths)
    if settings.engine == "dask":
        check_dask(paths, settings, replace)
    lexicons = load_lexicons(settings.lexicons)
    con = store.connect(settings.db_path, memory_limit=settings.store_memory)
    before = _article_count(con)
    info = run_info(settings, lexicons.fingerprint)
    stale = stale_count(con, info.label)
    publisher = Publisher(con, settings.db_path, settings.publish_every)
    try:
        writer = StoreWriter(con, replace=replace, coded_with=info.label)
        if settings.engine == "dask":
            from tidings.runners.dask import run_dask

            job = _job(con, settings, lexicons, info, replace)
            done = run_dask(paths, job, writer, progress, notice, publisher.due)
        else:
            done = _run_local(
                paths, settings, stdin, lexicons, writer, info, replace, progress, publisher.due
            )
        generation, publish_error = finish_run(writer, started, paths, done.counts, info, publisher)
    except KeyboardInterrupt as exc:  # SIGINT, or SIGTERM as the CLI raises it
        raise _interrupted(con, before, exc) from None
    finally:
        con.close()
    counts = done.counts
    return RunSummary(
        counts.articles,
        counts.skipped,
        counts.failures,
        done.examples,
        stale,
        settings.engine,
        done.workers,
        generation,
        publish_error,
    )


def finish_run(
    writer: StoreWriter,
    started: datetime,
    inputs: Sequence[str],
    counts: WriteCounts,
    info: RunInfo,
    publisher: Publisher,
) -> tuple[Generation | None, str]:
    """What ends every run that wrote to the store (a corpus run, a shard load): its log row,
    then a snapshot generation published for readers (or why none could be)."""
    writer.log_run(started, inputs, counts, info)
    return publisher.closing()


_DASK_ONLY = ("--scheduler", "--workers", "--shards", "--keep-shards", "--partition-bytes")


def engine_mistake(engine: str, given: set[str]) -> str | None:
    """What is wrong with the engine options given (one line), or None."""
    if engine not in ("local", "dask"):
        return f"--engine {engine}: choose local or dask"
    if engine == "local" and (wrong := [o for o in _DASK_ONLY if o in given]):
        return f"{wrong[0]} is an option of the Dask engine (--engine dask)"
    if engine == "dask" and "--processes" in given:
        return "--processes is an option of the local engine; the Dask engine has --workers"
    if {"--scheduler", "--workers"} <= given:
        return "--workers sizes a local Dask cluster; a cluster at --scheduler has its own size"
    return None


def check_dask(paths: Sequence[str], settings: Settings, replace: bool) -> None:
    """The Dask engine's usage mistakes, before a store is created."""
    if "-" in paths:
        raise UsageError("stdin (-) cannot be read by the Dask engine; give files")
    if replace:
        raise UsageError("--replace works with the local engine only")


def _job(
    con: duckdb.DuckDBPyConnection,
    settings: Settings,
    lexicons: Lexicons,
    info: RunInfo,
    replace: bool,
) -> Job:
    """What every worker of this run needs: the settings, the lexicons, the ids the store holds
    (none with `replace`: every article is processed again) and what codes the run."""
    known = KnownIds.of([]) if replace else KnownIds.of(all_article_ids(con))
    run = f"{info.label}|{datetime.now(UTC).isoformat()}|{id(con)}"
    return Job(run, settings, LexiconBundle.of(lexicons), known, info.label)


def _run_local(
    paths: Sequence[str],
    settings: Settings,
    stdin: BinaryIO | None,
    lexicons: Lexicons,
    writer: StoreWriter,
    info: RunInfo,
    replace: bool,
    progress: Progress | None,
    after: Callable[[], object],
) -> EngineResult:
    """Several processes over parts when the inputs are files that hold a batch of articles
    at least; else this process alone (no pool to start), or a pool parsing what it reads
    (stdin)."""
    processes = settings.process_count
    if processes > 1 and "-" not in paths:
        target = part_bytes(paths, processes)
        plan = partitions.plan(paths, target)
        if plan.holds(settings.batch_size):
            job = _job(writer.con, settings, lexicons, info, replace)
            return _run_parts(plan, job, processes, writer, progress, after)
        processes = 1
    settings = settings.with_(processes=processes)
    return _run_stream(paths, settings, stdin, lexicons, writer, replace, progress, after)


def part_bytes(paths: Sequence[str], processes: int) -> int:
    """Bytes a part of the local engine: enough parts for the workers to finish together."""
    total = partitions.total_bytes(paths)
    return min(1 << 20, max(32 << 10, total // (processes * 8)))


def _run_parts(
    plan: partitions.Plan,
    job: Job,
    processes: int,
    writer: StoreWriter,
    progress: Progress | None,
    after: Callable[[], object],
) -> EngineResult:
    tally = Tally(after=after)
    if plan.errors:
        failures = [Failure.of_ingest(e) for e in plan.errors]
        tally.add(writer.write(failures), progress)
        tally.failed(failures)
    for batches in run_parts(plan.parts, job, processes):
        for batch in batches:
            tally.add(writer.write_batch(batch), progress, batch)
    return tally.result(processes)


def _run_stream(
    paths: Sequence[str],
    settings: Settings,
    stdin: BinaryIO | None,
    lexicons: Lexicons,
    writer: StoreWriter,
    replace: bool,
    progress: Progress | None,
    after: Callable[[], object],
) -> EngineResult:
    """The driver reads and cleans in input order; parsing here, or in a pool (stdin)."""
    lookup = writer.con.cursor()
    try:
        items: Iterable[Article | Failure] = prepared(paths, settings, stdin, lexicons)
        skipped: deque[Article] = deque()
        if not replace:
            items = _only_new(items, lookup, settings.batch_size * 4, skipped)
        counts, examples = WriteCounts(), list[Failure]()
        pending: list[ArticleRecord | Failure] = []
        for result in run_local(items, settings, lexicons):
            pending.append(result)
            if isinstance(result, Failure) and len(examples) < MAX_EXAMPLES:
                examples.append(result)
            if len(pending) >= settings.write_batch:
                counts += _store(writer, pending, skipped)
                pending = []
                after()
            if progress:
                progress(1)
        counts += _store(writer, pending, skipped)
    finally:
        lookup.close()
    return EngineResult(counts, tuple(examples), settings.process_count)


def load_shards(
    shard_dir: str, settings: Settings, keep: bool = False, progress: Progress | None = None
) -> RunSummary:
    """Store the finished shards of a Dask run, each in one transaction (what a Dask run's
    driver does as they come); each is deleted once stored unless `keep`. A folder without a
    shard, or a shard of another store schema, is a UsageError before the store is opened."""
    from tidings import __version__
    from tidings.runners.shards import ShardDir, load_finished

    started = datetime.now(UTC).replace(tzinfo=None)
    check_store_path(settings.db_path)
    shards = ShardDir(shard_dir)
    if not shards.finished():
        raise UsageError(f"{shard_dir}: no finished shard in it")
    shards.check()
    con = store.connect(settings.db_path, memory_limit=settings.store_memory)
    before = _article_count(con)
    publisher = Publisher(con, settings.db_path, settings.publish_every)
    try:
        writer = StoreWriter(con)
        tally = Tally(after=publisher.due)
        for loaded in load_finished(shards, writer, tally, keep):
            if progress:
                progress(loaded.inputs)
        info = RunInfo(__version__)
        generation, publish_error = finish_run(
            writer, started, [f"load {shard_dir}"], tally.counts, info, publisher
        )
    except KeyboardInterrupt as exc:
        raise _interrupted(con, before, exc) from None
    finally:
        con.close()
    done = tally.result(1)
    counts = done.counts
    return RunSummary(
        counts.articles,
        counts.skipped,
        counts.failures,
        done.examples,
        engine="load",
        generation=generation,
        publish_error=publish_error,
    )


def extract_records(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[ArticleRecord | Failure]:
    """Records for every input, without a store (the lexicons loaded and checked once, before
    the first input is read)."""
    lexicons = load_lexicons(settings.lexicons)
    return run_local(prepared(paths, settings, stdin, lexicons), settings, lexicons)
