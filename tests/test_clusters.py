"""Story clusters kept incrementally: the same tables whatever the batch order, and a number of
comparisons that grows with the articles, not with the square of a cluster's size."""

from __future__ import annotations

import random
from pathlib import Path

import duckdb
import pytest
from conftest import event_record, store_snapshot
from test_dedup import OTHER_STORIES, VARIANTS, WIRE, story
from test_store import _bridge_texts

from tidings import store
from tidings.models import ArticleRecord
from tidings.store.clusters import chain_firsts, merged_mentions
from tidings.store.schema import CLUSTER_TABLES
from tidings.store.writer import StoreWriter

TEMPLATE = (
    "Weather service alert number {n}: heavy rain and strong winds are expected in the {a} "
    "district from Monday evening until Wednesday morning. Residents of {b} are advised to stay "
    "indoors, to keep away from rivers and to follow the instructions of the local emergency "
    "services. Schools in the district will stay closed on Tuesday, the regional council said."
)
PLACES = ["Riga", "Tartu", "Kaunas", "Narva", "Liepaja", "Siauliai", "Parnu", "Daugavpils"]


def _templated(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [TEMPLATE.format(n=n, a=rng.choice(PLACES), b=rng.choice(PLACES)) for n in range(count)]


def _mixed_records() -> list[ArticleRecord]:
    """Copies of a wire story whose event dates chain only once a bridging day arrives (and
    one that moves the chain's first day back), two stories a third one joins, a templated
    feed, unrelated stories, and a text without words."""
    days = ["2015-07-28", "2015-07-30", "2015-07-29", "2015-07-27", "2015-07", None]
    records = [
        event_record(make(WIRE), f"wire-{name}", days[i % len(days)])
        for i, (name, make) in enumerate(sorted(VARIANTS.items()))
    ]
    records.append(event_record(WIRE, "wire", "2015-08-02"))
    records += [
        event_record(text, f"bridge-{name}", "2015-07-28")
        for name, text in sorted(_bridge_texts().items())
    ]
    records += [
        event_record(text, f"feed-{n}", f"2021-03-{1 + n % 3:02d}", cameo="0231")
        for n, text in enumerate(_templated(12))
    ]
    records += [event_record(story(name), name, "2015-07-28") for name in OTHER_STORIES]
    records.append(event_record(" -- ... ", "no-words", None))
    return records


def _write(db: Path, batches: list[list[ArticleRecord]]) -> StoreWriter:
    con = store.connect(db)
    writer = StoreWriter(con)
    try:
        for batch in batches:
            writer.write(batch)
    finally:
        con.close()
    return writer


def _cluster_tables(db: Path) -> dict[str, list[tuple[object, ...]]]:
    snapshot = store_snapshot(db)
    return {table: snapshot[table] for table in (*CLUSTER_TABLES, "story_events")}


@pytest.mark.parametrize("seed", range(4))
def test_clusters_same_tables_whatever_the_batch_order(tmp_path: Path, seed: int) -> None:
    records = _mixed_records()
    _write(tmp_path / "one.duckdb", [records])
    expected = _cluster_tables(tmp_path / "one.duckdb")
    rng = random.Random(seed)
    shuffled = records[:]
    rng.shuffle(shuffled)
    size = rng.choice([1, 2, 3, 5])
    batches = [shuffled[i : i + size] for i in range(0, len(shuffled), size)]
    _write(tmp_path / "shuffled.duckdb", batches)
    assert _cluster_tables(tmp_path / "shuffled.duckdb") == expected
    assert len({row[1] for row in expected["article_clusters"]}) < len(records)


def test_clusters_incremental_mentions_equal_a_full_recompute(tmp_path: Path) -> None:
    records = _mixed_records()
    random.Random(7).shuffle(records)
    db = tmp_path / "one-by-one.duckdb"
    _write(db, [[r] for r in records])
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT c.cluster_id, e.article_id, e.id, e.cameo, e.source_code, e.source_text, "
            "e.target_code, e.target_text, e.date_value, e.sentence, e.span_start, e.span_end "
            "FROM events e JOIN article_clusters c ON c.article_id = e.article_id"
        ).fetchall()
        stored = con.execute("SELECT * FROM event_mentions").fetchall()
        sizes = con.execute(
            "SELECT count(*) AS n FROM article_clusters GROUP BY cluster_id ORDER BY n DESC"
        ).fetchall()
    finally:
        con.close()
    recomputed = [tuple(row.values()) for row in merged_mentions(rows)]
    assert sorted(stored, key=repr) == sorted(recomputed, key=repr)
    # The feed is one cluster; the wire copies are another, with the bridged stories (the
    # first part of the bridge is the wire story).
    assert [n for (n,) in sizes if n > 1] == [12, len(VARIANTS) + 1 + 3]


@pytest.mark.parametrize(
    ("values", "firsts"),
    [
        (["2015-07-28", "2015-07-30"], ["2015-07-28", "2015-07-30"]),
        (["2015-07-28", "2015-07-30", "2015-07-29"], ["2015-07-28"] * 3),
        (["2015-07", "2015-07-01", ""], ["2015-07", "2015-07-01", ""]),
    ],
)
def test_clusters_chain_firsts(values: list[str], firsts: list[str]) -> None:
    found = chain_firsts(values)
    assert [found[v] for v in values] == firsts


@pytest.mark.parametrize("kind", ["syndicated", "templated"])
def test_clusters_comparisons_grow_linearly(tmp_path: Path, kind: str) -> None:
    counts = {}
    for size in (100, 200):
        if kind == "templated":
            texts = _templated(size, seed=size)
        else:
            texts = [f"UPDATE {n} (Wire) - {WIRE}" for n in range(size)]
        records = [event_record(t, f"{kind}-{n}", "2015-07-28") for n, t in enumerate(texts)]
        writer = _write(
            tmp_path / f"{kind}-{size}.duckdb", [records[i : i + 16] for i in range(0, size, 16)]
        )
        counts[size] = writer.clusters.comparisons
        con = duckdb.connect(str(tmp_path / f"{kind}-{size}.duckdb"), read_only=True)
        (clusters,) = con.execute(
            "SELECT count(DISTINCT cluster_id) FROM article_clusters"
        ).fetchone() or (0,)
        con.close()
        assert clusters == 1
    # One comparison or so per article: the quadratic clustering compared each new copy with
    # every copy stored before it (size * (size - 1) / 2 in all).
    assert counts[100] <= 2 * 100 and counts[200] <= 2 * 200
    assert counts[200] <= 2.2 * counts[100]
