from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import CASES, store_snapshot
from test_dedup import VARIANTS, WIRE, story

from tidings import store
from tidings.clean.dedup import SIMILARITY, signature, similarity
from tidings.config import Settings
from tidings.corpus import run_corpus
from tidings.models import ArticleRecord, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline
from tidings.store.clusters import StoryClusters, merged_mentions
from tidings.store.schema import CLUSTER_TABLES, DATA_TABLES, MIGRATIONS
from tidings.store.writer import StoreWriter


def _jsonl(path: Path, records: list[tuple[str, str, str]]) -> str:
    path.write_text(
        "".join(json.dumps({"id": i, "text": t, "date": d}) + "\n" for i, t, d in records),
        encoding="utf-8",
    )
    return str(path)


def _clusters(db: Path) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(con.execute("SELECT article_id, cluster_id FROM article_clusters").fetchall())
    finally:
        con.close()


def _groups(db: Path) -> set[frozenset[str]]:
    """The story clusters, each as the set of its articles' external ids (the JSONL ids)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT list(a.external_id) FROM article_clusters c "
            "JOIN articles a ON a.id = c.article_id GROUP BY c.cluster_id"
        ).fetchall()
    finally:
        con.close()
    return {frozenset(r[0]) for r in rows}


def _id_of(db: Path, external_id: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        (row,) = con.execute(
            "SELECT id FROM articles WHERE external_id = ?", [external_id]
        ).fetchall()
    finally:
        con.close()
    return str(row[0])


def _check_clusters(db: Path) -> None:
    """What must hold in any store: every article fingerprinted and in one cluster named by its
    smallest member; every per-article event in exactly one merged event of its cluster."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
        signed = [r[0] for r in con.execute("SELECT article_id FROM article_signatures").fetchall()]
        assert sorted(signed) == sorted(ids)
        clusters = _clusters(db)
        assert set(clusters) == ids
        for cluster in set(clusters.values()):
            assert cluster == min(a for a, c in clusters.items() if c == cluster)
        events = con.execute("SELECT article_id, id FROM events").fetchall()
        mentions = con.execute(
            "SELECT article_id, event_id, cluster_id, sentence, span_start, span_end "
            "FROM event_mentions"
        ).fetchall()
        assert sorted(events) == sorted(m[:2] for m in mentions)
        for article, _, cluster, sentence, start, end in mentions:
            assert clusters[article] == cluster
            row = con.execute(
                "SELECT span_start, span_end FROM sentences WHERE article_id = ? AND idx = ?",
                [article, sentence],
            ).fetchone()
            assert row == (start, end)
    finally:
        con.close()


def _corpus(tmp_path: Path) -> list[str]:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00junk")
    lines = tmp_path / "more.jsonl"
    lines.write_text(
        '{"id": "j1", "text": "Protesters marched in Minsk on Sunday, and police detained '
        '40 of them.", "date": "2020-08-16"}\n{"id": "j2", "text": oops}\n',
        encoding="utf-8",
    )
    return [str(CASES / "baltic-2015" / "article.txt"), str(bad), str(lines)]


def test_store_run_twice_changes_no_data_table(tmp_path: Path, settings: Settings) -> None:
    inputs = _corpus(tmp_path)
    first = run_corpus(inputs, settings)
    assert (first.articles, first.failures) == (2, 2)
    before = store_snapshot(settings.db_path)
    second = run_corpus(inputs, settings)
    assert (second.articles, second.skipped, second.failures) == (0, 2, 2)
    assert store_snapshot(settings.db_path) == before
    replaced = run_corpus(inputs, settings, replace=True)
    assert replaced.articles == 2
    assert store_snapshot(settings.db_path) == before


def test_store_records_failures_with_reason(tmp_path: Path, settings: Settings) -> None:
    run_corpus(_corpus(tmp_path), settings)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    rows = con.execute(
        "SELECT location, record, stage, error FROM failures ORDER BY location"
    ).fetchall()
    sources = con.execute(
        "SELECT status, count(*) FROM sources GROUP BY status ORDER BY status"
    ).fetchall()
    con.close()
    assert (
        rows[0][0].endswith("bad.txt")
        and rows[0][3] == "not valid UTF-16: truncated data at byte 6"
    )
    assert (
        rows[1][0].endswith("more.jsonl")
        and rows[1][1] == "line 2"
        and "malformed JSON" in rows[1][3]
    )
    assert sources == [("article", 2), ("failure", 2)]


