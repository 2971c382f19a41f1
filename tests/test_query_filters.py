"""The event filters, over a real store built by the pipeline from the demo corpus."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tidings.errors import UsageError
from tidings.query.filters import (
    EventFilter,
    EventQuery,
    count_events,
    event_filter,
    select_events,
    where_clause,
)


@pytest.fixture
def con(demo_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(demo_store), read_only=True)
    yield connection
    connection.close()


def _sql_count(con: duckdb.DuckDBPyConnection, relation: str, where: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {relation} WHERE {where}").fetchone()
    assert row
    return int(row[0])


# Each filter against the same question asked in plain SQL of the store.
FILTER_CASES: list[tuple[dict[str, Any], str, str]] = [
    (
        {"actor": "rus"},
        "countable_events",
        "starts_with(source_code, 'RUS') OR source_country = 'RUS' "
        "OR starts_with(target_code, 'RUS') OR target_country = 'RUS'",
    ),
    (
        {"source": "USA"},
        "countable_events",
        "starts_with(source_code, 'USA') OR source_country = 'USA'",
    ),
    (
        {"target": "BLR"},
        "countable_events",
        "starts_with(target_code, 'BLR') OR target_country = 'BLR'",
    ),
    ({"cameo": "02"}, "countable_events", "starts_with(cameo, '02')"),
    ({"plover": ["protest", "ACCUSE"]}, "countable_events", "plover IN ('PROTEST', 'ACCUSE')"),
    ({"since": "2021-01-01"}, "countable_events", "date_start >= DATE '2021-01-01'"),
    ({"until": "2016-12-31"}, "countable_events", "date_start <= DATE '2016-12-31'"),
    ({"place": "chad"}, "countable_events", "lower(place_name) LIKE '%chad%'"),
    ({"country": "tcd"}, "countable_events", "place_country = 'TCD'"),
    ({"modality": ["all"]}, "events", "true"),
    ({"modality": ["negated", "future"]}, "events", "modality IN ('negated', 'future')"),
    (
        {"q": "sanctions"},
        "countable_events e",
        "EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = e.article_id "
        "AND s.idx = e.sentence AND s.text ILIKE '%sanctions%')",
    ),
]


@pytest.mark.parametrize(("options", "relation", "where"), FILTER_CASES)
def test_filters_each_selects_what_sql_selects(
    con: duckdb.DuckDBPyConnection, options: dict[str, Any], relation: str, where: str
) -> None:
    everything = count_events(con, EventFilter())
    expected = _sql_count(con, relation, where)
    found = count_events(con, event_filter(**options))
    assert found == expected
    # Each filter on the demo store really narrows (or, for modality, widens) the events.
    assert 0 < found != everything


def test_filters_article_keeps_one_articles_events(con: duckdb.DuckDBPyConnection) -> None:
    article = con.execute("SELECT min(article_id) FROM countable_events").fetchone()
    assert article
    page = select_events(con, EventQuery(event_filter(article=article[0])))
    assert page.total == _sql_count(con, "countable_events", f"article_id = '{article[0]}'")
    assert {item["article_id"] for item in page.items()} == {article[0]}


def test_filters_combined_are_all_required(con: duckdb.DuckDBPyConnection) -> None:
    combined = event_filter(actor="RUS", cameo="1", since="2015-01-01", until="2020-12-31")
    page = select_events(con, EventQuery(combined))
    assert page.total == len(page.rows) > 0
    for item in page.items():
        sides = [
            item["source_code"],
            item["source_country"],
            item["target_code"],
            item["target_country"],
        ]
        assert any(str(side or "").startswith("RUS") for side in sides)
        assert item["cameo"].startswith("1")
        assert date(2015, 1, 1) <= item["date_start"] <= date(2020, 12, 31)
    assert page.total < count_events(con, event_filter(actor="RUS"))


def test_filters_sort_limit_and_offset(con: duckdb.DuckDBPyConnection) -> None:
    flt = EventFilter()
    first = select_events(con, EventQuery(flt, sort="goldstein", descending=True, limit=5))
    assert len(first.rows) == 5 and first.total > 5
    scores = [item["goldstein"] for item in first.items()]
    assert scores == sorted(scores, reverse=True)
    top = con.execute("SELECT max(goldstein) FROM countable_events").fetchone()
    assert top and scores[0] == top[0]
    second = select_events(
        con, EventQuery(flt, sort="goldstein", descending=True, limit=5, offset=5)
    )
    whole = select_events(con, EventQuery(flt, sort="goldstein", descending=True, limit=10))
    assert first.rows + second.rows == whole.rows


def test_filters_values_are_bound_never_interpolated(con: duckdb.DuckDBPyConnection) -> None:
    hostile = "x' OR 1=1 --"
    clause = where_clause(event_filter(place=hostile, actor=hostile, q=hostile))
    assert hostile not in clause.where and hostile.upper() in clause.params
    assert count_events(con, event_filter(place=hostile)) == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (lambda: EventQuery(sort="date_start; DROP TABLE events"), "cannot sort by"),
        (lambda: EventQuery(sort="no_such_column"), "cannot sort by"),
        (lambda: EventQuery(limit=-1), "negative"),
        (lambda: EventQuery(event_filter(modality=["sure"])), "unknown modality"),
        (lambda: EventQuery(event_filter(since="28 July 2015")), "is not a date"),
        (lambda: EventQuery(event_filter(since="2020-01-02", until="2020-01-01")), "after"),
    ],
)
def test_filters_mistakes_are_usage_errors(
    con: duckdb.DuckDBPyConnection, query: Any, message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        select_events(con, query())


def test_filters_story_columns_sort_only_over_countable_events(
    con: duckdb.DuckDBPyConnection,
) -> None:
    assert select_events(con, EventQuery(sort="mentions", descending=True, limit=1)).rows
    with pytest.raises(UsageError, match="cannot sort by 'mentions'"):
        select_events(con, EventQuery(event_filter(modality=["all"]), sort="mentions"))
