"""The HTTP API over a real store built by the pipeline (the demo corpus), through a real
uvicorn server, over HTTP: filters, pages, views, article spans, read-only SQL, tokens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import serving
from typer.testing import CliRunner

from tidings.cli import app
from tidings.serve.app import ServeOptions
from tidings.store.snapshot import newest_generation

BALTIC = "caaf92bb655d4e3a"
runner = CliRunner()


def sql(api: Any, text: str) -> list[list[Any]]:
    """Rows of a query on the same generation the API serves."""
    answer = api.get("/api/sql", params={"q": text})
    assert answer.status_code == 200, answer.text
    rows: list[list[Any]] = answer.json()["rows"]
    return rows


def scalar(api: Any, text: str) -> Any:
    return sql(api, text)[0][0]


# Each filter as query parameters, and the same selection written by hand in SQL.
FILTERS: dict[str, tuple[dict[str, Any], str]] = {
    "actor": (
        {"actor": "rus"},
        "FROM countable_events WHERE source_code LIKE 'RUS%' OR target_code LIKE 'RUS%' "
        "OR source_country = 'RUS' OR target_country = 'RUS'",
    ),
    "source": (
        {"source": "LTU"},
        "FROM countable_events WHERE source_code LIKE 'LTU%' OR source_country = 'LTU'",
    ),
    "target": (
        {"target": "IGOWSTNAT"},
        "FROM countable_events WHERE target_code LIKE 'IGOWSTNAT%' OR target_country = 'IGOWSTNAT'",
    ),
    "cameo": ({"cameo": "02"}, "FROM countable_events WHERE cameo LIKE '02%'"),
    "plover": (
        {"plover": ["PROTEST", "ASSAULT"]},
        "FROM countable_events WHERE plover IN ('PROTEST', 'ASSAULT')",
    ),
    "dates": (
        {"since": "2015-01-01", "until": "2016-12-31"},
        "FROM countable_events WHERE date_start BETWEEN DATE '2015-01-01' AND DATE '2016-12-31'",
    ),
    "place": (
        {"place": "ukraine"},
        "FROM countable_events WHERE lower(place_name) LIKE '%ukraine%'",
    ),
    "country": ({"country": "ukr"}, "FROM countable_events WHERE place_country = 'UKR'"),
    "modality": ({"modality": "hypothetical"}, "FROM events WHERE modality = 'hypothetical'"),
    "modality all": ({"modality": "all"}, "FROM events"),
    "q": (
        {"q": "Sanctions"},
        "FROM countable_events e WHERE EXISTS (SELECT 1 FROM sentences s WHERE "
        "s.article_id = e.article_id AND s.idx = e.sentence AND s.text ILIKE '%sanctions%')",
    ),
    "article": ({"article": BALTIC}, f"FROM countable_events WHERE article_id = '{BALTIC}'"),
}


@pytest.mark.parametrize("name", FILTERS)
def test_serve_api_events_filter_total_matches_sql(demo_api: Any, name: str) -> None:
    params, selection = FILTERS[name]
    answer = demo_api.get("/api/events", params={**params, "limit": 1000})
    assert answer.status_code == 200, answer.text
    page = answer.json()
    expected = scalar(demo_api, f"SELECT count(*) {selection}")
    assert expected > 0, f"the demo store has no event for {name}: the test would prove nothing"
    assert page["total"] == expected == len(page["items"])
    ids = sorted((row[0], row[1]) for row in sql(demo_api, f"SELECT article_id, id {selection}"))
    assert sorted((e["article_id"], e["id"]) for e in page["items"]) == ids


def test_serve_api_events_pages_cover_the_selection_once(demo_api: Any) -> None:
    whole = demo_api.get("/api/events", params={"limit": 1000, "sort": "id", "order": "asc"})
    items = whole.json()["items"]
    assert len(items) == whole.json()["total"] > 20
    pages = []
    for offset in range(0, len(items), 7):
        page = demo_api.get(
            "/api/events", params={"limit": 7, "offset": offset, "sort": "id", "order": "asc"}
        ).json()
        assert page["limit"] == 7 and page["offset"] == offset and page["total"] == len(items)
        pages.extend(page["items"])
    assert [(e["article_id"], e["id"]) for e in pages] == [
        (e["article_id"], e["id"]) for e in items
    ]
    assert [e["id"] for e in items] == sorted(e["id"] for e in items)


def test_serve_api_events_sort_order_and_bad_values(demo_api: Any) -> None:
    newest = demo_api.get("/api/events", params={"limit": 1000}).json()["items"]
    days = [e["date_start"] for e in newest if e["date_start"]]
    assert days == sorted(days, reverse=True)
    assert all(isinstance(d, str) and len(d) == 10 for d in days)
    by_goldstein = demo_api.get(
        "/api/events", params={"sort": "goldstein", "order": "asc", "limit": 1000}
    ).json()["items"]
    scores = [e["goldstein"] for e in by_goldstein if e["goldstein"] is not None]
    assert scores == sorted(scores)
    for params, status in (
        ({"sort": "id; DROP TABLE events"}, 400),
        ({"limit": 1001}, 422),
        ({"offset": -1}, 422),
        ({"since": "yesterday"}, 400),
        ({"modality": "imagined"}, 400),
        ({"order": "sideways"}, 422),
    ):
        answer = demo_api.get("/api/events", params=params)
        assert answer.status_code == status, (params, answer.text)
        assert answer.json()["detail"]


def test_serve_api_events_carry_the_contract_columns(demo_api: Any) -> None:
    (event,) = demo_api.get(
        "/api/events", params={"article": BALTIC, "q": "condemned", "cameo": "11"}
    ).json()["items"]
    for column in (
        "event_key",
        "mentions",
        "articles",
        "cameo_label",
        "plover",
        "source_name",
        "date_precision",
        "place_precision",
        "trigger_start",
        "source_span_start",
    ):
        assert column in event
    assert (event["trigger_text"], event["source_code"], event["target_code"]) == (
        "condemned",
        "RUSGOV",
        "USA",
    )


def test_serve_api_article_spans_point_into_the_text(demo_api: Any) -> None:
    answer = demo_api.get(f"/api/articles/{BALTIC}")
    assert answer.status_code == 200
    view = answer.json()
    text = view["article"]["text"]
    assert view["article"]["title"] == "Baltic countries request permanent NATO troop presence"
    condemned = [e for e in view["events"] if e["trigger_text"] == "condemned"]
    assert condemned
    triggers = [
        s for s in view["spans"] if s["kind"] == "trigger" and s["event_id"] == condemned[0]["id"]
    ]
    assert [text[s["start"] : s["end"]] for s in triggers] == ["condemned"]
    quotes = [text[s["start"] : s["end"]] for s in view["spans"] if s["kind"] == "quote"]
    assert "It's not getting better in our region, so it will be a deterrent" in quotes
    speakers = {text[s["start"] : s["end"]] for s in view["spans"] if s["kind"] == "speaker"}
    assert "Neimontas" in speakers
    for span in view["spans"]:
        assert 0 <= span["start"] < span["end"] <= len(text)
        assert span["kind"] in {
            "trigger",
            "source",
            "target",
            "quote",
            "speaker",
            "quantity",
            "date",
            "place",
        }
    kinds = {s["kind"] for s in view["spans"]}
    assert {"trigger", "source", "target", "quote", "speaker", "quantity", "date"} <= kinds
    for sentence in view["sentences"]:
        assert 0 <= sentence["span_start"] < sentence["span_end"] <= len(text)
    assert len(view["quotes"]) == scalar(
        demo_api, f"SELECT count(*) FROM quotes WHERE article_id = '{BALTIC}'"
    )
    assert demo_api.get("/api/articles/nope").status_code == 404


@pytest.mark.parametrize(
    ("params", "where"),
    [({}, "true"), ({"plover": "ASSAULT"}, "plover = 'ASSAULT'")],
    ids=["all (the generation's summary)", "filtered"],
)
def test_serve_api_timeseries_counts_per_day_and_type(
    demo_api: Any, params: dict[str, str], where: str
) -> None:
    items = demo_api.get("/api/timeseries", params=params).json()["items"]
    expected = sql(
        demo_api,
        "SELECT CAST(date_start AS VARCHAR), plover, count(*) FROM countable_events "
        f"WHERE {where} AND date_start IS NOT NULL GROUP BY ALL ORDER BY 1, 2",
    )
    assert [[i["date"], i["plover"], i["count"]] for i in items] == expected and expected
    months = demo_api.get("/api/timeseries", params={"bucket": "month"}).json()["items"]
    assert all(i["date"].endswith("-01") for i in months)
    assert sum(i["count"] for i in months) == scalar(
        demo_api, "SELECT count(*) FROM countable_events WHERE date_start IS NOT NULL"
    )


def test_serve_api_network_edges_weigh_events(demo_api: Any) -> None:
    graph = demo_api.get("/api/network").json()
    edges = {(e["source"], e["target"]): e for e in graph["edges"]}
    assert edges[("RUS", "UKR")]["weight"] == scalar(
        demo_api,
        "SELECT count(*) FROM countable_events WHERE source_code = 'RUS' AND target_code = 'UKR'",
    )
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert {code for pair in edges for code in pair} == set(nodes)
    assert nodes["RUS"]["country"] == "RUS" and nodes["RUS"]["events"] >= 2
    heavy = demo_api.get("/api/network", params={"min_weight": 2}).json()["edges"]
    assert heavy and all(e["weight"] >= 2 for e in heavy) and len(heavy) < len(edges)


@pytest.mark.parametrize(
    ("params", "where"),
    [
        ({}, "true"),
        ({"actor": "RUS"}, "'RUS' IN (source_country, target_country)"),
        ({"since": "2015-01-01"}, "date_start >= DATE '2015-01-01'"),
    ],
    ids=["all (the generation's summary)", "actor", "since"],
)
def test_serve_api_network_and_actors_match_sql(
    demo_api: Any, params: dict[str, str], where: str
) -> None:
    graph = demo_api.get("/api/network", params=params).json()
    expected = sql(
        demo_api,
        "SELECT source_code, target_code, count(*) FROM countable_events "
        f"WHERE ({where}) AND source_code <> '' AND target_code <> '' "
        "AND source_code <> target_code GROUP BY ALL ORDER BY 3 DESC, 1, 2",
    )
    assert [[e["source"], e["target"], e["weight"]] for e in graph["edges"]] == expected
    roots = dict(
        ((s, t), r)
        for s, t, r in sql(
            demo_api,
            "SELECT source_code, target_code, left(cameo, 2) FROM countable_events "
            f"WHERE ({where}) AND source_code <> '' AND target_code <> '' "
            "AND source_code <> target_code",
        )
    )
    assert all(roots[(e["source"], e["target"])] for e in graph["edges"])
    sides = sql(
        demo_api,
        f"""SELECT code, sum(s), sum(t) FROM (
            SELECT source_code AS code, 1 AS s, 0 AS t FROM countable_events
            WHERE ({where}) AND source_code <> ''
            UNION ALL SELECT target_code, 0, 1 FROM countable_events
            WHERE ({where}) AND target_code <> '') GROUP BY code""",
    )
    page = demo_api.get("/api/actors", params={**params, "limit": 1000}).json()
    assert page["total"] == len(sides)
    assert {(a["code"], a["as_source"], a["as_target"]) for a in page["items"]} == {
        (code, s, t) for code, s, t in sides
    }
    events = {code: s + t for code, s, t in sides}
    for node in graph["nodes"]:
        assert node["events"] == events[node["id"]] and node["label"]


def test_serve_api_places_have_coordinates_and_counts(demo_api: Any) -> None:
    items = demo_api.get("/api/places").json()["items"]
    assert sum(p["events"] for p in items) == scalar(
        demo_api, "SELECT count(*) FROM countable_events WHERE place_lat IS NOT NULL"
    )
    ukraine = next(p for p in items if p["name"] == "Ukraine")
    assert ukraine["country"] == "UKR" and 44 < ukraine["lat"] < 53 and 22 < ukraine["lon"] < 41


def test_serve_api_actors_count_both_sides(demo_api: Any) -> None:
    page = demo_api.get("/api/actors", params={"limit": 1000}).json()
    actors = {a["code"]: a for a in page["items"]}
    assert page["total"] == len(actors) > 10
    assert actors["RUS"]["as_source"] == scalar(
        demo_api, "SELECT count(*) FROM countable_events WHERE source_code = 'RUS'"
    )
    assert actors["RUS"]["events"] == actors["RUS"]["as_source"] + actors["RUS"]["as_target"]
    past = demo_api.get("/api/actors", params={"offset": 5000}).json()
    assert past["items"] == [] and past["total"] == page["total"]


@pytest.mark.parametrize(
    ("path", "table", "q"),
    [
        ("/api/people", "people", "Neimontas"),
        ("/api/quotes", "quotes", "deterrent"),
        ("/api/quantities", "quantities", "soldiers"),
    ],
)
def test_serve_api_article_items_filter_and_page(
    demo_api: Any, path: str, table: str, q: str
) -> None:
    every = demo_api.get(path, params={"limit": 1000}).json()
    assert (
        every["total"] == scalar(demo_api, f"SELECT count(*) FROM {table}") == len(every["items"])
    )
    one = demo_api.get(path, params={"article": BALTIC, "limit": 2}).json()
    assert one["total"] == scalar(
        demo_api, f"SELECT count(*) FROM {table} WHERE article_id = '{BALTIC}'"
    )
    assert len(one["items"]) == min(2, one["total"])
    assert all(row["article_id"] == BALTIC for row in one["items"])
    found = demo_api.get(path, params={"q": q}).json()["items"]
    assert found and all(q.lower() in str(row).lower() for row in found)


def test_serve_api_stats_name_the_generation(demo_api: Any, demo_store: Path) -> None:
    stats = demo_api.get("/api/stats").json()
    assert stats["articles"] == 8 == scalar(demo_api, "SELECT count(*) FROM articles")
    assert stats["countable_events"] == scalar(demo_api, "SELECT count(*) FROM countable_events")
    assert stats["events"] > stats["countable_events"] > 0
    assert stats["first_date"] <= stats["last_date"]
    generation = newest_generation(demo_store)
    assert generation is not None and stats["generation"]["name"] == generation.name


DENIED = {
    "insert": "INSERT INTO articles (id, content_hash, text) VALUES ('x', 'x', 'x')",
    "create": "CREATE TABLE x (a INTEGER)",
    "temporary": "CREATE TEMP TABLE x AS SELECT 1",
    "copy": "COPY articles TO '/tmp/tidings-api-leak.csv'",
    "attach": "ATTACH '/tmp/tidings-api-other.duckdb' AS other",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "set": "SET enable_external_access = true",
    "read_csv": "SELECT * FROM read_csv('/etc/passwd')",
    "glob": "SELECT * FROM glob('/etc/*')",
    "two statements": "SELECT 1; DROP TABLE articles",
}


@pytest.mark.parametrize("name", DENIED)
def test_serve_api_sql_refuses_writes_and_files(demo_api: Any, name: str) -> None:
    for answer in (
        demo_api.get("/api/sql", params={"q": DENIED[name]}),
        demo_api.post("/api/sql", json={"q": DENIED[name]}),
    ):
        assert answer.status_code == 400, answer.text
        assert answer.json()["detail"]
    assert not Path("/tmp/tidings-api-leak.csv").exists()
    assert scalar(demo_api, "SELECT count(*) FROM articles") == 8


def test_serve_api_sql_time_and_row_limits(demo_store: Path) -> None:
    with serving(demo_store, ServeOptions(sql_seconds=0.5, sql_rows=10)) as api:
        slow = api.get(
            "/api/sql",
            params={
                "q": "SELECT count(*) FROM range(100000000) a, range(100000000) b "
                "WHERE a.range + b.range = 7"
            },
        )
        assert slow.status_code == 408, slow.text
        assert "0.5 s" in slow.json()["detail"]
        many = api.post("/api/sql", json={"q": "SELECT range AS n FROM range(100)"}).json()
        assert many["columns"] == ["n"] and many["truncated"] is True
        assert many["rows"] == [[n] for n in range(10)]
        few = api.get("/api/sql", params={"q": "SELECT 1 AS one"}).json()
        assert few == {"columns": ["one"], "rows": [[1]], "truncated": False}


def test_serve_api_token_is_checked_on_every_request(demo_store: Path) -> None:
    with serving(demo_store, ServeOptions(token="s3cret")) as api:
        for path in ("/api/stats", "/api/events", "/openapi.json", "/"):
            assert api.get(path).status_code == 401
            wrong = api.get(path, headers={"Authorization": "Bearer s3cre"})
            assert wrong.status_code == 401 and wrong.json()["detail"]
            right = api.get(path, headers={"Authorization": "Bearer s3cret"})
            assert right.status_code == 200, path
        opened = api.get("/", params={"token": "s3cret"})
        assert opened.status_code == 200 and "tidings_token" in opened.headers["set-cookie"]
        assert api.get("/api/stats").status_code == 200  # the browser's cookie from now on


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--host", "0.0.0.0"], "--token SECRET"),
        (["--host", "192.0.2.1", "--token", "t", "--no-auth"], "not both"),
    ],
)
def test_serve_cli_beyond_loopback_needs_a_token(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.duckdb"), *args])
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_serve_api_openapi_documents_every_endpoint(demo_api: Any) -> None:
    paths = demo_api.get("/openapi.json").json()["paths"]
    for path in (
        "/api/events",
        "/api/articles/{article_id}",
        "/api/actors",
        "/api/people",
        "/api/quotes",
        "/api/quantities",
        "/api/stats",
        "/api/timeseries",
        "/api/network",
        "/api/places",
        "/api/sql",
    ):
        assert path in paths
    assert set(paths["/api/sql"]) == {"get", "post"}
    names = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert {
        "actor",
        "source",
        "target",
        "cameo",
        "plover",
        "since",
        "until",
        "place",
        "country",
        "modality",
        "q",
        "article",
        "limit",
        "offset",
        "sort",
        "order",
    } <= names


def test_serve_api_nothing_writes(demo_api: Any) -> None:
    for method in ("post", "put", "delete", "patch"):
        assert getattr(demo_api, method)("/api/events").status_code == 405
