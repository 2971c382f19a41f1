"""The local engine: results in input order, failures in place, the same records on any number
of processes."""

from __future__ import annotations

from datetime import date
from functools import cache

from tidings.config import Settings
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
