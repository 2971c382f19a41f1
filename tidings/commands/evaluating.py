"""Scoring from the CLI: gold sentences and article keys (the CLI layer: this module may print)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.terminal import line, safe

if TYPE_CHECKING:
    pass


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


def _pair(pair: tuple[str, str, str]) -> str:
    """An event as "CODE SOURCE -> TARGET" ("-" for a missing actor)."""
    return f"{pair[0]} {pair[1] or '-'} -> {pair[2] or '-'}"
