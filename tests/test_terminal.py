"""Values from input reach the terminal as plain text: no markup, no control characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import EVIL
from rich.console import Console
from typer.testing import CliRunner

from tidings.cli import app
from tidings.terminal import clean, line

runner = CliRunner()


@pytest.mark.parametrize(
    ("value", "lines", "expected"),
    [
        ("plain [/] text", False, "plain [/] text"),
        ("\x1b[2Jcleared", False, "\\x1b[2Jcleared"),
        ("bell\x07 and \x9b csi", False, "bell\\x07 and \\x9b csi"),
        ("two\nlines\tand tab", False, "two lines and tab"),
        ("two\nlines\tand tab", True, "two\nlines\tand tab"),
        ("right\u202eto left", False, "right\\u202eto left"),
        (42, False, "42"),
    ],
)
def test_terminal_clean_shows_control_characters(value: object, lines: bool, expected: str) -> None:
    assert clean(value, lines) == expected


def test_terminal_line_prints_markup_literally() -> None:
    console = Console(record=True, width=200, color_system=None)
    console.print(line(("error:", "red"), " ", EVIL))
    shown = console.export_text()
    assert shown.strip() == "error: " + clean(EVIL)
    assert "\x1b" not in shown and "\x07" not in shown


def _safe(output: str) -> None:
    assert "\x1b" not in output and "\x07" not in output, output
    assert "[/]" in output, output


def test_terminal_run_stats_show_on_hostile_values(hostile_titles: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "hostile.duckdb")
    ran = runner.invoke(app, ["run", str(hostile_titles), "--db", db, "-q"])
    assert ran.exit_code == 1, ran.output  # done, with the bad date recorded as a failure
    _safe(ran.output)
    for command in (["stats", "--db", db], ["show", "t1", "--db", db]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0, result.output
        _safe(result.output)
    shown = runner.invoke(app, ["show", "t1", "--db", db]).output
    assert clean(EVIL) in shown and "respond [/] to" in shown


def test_terminal_demo_lists_hostile_titles(hostile_titles: Path, tmp_path: Path) -> None:
    from tidings.commands.running import do_demo
    from tidings.config import Settings

    out = Console(record=True, width=200, color_system=None)
    err = Console(record=True, width=200, color_system=None, stderr=True)
    code = do_demo(hostile_titles, Settings(db_path=tmp_path / "d.duckdb"), out, err, quiet=True)
    assert code == 1  # the bad date is a recorded failure
    shown = out.export_text() + err.export_text()
    _safe(shown)
    assert clean(EVIL) in shown


def test_terminal_eval_errors_print_gold_safely(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    sentence = {
        "id": "g[/]1\x1b[2J",
        "text": "Rebels attacked a convoy near Goma on Monday.",
        "date": "2023-02-01",
        "events": [{"plover": "PROTEST", "cameo": None, "source": ["COD"], "target": []}],
    }
    gold.write_text(json.dumps(sentence) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold), "--errors"])
    assert result.exit_code == 0, result.output
    _safe(result.output)
    assert "g[/]1\\x1b[2J" in result.output
