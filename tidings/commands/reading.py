"""Reading the store from the CLI: stats, one article, filtered events, SQL and exports (the CLI
layer: this module may print)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from tidings.commands import exit_code
from tidings.config import Settings
from tidings.errors import AmbiguousIdError, TidingsError, UsageError
from tidings.store import queries
from tidings.store.reading import Reading, open_for_reading
from tidings.terminal import count, line, safe

if TYPE_CHECKING:
    import duckdb

    from tidings.query.filters import EventFilter


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
