"""Running the pipeline from the CLI: corpus runs, loading shards, the demo and recoding, with
their progress bars, signals and summaries (the CLI layer: this module may print)."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tidings import store
from tidings.commands import exit_code
from tidings.config import Settings
from tidings.corpus import RunSummary, run_corpus
from tidings.errors import RunInterrupted, TidingsError, UsageError
from tidings.store import queries
from tidings.terminal import count, line

if TYPE_CHECKING:
    pass


def _progress(console: Console, quiet: bool) -> Progress:
    return Progress(
        TextColumn("[bold]processing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("articles"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        transient=True,
    )


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like SIGINT's KeyboardInterrupt so that a run rolls back the same way."""

    signal_name = "SIGTERM"


# Set when SIGTERM arrives: a signal that lands inside a DuckDB query surfaces as the store's
# "interrupted" error, which does not say which signal it was.
_sigterm_seen = threading.Event()


def _terminate(signum: int, frame: object) -> None:
    _sigterm_seen.set()
    raise Terminated()


def _signal_name(exc: RunInterrupted) -> str:
    return "SIGTERM" if _sigterm_seen.is_set() else exc.signal_name


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM interrupts like SIGINT for the block (main thread only; restored after)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _sigterm_seen.clear()
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stdin_empty(paths: Sequence[str]) -> bool:
    peek = getattr(sys.stdin.buffer, "peek", None)
    return "-" in paths and peek is not None and not peek(1)


def do_run(
    paths: Sequence[str],
    settings: Settings,
    out: Console,
    err: Console,
    quiet: bool = False,
    replace: bool = False,
) -> int:
    """Run the corpus and print a summary. Exit codes: 0 every input stored (or already),
    1 done with failures recorded in the store, 2 a usage mistake (nothing created), 3 a store
    error, 130 / 143 interrupted by SIGINT / SIGTERM (the batch in flight rolled back)."""
    try:
        if _stdin_empty(paths):
            raise UsageError("-: nothing to read on stdin")
        with _sigterm_interrupts(), _progress(err, quiet) as bar:
            task = bar.add_task("run", total=None)
            summary = run_corpus(
                paths,
                settings,
                sys.stdin.buffer,
                lambda n: bar.advance(task, n),
                replace,
                notice=lambda text: err.print(line(("note:", "yellow"), " ", text)),
            )
    except RunInterrupted as exc:
        err.print(
            line(
                ("interrupted", "yellow"),
                f" by {_signal_name(exc)}: the batch in progress was rolled back; the store ",
                settings.db_path,
                f" holds {count(exc.stored, 'article')} ({exc.new} new from this run). "
                "Run the same command again to resume.",
            )
        )
        return 143 if _signal_name(exc) == "SIGTERM" else 130
    except KeyboardInterrupt as exc:
        err.print(line(("interrupted", "yellow"), " before the store was opened: nothing stored."))
        return 143 if isinstance(exc, Terminated) else 130
    except TidingsError as exc:
        err.print(line(("error:", "red"), " ", exc))
        return exit_code(exc)
    print_summary(summary, settings.db_path, out, err)
    return 1 if summary.failures else 0


def _used(summary: RunSummary) -> str:
    """What did the work: " (2 processes)", " (Dask, 4 workers)"."""
    if summary.engine == "dask":
        return f" (Dask, {count(summary.workers, 'worker')})"
    if summary.engine == "local":
        return f" ({count(summary.workers, 'process', 'processes')})"
    return ""


def _publish_note(error: str, err: Console) -> None:
    """The one line for a writer whose last publication failed (its results are stored)."""
    if error:
        err.print(line(("note:", "yellow"), f" {error}; readers keep the previous one"))


def print_summary(summary: RunSummary, db: Path, out: Console, err: Console) -> None:
    out.print(
        line(
            f"{count(summary.articles, 'new article')}, {summary.skipped} already stored, "
            f"{summary.failures} failed -> ",
            db,
            _used(summary),
        )
    )
    if summary.stale:
        err.print(
            line(
                ("note:", "yellow"),
                f" {count(summary.stale, 'stored article')} coded by another tidings version, "
                "model or lexicons; `tidings recode --db ",
                db,
                "` codes them again.",
            )
        )
    _publish_note(summary.publish_error, err)
    for failure in summary.failure_examples:
        err.print(line(("failed:", "yellow"), f" {failure.source}: {failure.error}"))
    if summary.failures > len(summary.failure_examples):
        err.print(
            f"... and {summary.failures - len(summary.failure_examples)} more (tidings stats)"
        )


def do_load(shard_dir: str, settings: Settings, out: Console, err: Console, keep: bool) -> int:
    """Store the shards of a Dask run; the summary as a run's. Exit codes as `run`'s."""
    from tidings.corpus import load_shards

    try:
        with _sigterm_interrupts():
            summary = load_shards(shard_dir, settings, keep)
    except RunInterrupted as exc:
        err.print(
            line(
                ("interrupted", "yellow"),
                f" by {_signal_name(exc)}: the shard in progress was rolled back; load again "
                "to finish.",
            )
        )
        return 143 if _signal_name(exc) == "SIGTERM" else 130
    except TidingsError as exc:
        err.print(line(("error:", "red"), " ", exc))
        return exit_code(exc)
    print_summary(summary, settings.db_path, out, err)
    return 1 if summary.failures else 0


def do_demo(
    corpus: Path, settings: Settings, out: Console, err: Console, quiet: bool = False
) -> int:
    code = do_run([str(corpus)], settings, out, err, quiet=quiet)
    if code not in (0, 1):
        return code
    con = store.connect(settings.db_path, read_only=True)
    try:
        for row in queries.articles_overview(con):
            out.print(
                line(
                    (row["id"], "dim"),
                    f" {row['published'] or ''!s:10} {row['events']:3} events  ",
                    row["title"] or "(untitled)",
                )
            )
        out.print(line("\nShow one with: tidings show ID --db ", settings.db_path))
    finally:
        con.close()
    return code


def do_recode(
    settings: Settings, where: str, every: bool, out: Console, err: Console, quiet: bool
) -> int:
    """Re-code stored articles; exit 0, 2 for a bad --where, 3 for a store error."""
    from tidings.recode import recode

    try:
        with _sigterm_interrupts(), _progress(err, quiet) as bar:
            task = bar.add_task("recode", total=None)
            summary = recode(
                settings,
                where,
                every,
                progress=lambda n: bar.advance(task, n),
                total=lambda n: bar.update(task, total=n),
            )
    except KeyboardInterrupt:
        err.print(
            line(
                ("interrupted", "yellow"),
                ": the batch in progress was rolled back; run the same command again to finish.",
            )
        )
        return 130
    except TidingsError as exc:
        err.print(line(("error:", "red"), " ", exc))
        return exit_code(exc)
    out.print(
        line(
            f"{count(summary.articles, 'article')} coded again -> ",
            settings.db_path,
            f"; {summary.remaining} left to recode" if summary.remaining else "",
        )
    )
    _publish_note(summary.publish_error, err)
    return 0
