"""The README's commands are the ones CI and users run; keep them true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _command(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\s*```bash\n(.+?)\n```", README, re.S)
    assert match, f"README has no {marker} block"
    return match.group(1).strip()


def test_readme_test_command_is_what_ci_runs() -> None:
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci_lines[-1].strip() == _command("test-command")


def test_readme_commands_install_and_call_tidings() -> None:
    demo = _command("demo-command")
    assert "pip install" in demo and "tidings demo" in demo
    assert "pytest" in _command("test-command")


def test_readme_demo_runs_on_the_bundled_corpus(tmp_path: Path) -> None:
    """The demo part of the README command, run as the installed CLI would run it."""
    db = tmp_path / "demo.duckdb"
    args = _command("demo-command").split("&&")[-1].split()
    assert args[0].endswith("tidings")
    args = [sys.executable, "-m", "tidings", *args[1:]]
    args[args.index("--db") + 1] = str(db)
    result = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "Baltic countries request permanent NATO troop presence" in result.stdout
    assert db.exists()
    # The README's DuckDB query runs on the demo store, as written.
    match = re.search(r"<!-- query-example -->\s*```python\n(.+?)\n```", README, re.S)
    assert match, "README has no query example"
    query = subprocess.run(
        [sys.executable, "-c", match.group(1)], capture_output=True, text=True, cwd=tmp_path
    )
    assert query.returncode == 0, query.stderr
    assert (
        "date_value" in query.stdout and "source_code" in query.stdout and " rows" in query.stdout
    )


def test_readme_lists_every_command() -> None:
    for command in (
        "run",
        "extract",
        "show",
        "stats",
        "demo",
        "eval",
        "fetch",
        "store check",
        "recode",
        "load",
        "query",
        "sql",
        "export",
        "serve",
    ):
        assert f"`tidings {command}" in README


def test_readme_python_example_runs(tmp_path: Path, monkeypatch) -> None:
    match = re.search(r"## Python API\s*```python\n(.+?)\n```", README, re.S)
    assert match, "README has no Python API example"
    example = ROOT / "tests" / "cases" / "baltic-2015" / "article.txt"
    (tmp_path / "article.txt").write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    printed: list[str] = []
    exec(compile(match.group(1), "README.md", "exec"), {"print": lambda *a: printed.append(str(a))})
    assert any("Baltic countries request" in line for line in printed)


def test_readme_store_reference_matches_the_schema(tmp_path: Path) -> None:
    """Every column of a migrated store is described, nothing else is, and the README's reference
    is the one generated from the descriptions."""
    from tidings import store
    from tidings.store.reference import TABLES, describe, reference_markdown, store_columns

    con = store.connect(tmp_path / "schema.duckdb")
    columns = store_columns(con)
    con.close()
    assert set(columns) == set(TABLES)
    undescribed = [(t, c) for t, cs in columns.items() for c in cs if not describe(t, c)]
    assert undescribed == []
    stale = [
        (t, c)
        for t, (_, own) in TABLES.items()
        # views: their event columns are those of `events` when made
        if t not in {"story_events", "countable_events"}
        for c in own
        if c not in columns[t]
    ]
    assert stale == []
    match = re.search(r"<!-- store-reference -->\n(.+?)\n<!-- /store-reference -->", README, re.S)
    assert match, "README has no store reference"
    assert match.group(1) == reference_markdown(columns)


def test_readme_eval_examples_work_from_a_fresh_clone(monkeypatch) -> None:
    from typer.testing import CliRunner

    from tidings.cli import app

    match = re.search(r"Scoring, from a fresh clone.+?```bash\n(.+?)\n```", README, re.S)
    assert match, "README has no eval examples"
    commands = [line.split() for line in match.group(1).splitlines()]
    assert all(c[:2] == ["tidings", "eval"] for c in commands)
    monkeypatch.chdir(ROOT)
    for command in commands:
        for arg in command[2:]:
            assert arg.startswith("--") or (ROOT / arg).is_file(), arg
    key = next(c for c in commands if "--key" in c)
    result = CliRunner().invoke(app, key[1:])
    assert result.exit_code == 0, result.output
    assert "total:" in result.output


def test_readme_fetch_row_names_every_option() -> None:
    """Every option of `tidings fetch` is explained in its row of the command table."""
    import typer.main

    from tidings.cli import app

    command = typer.main.get_command(app).commands["fetch"]  # type: ignore[attr-defined]
    row = next(line for line in README.splitlines() if line.startswith("| `tidings fetch"))
    options = [name for param in command.params for name in param.opts if name.startswith("--")]
    assert "--allow-private" in options and "--deadline" in options
    missing = [name for name in options if f"`{name}" not in row and name != "--out"]
    assert not missing, f"the README's fetch row does not explain {missing}"
