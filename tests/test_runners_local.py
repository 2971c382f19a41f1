"""The local engine: results in input order, failures in place, the same records on any number
of processes."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from tidings.config import Settings, available_cores
from tidings.errors import IngestError
from tidings.models import ArticleRecord, Failure, RawDocument, SourceRef
from tidings.runners.local import Result, run_local

TEXTS = (
    "Russia attacked Ukraine in March.",
    "Germany condemned Russia on Friday.",
    "Police arrested five militants in Kabul.",
    "NATO warned Russia on Monday.",
    "Lithuania, Estonia and Latvia called on NATO to send more troops.",
)
BROKEN = Failure(SourceRef("feed.xml", "item 2"), "ingest", "no text")
UNREADABLE = IngestError("missing.html", "no such file")


def documents() -> list[RawDocument | Failure | IngestError]:
    """Articles with a failure and an ingest error between them, across batch boundaries."""
    raws = [
        RawDocument(SourceRef(f"t{i}.txt"), text, published=date(2015, 7, 28), has_header=False)
        for i, text in enumerate(TEXTS)
    ]
    return [raws[0], BROKEN, raws[1], raws[2], UNREADABLE, raws[3], raws[4]]


@cache
def results(processes: int) -> tuple[Result, ...]:
    settings = Settings(batch_size=2, processes=processes)
    return tuple(run_local(documents(), settings))


def test_runners_local_results_in_input_order() -> None:
    done = results(1)
    assert [type(r).__name__ for r in done] == [
        "ArticleRecord",
        "Failure",
        "ArticleRecord",
        "ArticleRecord",
        "Failure",
        "ArticleRecord",
        "ArticleRecord",
    ]
    records = [r for r in done if isinstance(r, ArticleRecord)]
    assert [r.article.text for r in records] == list(TEXTS)
    assert [str(r.article.source) for r in records] == [f"t{i}.txt" for i in range(len(TEXTS))]


def test_runners_local_failures_pass_through_in_place() -> None:
    """A failure stays what it was; an ingest error becomes the failure that names its file."""
    done = results(1)
    assert done[1] == BROKEN
    assert done[4] == Failure(SourceRef("missing.html"), "ingest", "no such file")


def test_runners_local_records_are_coded() -> None:
    records = [r for r in results(1) if isinstance(r, ArticleRecord)]
    assert [[e.source.code if e.source else "" for e in r.events] for r in records] == [
        ["RUS"],
        ["DEU"],
        ["AFGCOP"],
        ["IGOWSTNAT"],
        ["LTU", "EST", "LVA"],
    ]


def test_runners_local_two_processes_give_the_same_records() -> None:
    assert results(2) == results(1)


def test_runners_local_available_cores_follow_the_affinity(monkeypatch: Any) -> None:
    """Every core this process may run on (its affinity, not the machine's count)."""
    import os

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert available_cores() == 2
    assert Settings().process_count == 2
    assert Settings(processes=3).process_count == 3


def _reports(folder: Path, copies: int) -> Path:
    """A JSONL file of short reports (every fifth repeating an earlier text) and a file of
    bad ones, enough articles for several parts."""
    lines = []
    for i in range(copies):
        text = TEXTS[i % len(TEXTS)]
        if i % 5:
            text = f"{text} Officials gave the figure {i} on day {i % 28 + 1}."
        lines.append(json.dumps({"id": f"r{i}", "text": text, "date": "2015-07-28"}))
    (folder / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "bad.jsonl").write_text('{"id": 1, "text": \n', encoding="utf-8")
    return folder


def test_runners_local_run_with_no_options_uses_every_core(
    monkeypatch: Any, tmp_path: Path
) -> None:
    """`tidings run` with no options on two cores runs two processes (parts read by the
    workers), and stores what one process stores."""
    import os

    from typer.testing import CliRunner

    from tests.conftest import store_snapshot
    from tidings.cli import app

    (tmp_path / "in").mkdir()
    corpus = _reports(tmp_path / "in", 60)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    runner = CliRunner()
    both = runner.invoke(app, ["run", str(corpus), "--db", str(tmp_path / "two.duckdb"), "-q"])
    assert both.exit_code == 1, both.output  # the bad line
    assert "(2 processes)" in both.output
    one = runner.invoke(app, ["run", str(corpus), "--db", str(tmp_path / "one.duckdb"), "-p", "1"])
    assert "(1 process)" in one.output
    assert store_snapshot(tmp_path / "two.duckdb") == store_snapshot(tmp_path / "one.duckdb")
    again = runner.invoke(app, ["run", str(corpus), "--db", str(tmp_path / "two.duckdb"), "-q"])
    assert "0 new articles, 60 already stored, 1 failed" in again.output
    few = runner.invoke(app, ["run", str(corpus / "bad.jsonl"), "--db", str(tmp_path / "f.duckdb")])
    assert "(1 process)" in few.output  # fewer articles than a batch: no pool


def test_runners_local_a_worker_killed_by_an_input_stops_the_run(tmp_path: Path) -> None:
    """An input that kills its worker process (Settings.crash_on) ends a run of several
    processes with an error, not a hang; run again without the fault, the store is what one
    process stores."""
    import pytest

    from tests.conftest import store_snapshot
    from tidings.corpus import run_corpus
    from tidings.errors import PipelineError

    (tmp_path / "in").mkdir()
    corpus = _reports(tmp_path / "in", 60)
    crash = "Officials gave the figure 33 "
    db = tmp_path / "two.duckdb"
    with pytest.raises(PipelineError, match="worker process died"):
        run_corpus([str(corpus)], Settings(db_path=db, processes=2, crash_on=crash))
    run_corpus([str(corpus)], Settings(db_path=db, processes=2))
    one = tmp_path / "one.duckdb"
    run_corpus([str(corpus)], Settings(db_path=one, processes=1))
    assert store_snapshot(db) == store_snapshot(one)