def test_store_migrations_are_named_and_applied_once(tmp_path: Path) -> None:
    db = tmp_path / "m.duckdb"
    con = store.connect(db)
    assert store.applied_migrations(con) == [name for name, _ in MIGRATIONS]
    assert store.migrate(con) == []
    con.close()


def test_store_article_text_and_spans_round_trip(tmp_path: Path, settings: Settings) -> None:
    run_corpus(_corpus(tmp_path), settings)
    j1 = _id_of(settings.db_path, "j1")
    con = duckdb.connect(str(settings.db_path), read_only=True)
    text = con.execute("SELECT text FROM articles WHERE id = ?", [j1]).fetchone()[0]
    places = con.execute(
        "SELECT text, span_start, span_end FROM places WHERE article_id = ?", [j1]
    ).fetchall()
    con.close()
    assert places, "the NER finds Minsk"
    for surface, start, end in places:
        assert text[start:end] == surface


def test_store_read_only_missing_file_is_clear(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match="no such store"):
        store.connect(tmp_path / "absent.duckdb", read_only=True)


WIRE_COPY = VARIANTS["outlet boilerplate"](WIRE)


def test_store_two_copies_of_a_wire_story_are_one_event_with_two_mentions(
    tmp_path: Path, settings: Settings
) -> None:
    inputs = _jsonl(
        tmp_path / "wire.jsonl",
        [
            ("w1", WIRE, "2015-07-28"),
            ("w2", WIRE_COPY, "2015-07-29"),
            ("d1", story("baltic-drills"), "2015-07-29"),
        ],
    )
    run_corpus([inputs], settings)
    assert _groups(settings.db_path) == {frozenset({"w1", "w2"}), frozenset({"d1"})}
    _check_clusters(settings.db_path)
    ids = {name: _id_of(settings.db_path, name) for name in ("w1", "w2")}
    story_id = min(ids.values())
    con = duckdb.connect(str(settings.db_path), read_only=True)
    coded = {
        name: sorted(
            con.execute(
                "SELECT cameo, source_code, target_code FROM events WHERE article_id = ?", [aid]
            ).fetchall(),
            key=repr,
        )
        for name, aid in ids.items()
    }
    merged = con.execute(
        "SELECT event_key, mentions, articles FROM story_events WHERE cluster_id = ?", [story_id]
    ).fetchall()
    per_key = con.execute(
        "SELECT event_key, list(article_id ORDER BY article_id) FROM event_mentions "
        "WHERE cluster_id = ? GROUP BY event_key",
        [story_id],
    ).fetchall()
    con.close()
    assert coded["w1"], "the story's events are found"
    assert coded["w1"] == coded["w2"], "both copies are coded alike"
    # Each article keeps its own events; the store counts each of them once.
    assert len(merged) == len({tuple(e) for e in coded["w1"]})
    assert all((mentions, articles) == (2, 2) for _, mentions, articles in merged)
    assert all(articles == sorted(ids.values()) for _, articles in per_key)


@pytest.mark.parametrize("first", ["copy first", "original first"])
def test_store_a_copy_in_a_later_run_joins_the_stored_cluster(
    tmp_path: Path, settings: Settings, first: str
) -> None:
    original = _jsonl(tmp_path / "a.jsonl", [("w1", WIRE, "2015-07-28")])
    copy = _jsonl(
        tmp_path / "b.jsonl",
        [("w2", WIRE_COPY, "2015-07-29"), ("m1", story("minsk-protest"), "2020-08-16")],
    )
    order = [copy, original] if first == "copy first" else [original, copy]
    for path in order:
        run_corpus([path], settings)
    assert _groups(settings.db_path) == {frozenset({"w1", "w2"}), frozenset({"m1"})}
    _check_clusters(settings.db_path)
    together = settings.with_(db_path=tmp_path / "together.duckdb")
    run_corpus([original, copy], together)
    assert store_snapshot(settings.db_path) == store_snapshot(together.db_path)


def _bridge_texts() -> dict[str, str]:
    """Two texts too different to be one story, and a third that overlaps both."""
    words = " ".join([WIRE, story("river-dispute"), story("nato-ministers")]).split()
    cut = int(0.72 * len(words))
    return {
        "c-left": " ".join(words[:cut]),
        "a-right": " ".join(words[-cut:]),
        "b-whole": " ".join(words),
    }


