"""Shared fixtures: settings with a temporary store, one pipeline per session, the cases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tidings.config import Settings
from tidings.pipeline.run import Pipeline

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
FIXTURES = TESTS / "fixtures"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(Settings())


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
