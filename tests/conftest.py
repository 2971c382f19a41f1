"""Shared fixtures: settings with a temporary store, one pipeline per session, the cases."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tidings import nlp as nlp_stage
from tidings.build import build_pipeline
from tidings.config import Settings
from tidings.lexicons import Lexicons, load_lexicons
from tidings.models import Article, ArticleRecord, Problem, Setting, SourceRef
from tidings.pipeline.run import Pipeline

if TYPE_CHECKING:
    from spacy.language import Language

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
FIXTURES = TESTS / "fixtures"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return build_pipeline(Settings())


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default model as the pipeline loads it, for tests of rules over a real parse."""
    return nlp_stage.load(Settings())


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    """The bundled lexicons, loaded once, for tests of rules that read them."""
    return load_lexicons()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "test.duckdb", batch_size=4)


@pytest.fixture(scope="session")
def baltic_text() -> str:
    return (CASES / "baltic-2015" / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def baltic_key() -> dict[str, Any]:
    return json.loads((CASES / "baltic-2015" / "expected.json").read_text(encoding="utf-8"))


def store_snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every data table of a store (and the merged events), rows sorted: for comparing stores."""
    import duckdb

    from tidings.store.schema import DATA_TABLES

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in (*DATA_TABLES, "story_events")
        }
    finally:
        con.close()


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expected.json").exists())


@pytest.fixture(scope="session")
def golden_records(pipeline: Pipeline) -> dict[str, ArticleRecord]:
    """Each golden case's record, with problems set by hand, and a setting set by hand where the
    pipeline gives none (so that tests of records and the store cover both)."""
    from tidings.ingest import iter_inputs

    out = {}
    for name in case_names():
        (raw,) = iter_inputs([str(CASES / name / "article.txt")])
        record = pipeline(raw)
        assert isinstance(record, ArticleRecord), record
        setting = record.setting
        if not setting.home and not any(setting.scenes):
            scenes = tuple("AFG" if i == 1 else "" for i in range(min(3, len(record.sentences))))
            setting = Setting(home="PAK", reason="dateline", scenes=scenes)
        out[name] = dataclasses.replace(
            record,
            setting=setting,
            problems=(
                Problem("quotes", "error", "ValueError: no [speaker] in 'x'"),
                Problem("events", "warning", "skipped: quotes failed"),
            ),
        )
    return out


def write_articles(db: Path, articles: list[Article], duplicates: tuple[Article, ...] = ()) -> None:
    """Store bare articles (no NLP) with their sources; `duplicates` are further inputs that
    read an article already in the list (a source row each, status "duplicate")."""
    from tidings import store
    from tidings.store.writer import StoreWriter

    con = store.connect(db)
    try:
        StoreWriter(con).write([ArticleRecord(article) for article in articles], duplicates)
    finally:
        con.close()


def bare_article(aid: str, external_id: str = "", title: str = "", where: str = "") -> Article:
    """An article with a given id (a real one is its text's hash) and a short text."""
    text = f"Article {aid} says the army moved into Riga on Monday."
    source = SourceRef(where or f"{aid}.txt")
    return Article(aid, aid, text, title=title, source=source, external_id=external_id)


def event_record(text: str, where: str, day: str | None, cameo: str = "0234") -> ArticleRecord:
    """A record built by hand (no NLP): an article keyed by its text's hash, with one event
    dated `day` (a day, a month, or None), for tests of clustering and merged events."""
    from tidings.models import Actor, Event, TimeRef, Trigger, content_hash

    aid = content_hash(text)
    event = Event(
        id="e0",
        cameo=cameo,
        cameo_label="appeal",
        plover="REQUEST",
        plover_mode="",
        plover_context="",
        quad_class=1,
        goldstein=3.0,
        source=Actor("Lithuania", "LTU", "LTU"),
        target=Actor("NATO", "IGOWSTNAT"),
        modality="asserted",
        date=TimeRef("on Tuesday", day, source="sentence") if day else None,
        place=None,
        sentence=0,
        span=(0, 20),
        trigger=Trigger("asked", (10, 15)),
    )
    return ArticleRecord(Article(aid, aid, text, source=SourceRef(where)), events=(event,))
