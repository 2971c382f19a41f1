from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import CASES
from typer.testing import CliRunner

from tidings import __version__
from tidings.cli import app
from tidings.models import LIST_FIELDS, content_hash

runner = CliRunner()
BALTIC = str(CASES / "baltic-2015" / "article.txt")
COMMANDS = [
    "run",
    "extract",
    "show",
    "stats",
    "demo",
    "eval",
    "fetch",
    "recode",
    "query",
    "sql",
    "export",
    "serve",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 4


def test_cli_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_cli_extract_example_record() -> None:
    result = runner.invoke(app, ["extract", BALTIC])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["title"] == "Baltic countries request permanent NATO troop presence"
    assert record["published"] == "2015-07-28"
    assert "Photo by" not in record["text"]
    assert "Republic since Yanukovych\u2019s demise" in record["text"]
    for field in LIST_FIELDS:
        assert isinstance(record[field], list)
    for place in record["places"]:
        start, end = place["span"]
        assert record["text"][start:end] == place["text"]


def test_cli_extract_stdin_jsonl() -> None:
    line = json.dumps(
        {"id": "x1", "text": "Rebels attacked a convoy near Goma on Monday.", "date": "2023-02-01"}
    )
    result = runner.invoke(app, ["extract", "-"], input=line + "\n")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["external_id"] == "x1"
    assert record["id"] == record["content_hash"] == content_hash(record["text"])


def test_cli_run_show_stats(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = runner.invoke(app, ["run", BALTIC, str(bad), "--db", db, "--quiet"])
    assert result.exit_code == 1, result.output  # done, with a failure recorded
    assert "1 new article," in result.output and "1 failed" in result.output
    assert "empty.txt" in result.output
    shown = runner.invoke(app, ["show", "caaf", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "Baltic countries request" in shown.output and "Places" in shown.output
    stats = runner.invoke(app, ["stats", "--db", db])
    assert stats.exit_code == 0 and "articles" in stats.output and "failures" in stats.output


def test_cli_run_exit_codes(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    nothing = runner.invoke(app, ["run", str(tmp_path / "missing.txt"), "--db", db, "-q"])
    assert nothing.exit_code == 2
    assert "missing.txt" in nothing.output
    unknown = runner.invoke(app, ["run", BALTIC, "--batch-size", "0", "--db", db])
    assert unknown.exit_code == 2
    missing_store = runner.invoke(app, ["stats", "--db", str(tmp_path / "none.duckdb")])
    assert missing_store.exit_code == 2 and "no such store" in missing_store.output
    no_size = runner.invoke(app, ["run", BALTIC, "--store-memory", "lots", "--db", db])
    assert no_size.exit_code == 2 and "store memory must be a size" in no_size.output
    assert not Path(db).exists()


def test_cli_run_with_a_store_memory_cap_stores_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tidings import store

    asked: list[str] = []
    real = store.connect

    def connect(path: Path | str, **options: Any) -> Any:
        asked.append(options.get("memory_limit", ""))
        return real(path, **options)

    monkeypatch.setattr(store, "connect", connect)
    db = tmp_path / "capped.duckdb"
    result = runner.invoke(app, ["run", BALTIC, "--db", str(db), "-q", "--store-memory", "100MB"])
    assert result.exit_code == 0, result.output
    assert "100MB" in asked  # the writer's connection is the capped one
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    finally:
        con.close()


def test_cli_show_unknown_id(tmp_path: Path) -> None:
    db = str(tmp_path / "s.duckdb")
    runner.invoke(app, ["run", BALTIC, "--db", db, "-q"])
    result = runner.invoke(app, ["show", "zzzz", "--db", db])
    assert result.exit_code == 2 and "no article" in result.output


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("field", ["quotes", "places", "people", "organizations"])
def test_cli_show_items_with_their_sentences(tmp_path: Path, field: str) -> None:
    from tidings.show import SENTENCE_CHARS

    db = str(tmp_path / "show.duckdb")
    assert runner.invoke(app, ["run", BALTIC, "--db", db, "-q"]).exit_code == 0
    record = json.loads(runner.invoke(app, ["extract", BALTIC]).stdout)
    shown = runner.invoke(app, ["show", record["id"][:6], "--db", db])
    assert shown.exit_code == 0, shown.output
    output = _flat(shown.output)
    starts = [
        item["span"][0] if "span" in item else item["spans"][0][0]
        for item in record[field]
        if item.get("span") or item.get("spans")
    ]
    sentences = [
        next(s for s in record["sentences"] if s["span"][0] <= start < s["span"][1])
        for start in starts
    ]
    short = [s for s in sentences if len(s["text"]) <= SENTENCE_CHARS]
    assert short, f"no {field} item in a sentence short enough to be shown whole"
    for sentence in short:
        assert f"s{sentence['index']} {_flat(sentence['text'])}" in output
    # the section heading counts the items
    assert output.count(f"{field.capitalize()} ({len(record[field])})") == 1


@pytest.mark.parametrize(
    ("start", "end"),
    [(0, 5), (300, 320), (590, 600), (250, 260)],
)
def test_cli_show_window_cuts_long_sentences(start: int, end: int) -> None:
    from tidings.show import window

    body = " ".join(f"w{i:03d}" for i in range(120))  # 599 characters
    shown, a, b = window(body, start, end, 100)
    assert len(shown) <= 104
    assert shown[a:b].strip() == body[start:end].strip()
    assert shown.startswith("… ") == (start > 50)
    assert shown.endswith(" …") == (end < 550)


def test_cli_show_prints_the_setting_and_the_problems(tmp_path: Path) -> None:
    import dataclasses

    from test_models_roundtrip import edge_record

    from tidings import store
    from tidings.models import Problem
    from tidings.store.writer import StoreWriter

    record = dataclasses.replace(
        edge_record(),
        problems=(
            Problem("events", "error", "KeyError: no actor [LTUMIL] in 'x'"),
            Problem("quotes", "warning", "skipped: events failed"),
        ),
    )
    db = tmp_path / "setting.duckdb"
    con = store.connect(db)
    StoreWriter(con).write([record])
    con.close()
    shown = runner.invoke(app, ["show", "a1", "--db", str(db)])
    assert shown.exit_code == 0, shown.output
    output = _flat(shown.output)
    assert "set in: PAK (dateline); sentence 1: AFG" in output
    assert "Problems (2)" in output
    assert "error in events: KeyError: no actor [LTUMIL] in 'x'" in output
    assert "warning in quotes: skipped: events failed" in output
    # the rest of show is still there
    assert "Events (2)" in output and "Organizations (1)" in output and "Text (" in output


def _gold_line(**overrides: object) -> str:
    sentence = {"id": "g1", "text": "Rebels attacked a convoy.", "date": "2023-02-01"}
    return json.dumps({**sentence, "events": [], **overrides}) + "\n"


MISTAKES: dict[str, tuple[list[str], dict[str, str], str]] = {
    # name: (arguments, files to write first, what the one line says)
    "mistyped path": (["run", "{tmp}/artcle.txt"], {}, "no such file or directory"),
    "empty path": (["run", ""], {}, "an empty path"),
    "empty directory": (["run", "{tmp}/empty"], {"empty/": ""}, "nothing to read"),
    "glob matching nothing": (["run", "{tmp}/*.none"], {}, "no file matches"),
    "db a directory": (["run", BALTIC, "--db", "{tmp}"], {}, "is a directory"),
    "db in memory": (["run", BALTIC, "--db", ":memory:"], {}, "would lose the results"),
    "db in a missing folder": (["run", BALTIC, "--db", "{tmp}/no/x.duckdb"], {}, "not exist"),
    "stats without a store": (["stats", "--db", "{tmp}/none.duckdb"], {}, "no such store"),
    "eval gold missing": (["eval", "{tmp}/gold.jsonl"], {}, "no such file"),
    "eval key missing": (["eval", "--key", "{tmp}/k.json", BALTIC], {}, "no such file"),
    "eval key not json": (["eval", "--key", "{tmp}/k.json", BALTIC], {"k.json": "{"}, "not JSON"),
    "eval key a list": (
        ["eval", "--key", "{tmp}/k.json", BALTIC],
        {"k.json": "[]"},
        "a key is a JSON object",
    ),
    "eval key events not a list": (
        ["eval", "--key", "{tmp}/k.json", BALTIC],
        {"k.json": '{"events": {"what": "x"}}'},
        "'events' must be a list",
    ),
    "eval key event without what": (
        ["eval", "--key", "{tmp}/k.json", BALTIC],
        {"k.json": '{"events": [{"id": "e1"}]}'},
        "item 1 of 'events' lacks what",
    ),
    "eval all-events without key": (
        ["eval", "{tmp}/g.jsonl", "--all-events", "{tmp}/a.json"],
        {"g.jsonl": _gold_line(), "a.json": '{"events": []}'},
        "--all-events goes with --key",
    ),
    "eval all-events missing": (
        ["eval", "--key", "{tmp}/k.json", BALTIC, "--all-events", "{tmp}/a.json"],
        {"k.json": "{}"},
        "no such file (the events file)",
    ),
    "eval article missing": (
        ["eval", "--key", "{tmp}/k.json", "{tmp}/nothing.txt"],
        {"k.json": "{}"},
        "no such file (the article)",
    ),
}


BAD_GOLD_RECORDS = {
    "not json": ("{oops", "not JSON"),
    "events null": (_gold_line(events=None).strip(), "events is not a list"),
    "no events": ('{"id": "g2", "text": "Rebels fled."}', "missing field 'events'"),
    "event not an object": (_gold_line(events=["x"]).strip(), "not a list of objects"),
    "empty text": (_gold_line(text="  ").strip(), "empty text"),
    "event without plover": (_gold_line(events=[{"source": ["SYR"]}]).strip(), "PLOVER"),
}


@pytest.mark.parametrize("name", sorted(BAD_GOLD_RECORDS))
def test_cli_eval_skips_a_bad_gold_record_and_exits_1(tmp_path: Path, name: str) -> None:
    bad, says = BAD_GOLD_RECORDS[name]
    good = _gold_line(
        events=[{"plover": "ASSAULT", "cameo": "190", "source": ["REB"], "target": [""]}]
    )
    gold = tmp_path / "g.jsonl"
    gold.write_text(good + bad + "\n" + good, encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 1, result.output
    skipped = [line for line in result.output.splitlines() if "skipped" in line]
    assert skipped[0].startswith(f"{gold}:2: skipped") and says in skipped[0], result.output
    assert "sentences: 2" in result.output
    assert "skipped gold records: 1" in result.output


CAMEO_CODED = [
    ("Japan condemned the North Korean missile launch on Tuesday.", "ACCUSE", "JAP", "PRK"),
    ("Italian police arrested three Tunisian smugglers in Sicily.", "COERCE", "ITLCOP", "TUN"),
    ("Serbia accused Kosovo of harassing ethnic Serbs.", "ACCUSE", "SRB", "KSV"),
]


@pytest.mark.parametrize(("text", "plover", "source", "target"), CAMEO_CODED)
def test_cli_eval_reads_cameo_country_codes_as_iso(
    tmp_path: Path, text: str, plover: str, source: str, target: str
) -> None:
    event = {"plover": plover, "cameo": None, "source": [source], "target": [target]}
    gold = tmp_path / "g.jsonl"
    gold.write_text(_gold_line(text=text, events=[event]), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    assert "dyad-level: P=1.000 R=1.000" in result.output, result.output


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_cli_mistake_is_one_line_and_creates_no_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    arguments, files, says = MISTAKES[name]
    for file, content in files.items():
        if file.endswith("/"):
            (tmp_path / file).mkdir()
        else:
            (tmp_path / file).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TIDINGS_DB", str(tmp_path / "default.duckdb"))
    result = runner.invoke(app, [a.replace("{tmp}", str(tmp_path)) for a in arguments])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 2, result.output
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert says in lines[0]
    assert not list(tmp_path.rglob("*.duckdb")) and not (tmp_path / ":memory:").exists()


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 new articles"), (1, "1 new article,"), (2, "2 new articles")]
)
def test_cli_run_counts_articles_in_words(tmp_path: Path, count: int, expected: str) -> None:
    from test_resume import write_corpus

    write_corpus(tmp_path / "corpus")
    texts = sorted((tmp_path / "corpus").glob("story-*.txt"))[: max(count, 1)]
    db = str(tmp_path / "n.duckdb")
    if count == 0:  # the same articles again: none new
        runner.invoke(app, ["run", *map(str, texts), "--db", db, "-q"])
    result = runner.invoke(app, ["run", *map(str, texts), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(expected)


@pytest.fixture
def id_store(tmp_path: Path) -> Path:
    """Articles whose ids, external ids and prefixes overlap in every way a lookup can trip on."""
    from conftest import bare_article, write_articles

    db = tmp_path / "ids.duckdb"
    write_articles(
        db,
        [
            bare_article("1", title="One"),
            bare_article("10", "x-1", "Ten"),
            bare_article("3f00aa", "feed-7", "First seven"),
            bare_article("3f00bb", "feed-7", "Second seven"),
            bare_article("77aa", "10"),
            bare_article("88cc", "3f00"),
            bare_article("99dd"),
        ],
        duplicates=(bare_article("99dd", "dup-3", where="b.jsonl"),),
    )
    return db


@pytest.mark.parametrize(
    ("key", "found"),
    [
        ("1", "1"),  # an exact id wins over the prefix of "10"
        ("10", "10"),  # ... and over an external id "10"
        ("x-1", "10"),  # an exact external id
        ("dup-3", "99dd"),  # the external id of a later source of the same text
        ("3f00", "88cc"),  # an external id wins over a prefix
        ("3f00a", "3f00aa"),  # a unique prefix
        ("7", "77aa"),
    ],
)
def test_cli_show_finds_id_then_external_id_then_prefix(
    id_store: Path, key: str, found: str
) -> None:
    from tidings import store
    from tidings.store.queries import find_article_id

    con = store.connect(id_store, read_only=True)
    try:
        assert find_article_id(con, key) == found
    finally:
        con.close()
    shown = runner.invoke(app, ["show", key, "--db", str(id_store)])
    assert shown.exit_code == 0, shown.output
    assert found in shown.output.split("\n")[0]


@pytest.mark.parametrize(
    ("key", "candidates"), [("3f", ["3f00aa", "3f00bb"]), ("feed-7", ["3f00aa", "3f00bb"])]
)
def test_cli_show_ambiguous_id_lists_candidates_and_exits_2(
    id_store: Path, key: str, candidates: list[str]
) -> None:
    from tidings import store
    from tidings.errors import AmbiguousIdError
    from tidings.store.queries import find_article_id

    con = store.connect(id_store, read_only=True)
    try:
        with pytest.raises(AmbiguousIdError) as raised:
            find_article_id(con, key)
    finally:
        con.close()
    assert raised.value.candidates == candidates
    shown = runner.invoke(app, ["show", key, "--db", str(id_store)])
    assert shown.exit_code == 2
    lines = shown.output.splitlines()
    assert lines[0] == f"error: {key!r} names several articles:"
    assert [line.split()[0] for line in lines[1:-1]] == candidates
    assert "First seven" in lines[1] and "Second seven" in lines[2]