def test_store_an_article_that_bridges_two_clusters_joins_them(
    tmp_path: Path, settings: Settings
) -> None:
    texts = _bridge_texts()
    sigs = {k: signature(v) or b"" for k, v in texts.items()}
    assert similarity(sigs["c-left"], sigs["a-right"]) < SIMILARITY - 0.1
    assert similarity(sigs["c-left"], sigs["b-whole"]) >= SIMILARITY + 0.1
    assert similarity(sigs["a-right"], sigs["b-whole"]) >= SIMILARITY + 0.1
    parts = _jsonl(
        tmp_path / "parts.jsonl",
        [("c-left", texts["c-left"], "2015-07-28"), ("a-right", texts["a-right"], "2015-07-28")],
    )
    whole = _jsonl(tmp_path / "whole.jsonl", [("b-whole", texts["b-whole"], "2015-07-28")])
    run_corpus([parts], settings)
    assert _groups(settings.db_path) == {frozenset({"c-left"}), frozenset({"a-right"})}
    run_corpus([whole], settings)
    assert _groups(settings.db_path) == {frozenset({"c-left", "a-right", "b-whole"})}
    _check_clusters(settings.db_path)
    other = settings.with_(db_path=tmp_path / "other.duckdb")
    run_corpus([whole, parts], other)
    assert store_snapshot(settings.db_path) == store_snapshot(other.db_path)


def test_store_rerun_and_replace_keep_clusters(tmp_path: Path, settings: Settings) -> None:
    inputs = [
        _jsonl(
            tmp_path / "wire.jsonl",
            [
                ("w1", WIRE, "2015-07-28"),
                ("w2", WIRE_COPY, "2015-07-29"),
                ("w3", VARIANTS["new first line"](WIRE), "2015-07-28"),
            ],
        ),
        *_corpus(tmp_path),
    ]
    run_corpus(inputs, settings)
    before = store_snapshot(settings.db_path)
    assert len({c for c in _clusters(settings.db_path).values()}) == 3
    second = run_corpus(inputs, settings)
    assert second.articles == 0
    assert store_snapshot(settings.db_path) == before
    run_corpus(inputs, settings, replace=True)
    assert store_snapshot(settings.db_path) == before


def test_store_a_reused_external_id_with_new_text_is_a_second_article(
    tmp_path: Path, settings: Settings
) -> None:
    before = _jsonl(
        tmp_path / "before.jsonl",
        [("w1", WIRE, "2015-07-28"), ("w2", WIRE_COPY, "2015-07-29")],
    )
    after = _jsonl(tmp_path / "after.jsonl", [("w1", story("river-dispute"), "2021-04-05")])
    run_corpus([before], settings)
    first = _id_of(settings.db_path, "w2")
    summary = run_corpus([after], settings, replace=True)
    assert summary.articles == 1
    con = duckdb.connect(str(settings.db_path), read_only=True)
    rows = con.execute(
        "SELECT a.id, p.severity, p.message FROM articles a LEFT JOIN problems p "
        "ON p.article_id = a.id AND p.component = 'ingest' WHERE a.external_id = 'w1' "
        "ORDER BY a.published"
    ).fetchall()
    con.close()
    (old, _, no_problem), (new, severity, message) = rows
    assert no_problem is None and severity == "warning"
    assert message == f"external id 'w1' also names {old} (a different text); both are stored"
    assert _groups(settings.db_path) == {frozenset({"w1", "w2"}), frozenset({"w1"})}
    assert _clusters(settings.db_path)[first] == min(old, first) and new != old
    _check_clusters(settings.db_path)


def test_store_a_failed_batch_writes_nothing_and_the_next_one_clusters(
    tmp_path: Path, settings: Settings, pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = [
        pipeline(RawDocument(SourceRef(aid), text, id=aid, published=date(2015, 7, 28)))
        for aid, text in (("w1", WIRE), ("w2", WIRE_COPY))
    ]
    assert all(isinstance(r, ArticleRecord) for r in records)
    con = store.connect(settings.db_path)
    writer = StoreWriter(con)
    writer.write(records[:1])

    def counts() -> dict[str, Any]:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in DATA_TABLES}

    before = counts()
    with monkeypatch.context() as patch:

        def fail(*_: Any) -> None:
            raise RuntimeError("disk full")

        patch.setattr(StoryClusters, "_merge_events", fail)
        with pytest.raises(store.StoreError, match="disk full"):
            writer.write(records[1:])
    assert counts() == before
    writer.write(records[1:])
    con.close()
    assert _groups(settings.db_path) == {frozenset({"w1", "w2"})}
    _check_clusters(settings.db_path)


