"""Quality gates: the scores on the golden articles and the gold sentences may not drop.

Every test here runs the pipeline and compares what it scores with the floors pinned in
tests/cases/floors.json: per golden article, how many items of each key section were found;
per gold sentence set, the type-level and dyad-level F1. The floors are what the system reached
when they were pinned; raising them is welcome, lowering one needs a reason in the commit
message.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache

import pytest
from conftest import CASES, TESTS, case_names

from tidings.evaluate.keys import Section, judge_events, load_all_events, score_key
from tidings.evaluate.sentences import as_documents, read_gold, score_sentences
from tidings.ingest import iter_inputs
from tidings.models import ArticleRecord
from tidings.pipeline.run import Pipeline

FLOORS = json.loads((CASES / "floors.json").read_text(encoding="utf-8"))
ARTICLE_FLOORS: dict[str, dict[str, list[int]]] = FLOORS["articles"]
# F1 floors per gold set under tests/data (the set's file stem): type level and dyad level.
SENTENCE_FLOORS: dict[str, dict[str, float]] = FLOORS["sentences"]
# Gold sets held out of development: measured at the end of a piece of accuracy work, never
# gated or listed with --errors while it goes on (tests/data/README.md).
HELD_OUT: set[str] = set(FLOORS["held_out"])
# The article that started the project: it passes in full.
EXAMPLE = "baltic-2015"

Scorer = Callable[[str], dict[str, Section]]


@pytest.fixture(scope="module")
def extracted(pipeline: Pipeline) -> Callable[[str], ArticleRecord]:
    """A golden case's record as the pipeline makes it today (each case run once)."""

    @cache
    def record(name: str) -> ArticleRecord:
        (raw,) = iter_inputs([str(CASES / name / "article.txt")])
        return pipeline(raw)

    return record


@pytest.fixture(scope="module")
def scored(extracted: Callable[[str], ArticleRecord]) -> Scorer:
    """A golden case's key sections as the pipeline scores them today."""

    def score(name: str) -> dict[str, Section]:
        key = json.loads((CASES / name / "expected.json").read_text(encoding="utf-8"))
        return {s.name: s for s in score_key(key, extracted(name))}

    return score


def test_quality_countable_events_right_on_the_golden_articles(
    extracted: Callable[[str], ArticleRecord],
) -> None:
    """Every golden article lists every event it reports (all-events.json, judged by hand);
    the share of extracted countable events that meet one of them may not drop."""
    verdicts = []
    for name in case_names():
        path = CASES / name / "all-events.json"
        assert path.is_file(), f"{name} has no all-events.json"
        verdicts += judge_events(load_all_events(path), extracted(name))
    right = sum(v.right for v in verdicts) / len(verdicts)
    assert right >= FLOORS["countable_events_right"], f"{right:.3f}: " + "; ".join(
        v.describe() for v in verdicts if not v.right
    )


@pytest.mark.parametrize("name", sorted(set(case_names()) | set(ARTICLE_FLOORS)))
def test_quality_golden_article_sections(scored: Scorer, name: str) -> None:
    assert name in ARTICLE_FLOORS, f"{name} has a key but no floors in floors.json"
    assert name in case_names(), f"floors.json names {name}, which has no key under tests/cases"
    sections = scored(name)
    floors = ARTICLE_FLOORS[name]
    assert set(sections) == set(floors), "the key's sections changed: re-pin floors.json"
    for section, (floor, total) in floors.items():
        got = sections[section]
        assert got.total == total, f"{name} {section}: the key has {got.total} items, not {total}"
        assert got.found >= floor, (
            f"{name} {section}: {got.found}/{total} < {floor}: {got.failures}"
        )


def test_quality_example_article_is_complete(scored: Scorer) -> None:
    """The example that started the project passes in full, every section of its key, and
    its floors say so (a floor below full there would hide a regression)."""
    sections = scored(EXAMPLE)
    assert {"events", "not_events", "quotes", "people", "places"} <= set(sections)
    incomplete = {
        name: (s.found, s.total, s.failures) for name, s in sections.items() if s.found < s.total
    }
    assert not incomplete
    assert all(found == total for found, total in ARTICLE_FLOORS[EXAMPLE].values())


GOLD_SETS = sorted(
    ({p.stem for p in (TESTS / "data").glob("*.jsonl")} - HELD_OUT) | set(SENTENCE_FLOORS)
)


def test_quality_held_out_sets_exist_and_are_not_gated() -> None:
    assert HELD_OUT
    assert all((TESTS / "data" / f"{stem}.jsonl").is_file() for stem in HELD_OUT)
    assert not HELD_OUT & set(SENTENCE_FLOORS)


@pytest.mark.parametrize("stem", GOLD_SETS)
def test_quality_gold_sentences(pipeline: Pipeline, stem: str) -> None:
    path = TESTS / "data" / f"{stem}.jsonl"
    assert stem in SENTENCE_FLOORS, f"{path} has no floors in floors.json"
    gold_file = read_gold(path)
    assert not gold_file.problems
    gold = list(gold_file.sentences)
    assert gold, f"{path} holds no gold sentences"
    records = list(pipeline.pipe(as_documents(gold, str(path))))
    failed = [r for r in records if not isinstance(r, ArticleRecord)]
    assert not failed
    report = score_sentences(
        gold,
        [r for r in records if isinstance(r, ArticleRecord)],
        pipeline.lexicons.cameo_countries,
    )
    floors = SENTENCE_FLOORS[stem]
    assert report.type_level.f1 >= floors["type_f1"], report.type_level
    assert report.dyad_level.f1 >= floors["dyad_f1"], report.dyad_level
