"""What the CLI commands do and show (the CLI layer: this module may print)."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from tidings import store
from tidings.config import Settings
from tidings.corpus import RunSummary, run_corpus
from tidings.errors import AmbiguousIdError, RunInterrupted, StoreError, TidingsError, UsageError
from tidings.store import queries
from tidings.store.reading import Reading, open_for_reading
from tidings.terminal import count, line, safe

if TYPE_CHECKING:
    import duckdb

    from tidings.query.filters import EventFilter


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


def exit_code(exc: TidingsError) -> int:
    """2 for a usage mistake (paths, ids, settings, lexicons, gold and key files), 3 for a store
    that cannot be opened, read or written."""
    return 3 if isinstance(exc, StoreError) and not isinstance(exc, UsageError) else 2


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


def _said(err: Console) -> Callable[[str], None]:
    """Print what a read-only command reads (the store, or a generation of it) on stderr."""
    return lambda what: err.print(line(("note:", "dim"), " ", what))


def open_reading(settings: Settings, err: Console) -> Reading:
    """The store for a read-only command: the live file, or a generation while a run holds
    it, which one line on stderr says."""
    reading = open_for_reading(settings.db_path)
    if reading.notice:
        _said(err)(reading.notice)
    return reading


def do_stats(settings: Settings, out: Console, err: Console) -> None:
    with open_reading(settings, err) as reading:
        con = reading.con
        table = Table(title=line("tidings store ", settings.db_path))
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, count in queries.table_counts(con).items():
            table.add_row(name, str(count))
        out.print(table)
        story = queries.story_summary(con)
        out.print(
            f"{story['clustered_articles']} articles in {story['clusters']} story clusters; "
            f"{story['merged_events']} distinct events after merging "
            f"({story['article_events']} as reported per article)"
        )
        codes = queries.top_codes(con)
        if codes:
            top = Table(title="most frequent event types")
            for column in ("PLOVER", "CAMEO", "events"):
                top.add_column(column)
            for plover, label, count in codes:
                top.add_row(safe(plover), safe(label), str(count))
            out.print(top)
        for failure in queries.recent_failures(con, 10):
            out.print(
                line(
                    ("failure", "yellow"),
                    f" {failure['location']} {failure['record']}: {failure['error']}",
                )
            )


def do_show(settings: Settings, article_id: str, out: Console, err: Console) -> int:
    """Print one stored article with every item under the sentence it comes from; an id that
    names several articles lists them instead (exit code 2)."""
    from tidings.show import print_article

    with open_reading(settings, err) as reading:
        con = reading.con
        try:
            record = queries.read_record(con, queries.find_article_id(con, article_id))
        except AmbiguousIdError as exc:
            err.print(line(("error:", "red"), f" {exc.key!r} names several articles:"))
            for row in queries.article_labels(con, exc.candidates):
                err.print(line(f"  {row['id']}  {row['external_id'] or '-'}  {row['title'] or ''}"))
            err.print(line("Give the whole id, or more of it."))
            return 2
    print_article(record, out)
    return 0


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


def do_eval_gold(path: Path, settings: Settings, out: Console, show_errors: bool) -> int:
    from tidings.build import build_pipeline
    from tidings.evaluate.sentences import as_documents, read_gold, score_sentences
    from tidings.models import ArticleRecord

    gold_file = read_gold(path)
    gold = list(gold_file.sentences)
    for problem in gold_file.problems:
        out.print(line((problem.location, "bold"), ": skipped, ", problem.reason))
    pipeline = build_pipeline(settings)
    records = []
    for result in pipeline.pipe(as_documents(gold, str(path))):
        if not isinstance(result, ArticleRecord):
            raise TidingsError(f"{result.source}: {result.error}")
        records.append(result)
    report = score_sentences(gold, records, pipeline.lexicons.cameo_countries)
    if show_errors:
        for item in report.sentences:
            if item.missed or item.false_alarms:
                out.print()
                out.print(line((item.gold.id, "bold"), " ", item.gold.text))
                for pair in item.missed:
                    out.print(line("  ", ("missed", "red"), "      ", _pair(pair)))
                for pair in item.false_alarms:
                    out.print(line("  ", ("false alarm", "yellow"), " ", _pair(pair)))
    table = Table(title="recall by PLOVER type")
    for column in ("type", "gold", "found", "recall"):
        table.add_column(column)
    for plover, score in sorted(report.recall_by_type.items()):
        table.add_row(safe(plover), str(score.tp + score.fn), str(score.tp), f"{score.recall:.2f}")
    out.print(table)
    if report.recall_by_root:
        out.print(
            safe(
                "recall by CAMEO root: "
                + ", ".join(
                    f"{root} {s.recall:.2f} ({s.tp}/{s.tp + s.fn})"
                    for root, s in sorted(report.recall_by_root.items())
                )
            )
        )
    out.print(f"sentences: {len(gold)}")
    for name, score in (("type-level", report.type_level), ("dyad-level", report.dyad_level)):
        out.print(
            f"{name}: P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f} "
            f"(tp={score.tp} fp={score.fp} fn={score.fn})"
        )
    if gold_file.problems:
        out.print(f"skipped gold records: {len(gold_file.problems)}")
        return 1
    return 0


def do_eval_key(
    key_path: Path,
    article: Path,
    settings: Settings,
    out: Console,
    show_errors: bool,
    all_events_path: Path | None = None,
) -> int:
    from tidings.corpus import extract_records
    from tidings.evaluate.keys import (
        event_item_found,
        false_alarms,
        judge_events,
        load_all_events,
        load_key,
        score_key,
    )
    from tidings.models import ArticleRecord

    key = load_key(key_path)
    all_events = load_all_events(all_events_path) if all_events_path else None
    (record,) = list(extract_records([str(article)], settings))
    if not isinstance(record, ArticleRecord):
        raise TidingsError(f"{record.source}: {record.error}")
    sections = score_key(key, record)
    by_root: dict[str, list[int]] = {}
    for item in key.get("events", []):
        for root in item.get("root", []):
            hits = by_root.setdefault(root, [0, 0])
            hits[0] += int(event_item_found(record.events, item))
            hits[1] += 1
    for section in sections:
        out.print(safe(f"{section.name:18} {section.found}/{section.total}"))
        if show_errors:
            for failure in section.failures:
                out.print(line("    ", ("not met:", "red"), " ", failure))
    if by_root:
        out.print(
            safe(
                "events by CAMEO root: "
                + ", ".join(f"{r} {h[0]}/{h[1]}" for r, h in sorted(by_root.items()))
            )
        )
    alarms = false_alarms(key, record)
    out.print(f"false alarms       {len(alarms)}")
    if show_errors:
        for alarm in alarms:
            out.print(line("    ", ("false alarm:", "yellow"), " ", alarm))
    if all_events is not None:
        verdicts = judge_events(all_events, record)
        right = sum(v.right for v in verdicts)
        share = f" ({right / len(verdicts):.0%})" if verdicts else ""
        out.print(f"countable events right: {right}/{len(verdicts)}{share}")
        if show_errors:
            for verdict in verdicts:
                if not verdict.right:
                    out.print(line("    ", ("wrong:", "yellow"), " ", verdict.describe()))
    found = sum(s.found for s in sections)
    total = sum(s.total for s in sections)
    out.print(f"total: {found}/{total}")
    return 0


def do_lexicons_check(directory: Path | None, out: Console) -> None:
    """Load and check the lexicons, then list the files in use and the fingerprint."""
    from tidings.lexicons import load_lexicons

    lexicons = load_lexicons(directory)
    table = Table(title=line("lexicons", f" with overrides from {directory}" if directory else ""))
    for column in ("file", "from", "entries", "path"):
        table.add_column(column, justify="right" if column == "entries" else "left")
    for file in lexicons.files:
        table.add_row(safe(file.name), file.role, str(file.entries), safe(file.path))
    out.print(table)
    out.print(line("fingerprint ", lexicons.fingerprint))


def _pair(pair: tuple[str, str, str]) -> str:
    """An event as "CODE SOURCE -> TARGET" ("-" for a missing actor)."""
    return f"{pair[0]} {pair[1] or '-'} -> {pair[2] or '-'}"


def do_store_check(settings: Settings, out: Console) -> None:
    """Check a store whole (headers, schema, every table read through): one line, a StoreError
    when it is damaged."""
    from tidings.store.health import unreadable_tables

    path = settings.db_path
    con = store.connect(path, read_only=True)
    try:
        tables, problems = unreadable_tables(con)
        row = con.execute("SELECT count(*) FROM articles").fetchone() if not problems else None
    finally:
        con.close()
    if problems:
        raise StoreError(
            f"the store {path} is damaged: {len(problems)} of {tables} tables cannot be read "
            f"({problems[0]})"
        )
    articles = count(int(row[0]) if row else 0, "article")
    out.print(line("ok: the store ", path, f" is whole ({tables} tables read through, {articles})"))


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


# The columns the terminal table of `tidings query` shows (JSON lines and CSV give them all).
QUERY_TABLE_COLUMNS = (
    "date_start",
    "cameo",
    "plover",
    "source_code",
    "target_code",
    "trigger_text",
    "place_name",
    "article_id",
)


def _check_format(output: str) -> None:
    from tidings.query.output import FORMATS

    if output not in FORMATS:
        raise UsageError(f"--format {output!r}: give one of {', '.join(FORMATS)}")


def print_rows(
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    output: str,
    out: Console,
    shown: Sequence[str] = (),
) -> None:
    """Rows as a terminal table (of the `shown` columns, else all), JSON lines or CSV."""
    from tidings.query.output import jsonl_lines, plain, write_csv

    if output == "jsonl":
        sys.stdout.writelines(jsonl_lines(columns, rows))
        return
    if output == "csv":
        write_csv(sys.stdout, columns, rows)
        return
    picked = [columns.index(c) for c in shown if c in columns] or range(len(columns))
    table = Table()
    for i in picked:
        table.add_column(safe(columns[i]))
    for row in rows:
        table.add_row(*(safe("" if row[i] is None else plain(row[i])) for i in picked))
    out.print(table)


def _event_filter(con: duckdb.DuckDBPyConnection, options: dict[str, Any]) -> EventFilter:
    """The filter the options give, with --article resolved like `tidings show` resolves an
    id (an external id or a unique prefix names the article)."""
    from tidings.query.filters import event_filter

    if options.get("article"):
        options = {**options, "article": queries.find_article_id(con, str(options["article"]))}
    return event_filter(**options)


def do_query(
    settings: Settings,
    options: dict[str, Any],
    sort: str,
    desc: bool,
    limit: int | None,
    output: str,
    out: Console,
    err: Console,
) -> int:
    """Print the events the filters select; 2 for a usage mistake, 3 for a store error."""
    from tidings.query.filters import EventQuery, select_events
    from tidings.query.reader import reading

    try:
        _check_format(output)
        with reading(settings.db_path, said=_said(err)) as con:
            query = EventQuery(_event_filter(con, options), sort, desc, limit)
            page = select_events(con, query)
    except TidingsError as exc:
        err.print(line(("error:", "red"), " ", exc))
        return exit_code(exc)
    print_rows(page.columns, page.rows, output, out, QUERY_TABLE_COLUMNS)
    if output == "table":
        err.print(
            line(
                f"{len(page.rows)} of {count(page.total, 'event')} from ",
                query.filter.relation,
                " in ",
                settings.db_path,
            )
        )
    return 0


def do_sql(
    settings: Settings,
    statement: str,
    output: str,
    limit: int,
    timeout: float,
    out: Console,
    err: Console,
) -> int:
    """Run one read-only SELECT and print its rows; 2 when it is refused or fails, 3 for a
    store that cannot be opened."""
    from tidings.query.reader import reading
    from tidings.query.sql import lock_down, run_read_only

    try:
        _check_format(output)
        with reading(settings.db_path, said=_said(err)) as con:
            lock_down(con)
            result = run_read_only(con, statement, row_limit=limit, timeout=timeout)
    except TidingsError as exc:
        err.print(line(("error:", "red"), " ", exc))
        return exit_code(exc)
    print_rows(result.columns, result.rows, output, out)
    if result.truncated:
        err.print(line(("note:", "yellow"), f" only the first {count(limit, 'row')} are shown"))
    return 0


def do_export(
    settings: Settings,
    fmt: str,
    options: dict[str, Any],
    path: Path,
    events_only: bool,
    err: Console,
) -> int:
    """Export and say what was written (on stderr: stdout may be the export itself)."""
    from tidings.export.run import export
    from tidings.query.reader import reading

    try:
        with reading(settings.db_path, said=_said(err)) as con:
            written = export(con, fmt, _event_filter(con, options), path, events_only, sys.stdout)
    except TidingsError as exc:
        err.print(line(("error:", "red"), " ", exc))
        return exit_code(exc)
    for item in written:
        where = "stdout" if str(item.path) == "-" else item.path
        err.print(line(f"{count(item.rows, 'row')} of {item.name} -> ", where))
    return 0


def do_serve(
    settings: Settings,
    host: str,
    port: int,
    token: str | None,
    no_auth: bool,
    out: Console,
    err: Console,
) -> int:
    """Serve the API until Ctrl-C (or SIGTERM): 0 when stopped, 2 for a usage mistake (an
    address beyond loopback without --token or --no-auth, a port in use)."""
    from tidings.serve.app import ServeOptions, create_app
    from tidings.serve.server import check_access, listen, server, url_of
    from tidings.store.snapshot import newest_generation

    try:
        check_access(host, token, no_auth)
        app = create_app(settings, ServeOptions(token=token))
        sock = listen(host, port)
    except TidingsError as exc:
        err.print(line(("error:", "red"), " ", exc))
        return 2
    with sock:
        out.print(line("serving ", settings.db_path, " on ", url_of(sock)))
        if newest_generation(settings.db_path) is None:
            err.print(
                line(
                    ("note:", "yellow"),
                    " no generation of ",
                    settings.db_path,
                    " is published yet; waiting for a run (tidings run, demo or recode) "
                    "to publish one",
                )
            )
        # uvicorn stops cleanly on SIGINT, then raises it again for the caller.
        with contextlib.suppress(KeyboardInterrupt):
            server(app).run(sockets=[sock])
    err.print("stopped")
    return 0