def test_store_fingerprints_articles_stored_before_clusters(
    tmp_path: Path, settings: Settings
) -> None:
    old = _jsonl(tmp_path / "old.jsonl", [("w1", WIRE, "2015-07-28")])
    new = _jsonl(tmp_path / "new.jsonl", [("w2", WIRE_COPY, "2015-07-29")])
    run_corpus([old], settings)
    con = store.connect(settings.db_path)
    for table in CLUSTER_TABLES:
        con.execute(f"DELETE FROM {table}")
    con.close()
    run_corpus([new], settings)
    fresh = settings.with_(db_path=tmp_path / "fresh.duckdb")
    run_corpus([old, new], fresh)
    assert store_snapshot(settings.db_path) == store_snapshot(fresh.db_path)


def test_store_every_input_has_a_traceable_source(tmp_path: Path, settings: Settings) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(WIRE, encoding="utf-8")
    (folder / "b.txt").write_text(WIRE, encoding="utf-8")
    (folder / "c.txt").write_text(VARIANTS["trailing sentence"](WIRE), encoding="utf-8")
    (folder / "d.txt").write_bytes(b"\x00\x01binary")
    run_corpus([str(folder)], settings)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    rows = con.execute(
        "SELECT s.location, s.status, s.article_id, c.cluster_id FROM sources s "
        "LEFT JOIN article_clusters c ON c.article_id = s.article_id ORDER BY s.location"
    ).fetchall()
    con.close()
    names = [Path(r[0]).name for r in rows]
    assert names == ["a.txt", "b.txt", "c.txt", "d.txt"]
    (_, a_status, a_id, a_cluster), (_, b_status, b_id, _), (_, c_status, c_id, c_cluster) = rows[
        :3
    ]
    assert (a_status, b_status, c_status, rows[3][1]) == (
        "article",
        "duplicate",
        "article",
        "failure",
    )
    assert b_id == a_id and c_id != a_id and c_cluster == a_cluster == min(a_id, c_id)


def _event(article: str, day: str | None, code: str = "020") -> tuple[Any, ...]:
    return ("k", article, f"e{article}{day}", code, "LTU", "Lithuania", "", "NATO", day, 0, 0, 9)


@pytest.mark.parametrize(
    ("days", "keys"),
    [
        (["2015-07-28", "2015-07-28"], 1),
        (["2015-07-28", "2015-07-29"], 1),
        (["2015-07-28", "2015-07-30"], 2),
        (["2015-07-28", "2015-07-29", "2015-07-30"], 1),
        (["2015-07", "2015-07"], 1),
        (["2015-07", "2015-07-01"], 2),
        ([None, None, "2015-07-28"], 2),
    ],
)
def test_store_merged_events_chain_dates_within_a_day(days: list[str | None], keys: int) -> None:
    rows = [_event(f"a{i}", day) for i, day in enumerate(days)]
    mentions = merged_mentions(rows)
    assert len(mentions) == len(rows)
    assert len({m["event_key"] for m in mentions}) == keys
    for seed in range(3):
        shuffled = rows[:]
        random.Random(seed).shuffle(shuffled)
        assert sorted(merged_mentions(shuffled), key=repr) == sorted(mentions, key=repr)


def test_store_merged_events_need_the_same_code_and_actors() -> None:
    rows = [
        _event("a1", "2015-07-28"),
        _event("a2", "2015-07-28", code="042"),
        ("k", "a3", "x", "020", "", "Lithuanian officials", "", "NATO", "2015-07-28", 0, 0, 9),
        ("k", "a4", "y", "020", "", "lithuanian  Officials", "", "nato", "2015-07-28", 0, 0, 9),
        ("other", "a5", "z", "020", "LTU", "Lithuania", "", "NATO", "2015-07-28", 0, 0, 9),
    ]
    keys = {m["event_id"]: m["event_key"] for m in merged_mentions(rows)}
    assert len(set(keys.values())) == 4
    assert keys["x"] == keys["y"]


def test_store_runs_record_what_coded_them(tmp_path: Path, settings: Settings) -> None:
    from tidings import __version__
    from tidings.lexicons import load_lexicons

    run_corpus(_corpus(tmp_path), settings)
    con = duckdb.connect(str(settings.db_path), read_only=True)
    rows = con.execute(
        "SELECT tidings_version, spacy_model, spacy_model_version, spacy_version, "
        "lexicon_fingerprint FROM runs"
    ).fetchall()
    con.close()
    ((version, model, model_version, spacy_version, lexicons),) = rows
    fingerprint = load_lexicons().fingerprint
    assert (version, model, lexicons) == (__version__, settings.model, fingerprint)
    assert len(fingerprint) == 16
    assert model_version.count(".") >= 1 and spacy_version.startswith("3.")


