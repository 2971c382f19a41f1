"""What the CLI commands do and show (the CLI layer: this module may print)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from tidings import store
from tidings.config import Settings
from tidings.corpus import RunSummary, run_corpus
from tidings.errors import AmbiguousIdError, TidingsError
from tidings.store import queries


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


def do_run(
    paths: Sequence[str],
    settings: Settings,
    out: Console,
    err: Console,
    quiet: bool = False,
    replace: bool = False,
) -> int:
    """Run the corpus and print a summary; the exit code is 1 only if nothing was processed."""
    try:
        with _progress(err, quiet) as bar:
            task = bar.add_task("run", total=None)
            summary = run_corpus(
                paths, settings, sys.stdin.buffer, lambda n: bar.advance(task, n), replace
            )
    except TidingsError as exc:
        err.print(Text.assemble(("error:", "red"), " ", str(exc)))
        return 2
    print_summary(summary, settings.db_path, out, err)
    return 0 if summary.articles or summary.skipped or not summary.failures else 1


def print_summary(summary: RunSummary, db: Path, out: Console, err: Console) -> None:
    out.print(
        f"{summary.articles} new articles, {summary.skipped} already stored, "
        f"{summary.failures} failed -> {db}"
    )
    for failure in summary.failure_examples:
        err.print(f"[yellow]failed:[/] {failure.source}: {failure.error}")
    if summary.failures > len(summary.failure_examples):
        err.print(
            f"... and {summary.failures - len(summary.failure_examples)} more (tidings stats)"
        )


def do_stats(settings: Settings, out: Console) -> None:
    con = store.connect(settings.db_path, read_only=True)
    try:
        table = Table(title=f"tidings store {settings.db_path}")
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
                top.add_row(plover, label, str(count))
            out.print(top)
        for failure in queries.recent_failures(con, 10):
            out.print(
                f"[yellow]failure[/] {failure['location']} {failure['record']}: {failure['error']}"
            )
    finally:
        con.close()


def do_show(settings: Settings, article_id: str, out: Console, err: Console) -> int:
    """Print one stored article with every item under the sentence it comes from; an id that
    names several articles lists them instead (exit code 2)."""
    from tidings.show import print_article

    con = store.connect(settings.db_path, read_only=True)
    try:
        try:
            record = queries.read_record(con, queries.find_article_id(con, article_id))
        except AmbiguousIdError as exc:
            err.print(
                Text.assemble(("error:", "red"), f" {exc.key!r} names several articles:"),
                highlight=False,
            )
            for row in queries.article_labels(con, exc.candidates):
                label = f"  {row['id']}  {row['external_id'] or '-'}  {row['title'] or ''}"
                err.print(Text(label), highlight=False)
            err.print(Text("Give the whole id, or more of it."), highlight=False)
            return 2
    finally:
        con.close()
    print_article(record, out)
    return 0


def do_demo(
    corpus: Path, settings: Settings, out: Console, err: Console, quiet: bool = False
) -> int:
    code = do_run([str(corpus)], settings, out, err, quiet=quiet)
    if code:
        return code
    con = store.connect(settings.db_path, read_only=True)
    try:
        for row in queries.articles_overview(con):
            out.print(
                f"[dim]{row['id']}[/] {row['published'] or ''!s:10} "
                f"{row['events']:3} events  {row['title']}"
            )
        out.print(f"\nShow one with: tidings show ID --db {settings.db_path}")
    finally:
        con.close()
    return 0


def do_eval_gold(path: Path, settings: Settings, out: Console, show_errors: bool) -> int:
    from tidings.build import build_pipeline
    from tidings.evaluate.sentences import as_documents, read_gold, score_sentences
    from tidings.models import ArticleRecord

    gold = list(read_gold(path))
    pipeline = build_pipeline(settings)
    records = []
    for result in pipeline.pipe(as_documents(gold, str(path))):
        if not isinstance(result, ArticleRecord):
            raise TidingsError(f"{result.source}: {result.error}")
        records.append(result)
    report = score_sentences(gold, records)
    if show_errors:
        for item in report.sentences:
            if item.missed or item.false_alarms:
                out.print(f"\n[bold]{item.gold.id}[/] {item.gold.text}")
                for pair in item.missed:
                    out.print(
                        f"  [red]missed[/]      {pair[0]} {pair[1] or '-'} -> {pair[2] or '-'}"
                    )
                for pair in item.false_alarms:
                    out.print(
                        f"  [yellow]false alarm[/] {pair[0]} {pair[1] or '-'} -> {pair[2] or '-'}"
                    )
    table = Table(title="recall by PLOVER type")
    for column in ("type", "gold", "found", "recall"):
        table.add_column(column)
    for plover, score in sorted(report.recall_by_type.items()):
        table.add_row(plover, str(score.tp + score.fn), str(score.tp), f"{score.recall:.2f}")
    out.print(table)
    if report.recall_by_root:
        out.print(
            "recall by CAMEO root: "
            + ", ".join(
                f"{root} {s.recall:.2f} ({s.tp}/{s.tp + s.fn})"
                for root, s in sorted(report.recall_by_root.items())
            )
        )
    out.print(f"sentences: {len(gold)}")
    for name, score in (("type-level", report.type_level), ("dyad-level", report.dyad_level)):
        out.print(
            f"{name}: P={score.precision:.3f} R={score.recall:.3f} F1={score.f1:.3f} "
            f"(tp={score.tp} fp={score.fp} fn={score.fn})"
        )
    return 0


def do_eval_key(
    key_path: Path, article: Path, settings: Settings, out: Console, show_errors: bool
) -> int:
    from tidings.corpus import extract_records
    from tidings.evaluate.keys import event_item_found, score_key
    from tidings.models import ArticleRecord

    key = json.loads(key_path.read_text(encoding="utf-8"))
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
        out.print(f"{section.name:18} {section.found}/{section.total}")
        if show_errors:
            for failure in section.failures:
                out.print(f"    [red]not met:[/] {failure}")
    if by_root:
        out.print(
            "events by CAMEO root: "
            + ", ".join(f"{r} {h[0]}/{h[1]}" for r, h in sorted(by_root.items()))
        )
    found = sum(s.found for s in sections)
    total = sum(s.total for s in sections)
    out.print(f"total: {found}/{total}")
    return 0


def do_lexicons_check(directory: Path | None, out: Console) -> None:
    """Load and check the lexicons, then list the files in use and the fingerprint."""
    from tidings.lexicons import load_lexicons

    lexicons = load_lexicons(directory)
    table = Table(title="lexicons" + (f" with overrides from {directory}" if directory else ""))
    for column in ("file", "from", "entries", "path"):
        table.add_column(column, justify="right" if column == "entries" else "left")
    for file in lexicons.files:
        table.add_row(file.name, file.role, str(file.entries), str(file.path))
    out.print(table)
    out.print(f"fingerprint {lexicons.fingerprint}", markup=False)
