"""Re-coding stored articles (tidings/recode.py, `tidings recode`): what another version coded is
found, coded again from the stored text, idempotently."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from conftest import CASES, store_snapshot
from typer.testing import CliRunner

from tidings.cli import app

runner = CliRunner()
CORPUS = sorted(str(p / "article.txt") for p in CASES.iterdir() if (p / "article.txt").exists())[:3]


def _labels(db: Path) -> list[str | None]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return [
            row[0] for row in con.execute("SELECT coded_with FROM articles ORDER BY id").fetchall()
        ]
    finally:
        con.close()


def _age(db: Path, where: str = "TRUE") -> None:
    """Make stored articles look coded by an older tidings."""
    con = duckdb.connect(str(db))
    try:
        con.execute(
            f"UPDATE articles SET coded_with = 'tidings 0.0.1; old; lexicons 0' WHERE {where}"
        )
    finally:
        con.close()


@pytest.fixture
def coded(tmp_path: Path) -> Path:
    db = tmp_path / "recode.duckdb"
    result = runner.invoke(app, ["run", *CORPUS, "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    return db


def test_recode_run_records_what_coded_each_article(coded: Path) -> None:
    from tidings import __version__

    labels = _labels(coded)
    assert len(labels) == len(CORPUS) and len(set(labels)) == 1
    assert (labels[0] or "").startswith(f"tidings {__version__}; ")
    result = runner.invoke(app, ["recode", "--db", str(coded), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("0 articles coded again")


def test_recode_codes_again_what_another_version_coded(coded: Path) -> None:
    clean = store_snapshot(coded)
    current = _labels(coded)[0]
    _age(coded)
    rerun = runner.invoke(app, ["run", *CORPUS, "--db", str(coded), "-q"])
    assert f"{len(CORPUS)} stored articles coded by another tidings version" in rerun.output
    result = runner.invoke(app, ["recode", "--db", str(coded), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{len(CORPUS)} articles coded again")
    assert set(_labels(coded)) == {current}
    assert store_snapshot(coded) == clean
    again = runner.invoke(app, ["recode", "--db", str(coded), "-q"])
    assert again.output.startswith("0 articles coded again")


def test_recode_where_and_all_choose_articles(coded: Path) -> None:
    _age(coded)
    first = sorted(_labels(coded))
    one = runner.invoke(
        app, ["recode", "--db", str(coded), "--where", "source LIKE '%arrest-2021%'", "-q"]
    )
    assert one.exit_code == 0, one.output
    assert one.output.startswith("1 article coded again")
    assert sum(label != first[0] for label in _labels(coded)) == 1
    every = runner.invoke(app, ["recode", "--db", str(coded), "--all", "-q"])
    assert every.output.startswith(f"{len(CORPUS)} articles coded again")


def test_recode_bad_where_is_one_line(coded: Path) -> None:
    result = runner.invoke(app, ["recode", "--db", str(coded), "--where", "no_such_column = 1"])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "--where" in lines[0]


def test_recode_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["recode", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert not (tmp_path / "none.duckdb").exists()