def test_store_model_versions_of_a_model_directory(tmp_path: Path) -> None:
    from tidings.nlp import model_versions

    (tmp_path / "meta.json").write_text('{"name": "mine", "version": "0.2.1"}', encoding="utf-8")
    assert model_versions(str(tmp_path))[0] == "0.2.1"
    assert model_versions("no_such_model_package")[0] == ""


def test_store_uncoded_values_are_null_never_empty(
    tmp_path: Path, golden_records: dict[str, ArticleRecord]
) -> None:
    """An uncoded actor, country, sector, role or place is NULL in every table, never ''."""
    db = tmp_path / "null.duckdb"
    con = store.connect(db)
    StoreWriter(con).write(list(golden_records.values()))
    columns = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type = 'VARCHAR' AND regexp_matches(column_name, "
        "'(code|country|sector|role|_name|home_reason)$')"
    ).fetchall()
    assert ("events", "source_code") in columns and ("places", "country") in columns
    empty = {
        (table, column): con.execute(
            f"SELECT count(*) FROM {table} WHERE \"{column}\" = ''"
        ).fetchone()
        for table, column in columns
    }
    nulls = con.execute("SELECT count(*) FROM events WHERE target_code IS NULL").fetchone()
    con.close()
    assert {key: n for key, n in empty.items() if n and n[0]} == {}
    assert nulls and nulls[0] > 0  # some event has no coded target: it is NULL


def test_store_countable_view_counts_each_real_event_once(tmp_path: Path) -> None:
    """One row per merged event that some mention asserts or reports; asserted when any
    mention asserts it; events only negated, hypothetical or future are not counted."""
    con = store.connect(tmp_path / "countable.duckdb")
    mentions = [
        # (event_key, article, event id, modality)
        ("k-asserted", "a1", "e1", "hypothetical"),
        ("k-asserted", "a2", "e1", "asserted"),
        ("k-asserted", "a3", "e1", "reported"),
        ("k-reported", "a1", "e2", "reported"),
        ("k-reported", "a2", "e2", "negated"),
        ("k-flagged", "a1", "e3", "future"),
        ("k-flagged", "a2", "e3", "negated"),
    ]
    for article, day in (("a1", "2020-01-01"), ("a2", "2020-01-02"), ("a3", "2020-01-03")):
        con.execute(
            "INSERT INTO articles (id, content_hash, published, text) VALUES (?, ?, ?, '')",
            [article, article, day],
        )
    for key, article, event, modality in mentions:
        con.execute(
            "INSERT INTO events (article_id, id, cameo, modality) VALUES (?, ?, '190', ?)",
            [article, event, modality],
        )
        con.execute(
            "INSERT INTO event_mentions (event_key, cluster_id, article_id, event_id) "
            "VALUES (?, 'c', ?, ?)",
            [key, article, event],
        )
    rows = con.execute(
        "SELECT event_key, modality, mentions, countable_mentions FROM countable_events "
        "ORDER BY event_key"
    ).fetchall()
    con.close()
    assert rows == [("k-asserted", "asserted", 3, 2), ("k-reported", "reported", 2, 1)]


@pytest.mark.parametrize("limit", ["64MB", "1.5GB"])
def test_store_memory_limit_caps_the_writer_connection(tmp_path: Path, limit: str) -> None:
    con = store.connect(tmp_path / "capped.duckdb", memory_limit=limit)
    try:
        shown = con.execute("SELECT current_setting('memory_limit')").fetchone()
    finally:
        con.close()
    assert shown is not None
    # DuckDB reports the cap in its own units (MiB/GiB, rounded): it is the one asked for.
    wanted = duckdb.connect(config={"memory_limit": limit})
    try:
        expected = wanted.execute("SELECT current_setting('memory_limit')").fetchone()
    finally:
        wanted.close()
    default = duckdb.connect().execute("SELECT current_setting('memory_limit')").fetchone()
    assert shown == expected and shown != default


@pytest.mark.parametrize("value", ["lots", "2", "GB", "-1GB"])
def test_store_memory_setting_refuses_what_is_not_a_size(value: str) -> None:
    from tidings.errors import ConfigError

    with pytest.raises(ConfigError, match="store memory must be a size"):
        Settings(store_memory=value)
