"""Events and the views over them (actors, time series, network, places), every one filtered
by the filters of `tidings query` (tidings.query.filters)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from tidings.query.filters import (
    ALIAS,
    EventFilter,
    EventQuery,
    count_events,
    order_by,
    relation_columns,
    select_sql,
    where_clause,
)
from tidings.serve.deps import MAX_LIMIT, FilterDep, LeaseDep, PageDep, answer
from tidings.serve.jsonable import fetch_dicts
from tidings.serve.schemas import (
    ActorsAnswer,
    EventsAnswer,
    NetworkAnswer,
    PlacesAnswer,
    TimeseriesAnswer,
)

router = APIRouter(prefix="/api", tags=["events"])

# An actor side that names someone (an event whose source the text does not give has none).
_NAMED = "{side}_code IS NOT NULL AND {side}_code <> ''"
_BUCKETS = {"day": "day", "week": "week", "month": "month", "year": "year"}


_ACTOR_COLUMNS = (
    "source_code",
    "source_name",
    "source_country",
    "target_code",
    "target_name",
    "target_country",
)


def _filtered(flt: EventFilter, columns: tuple[str, ...] = ()) -> tuple[str, list[Any]]:
    """`WITH f AS (the filtered events)` and its parameters; with `columns`, only those,
    computed once for a query that reads `f` more than once."""
    clause = where_clause(flt)
    if not columns:
        return f"WITH f AS (SELECT e.* {clause.from_where})", list(clause.params)
    picked = ", ".join(f"{ALIAS}.{c}" for c in columns)
    return f"WITH f AS MATERIALIZED (SELECT {picked} {clause.from_where})", list(clause.params)


def _is_table(lease: LeaseDep, relation: str) -> bool:
    row = lease.con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [relation]
    ).fetchone()
    return bool(row and row[0])


def _summarized(lease: LeaseDep, flt: EventFilter, summary: str) -> bool:
    """Whether to read a summary of all countable events (tidings.store.snapshot.SUMMARIES):
    for a request without a filter, from a generation that has it."""
    return flt.is_empty and _is_table(lease, summary)


@router.get("/events", response_model=EventsAnswer)
def events(
    lease: LeaseDep,
    flt: FilterDep,
    page: PageDep,
    sort: Annotated[str, Query(description="An event column to sort by.")] = "date_start",
    order: Annotated[Literal["asc", "desc"], Query()] = "desc",
) -> JSONResponse:
    """A page of events (the countable ones unless `modality` is given) and how many match."""
    query = EventQuery(flt, sort, order == "desc", page.limit, page.offset)
    clause = where_clause(flt)
    if _is_table(lease, clause.relation):
        # The page's rows are found by sorting row ids, then read whole: sorting every column
        # of a deep page (offset 10,000) costs ten times as much.
        ordering = order_by(sort, order == "desc", relation_columns(lease.con, clause.relation))
        sql = (
            f"SELECT {ALIAS}.* FROM {clause.relation} {ALIAS} WHERE {ALIAS}.rowid IN ("
            f"SELECT {ALIAS}.rowid {clause.from_where} {ordering} LIMIT ? OFFSET ?) {ordering}"
        )
        params: tuple[Any, ...] = (*clause.params, page.limit, page.offset)
    else:
        sql, params = select_sql(lease.con, query)
    items = fetch_dicts(lease.con, sql, params)
    total = count_events(lease.con, flt)
    return answer({"total": total, "limit": page.limit, "offset": page.offset, "items": items})


def _sides(flt: EventFilter) -> tuple[str, list[Any]]:
    """The filtered events' actors, one row per (side, code, name, country) with its count:
    `WITH f AS (...), sides AS (code, name, country, s, t, n)`."""
    with_f, params = _filtered(flt, _ACTOR_COLUMNS)
    return (
        f"""{with_f}, sides AS (
            SELECT source_code AS code, source_name AS name, source_country AS country,
                   count(*) AS s, 0 AS t, count(*) AS n
            FROM f WHERE {_NAMED.format(side="source")}
            GROUP BY ALL
            UNION ALL
            SELECT target_code, target_name, target_country, 0, count(*), count(*)
            FROM f WHERE {_NAMED.format(side="target")}
            GROUP BY ALL)""",
        params,
    )


# Per actor code: its most frequent name and country, how often source, target, either.
_ACTOR_TOTALS = """SELECT code, arg_max(name, n) AS name, arg_max(country, n) AS country,
           sum(s)::BIGINT AS as_source, sum(t)::BIGINT AS as_target, sum(n)::BIGINT AS events
    FROM (SELECT code, name, country, sum(s) AS s, sum(t) AS t, sum(n) AS n
          FROM sides GROUP BY ALL)
    GROUP BY code"""


@router.get("/actors", response_model=ActorsAnswer)
def actors(lease: LeaseDep, flt: FilterDep, page: PageDep) -> JSONResponse:
    """Actors of the matching events: how often each is source, target, either."""
    params: list[Any] = []
    with_sides = "WITH sides AS (SELECT * FROM summary_actors)"
    if not _summarized(lease, flt, "summary_actors"):
        with_sides, params = _sides(flt)
    rows = fetch_dicts(
        lease.con,
        f"""{with_sides}, totals AS ({_ACTOR_TOTALS})
        SELECT *, count(*) OVER () AS total FROM totals
        ORDER BY events DESC, code LIMIT ? OFFSET ?""",
        [*params, page.limit, page.offset],
    )
    if rows:
        total = rows[0]["total"]
    else:
        found = lease.con.execute(
            f"{with_sides} SELECT count(DISTINCT code) FROM sides", params
        ).fetchone()
        total = int(found[0]) if found else 0
    for row in rows:
        del row["total"]
    return answer({"total": total, "limit": page.limit, "offset": page.offset, "items": rows})


@router.get("/timeseries", response_model=TimeseriesAnswer)
def timeseries(
    lease: LeaseDep,
    flt: FilterDep,
    bucket: Annotated[
        Literal["day", "week", "month", "year"],
        Query(description="Count per day (default), or per week, month or year (first day)."),
    ] = "day",
) -> Response:
    """Matching events per period (by date_start) per PLOVER type."""
    period = "date_start" if bucket == "day" else f"date_trunc('{_BUCKETS[bucket]}', date_start)"
    params: list[Any] = []
    if _summarized(lease, flt, "summary_daily"):
        counts = f"SELECT {period} AS period, plover, sum(events) AS n FROM summary_daily"
    else:
        with_f, params = _filtered(flt)
        counts = f"{with_f} SELECT {period} AS period, plover, count(*) AS n FROM f"
    # Tens of thousands of items (days times types over years): DuckDB writes the JSON.
    row = lease.con.execute(
        f"""WITH counts AS ({counts} WHERE date_start IS NOT NULL GROUP BY ALL)
        SELECT '{{"items":[' || coalesce(string_agg(
                '{{"date":"' || CAST(CAST(period AS DATE) AS VARCHAR) || '","plover":'
                || coalesce(to_json(plover)::VARCHAR, 'null') || ',"count":' || n || '}}',
                ',' ORDER BY period, plover), '') || ']}}'
        FROM counts""",
        params,
    ).fetchone()
    return Response(row[0] if row else '{"items":[]}', media_type="application/json")


@router.get("/network", response_model=NetworkAnswer)
def network(
    lease: LeaseDep,
    flt: FilterDep,
    min_weight: Annotated[int, Query(ge=1, description="Fewest events an edge needs.")] = 1,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Most edges, heaviest first.")
    ] = 200,
) -> JSONResponse:
    """Weighted, directed edges between actors (source to target) over the matching events,
    with the most frequent CAMEO root of each edge; the nodes are the edges' ends."""
    summarized = _summarized(lease, flt, "summary_pairs")
    if summarized:
        edges = fetch_dicts(
            lease.con,
            "SELECT source, target, weight, cameo FROM summary_pairs WHERE weight >= ? "
            "ORDER BY weight DESC, source, target LIMIT ?",
            [min_weight, limit],
        )
    else:
        with_f, params = _filtered(flt, ("source_code", "target_code", "cameo"))
        # The heaviest edges first, then the most frequent root of those edges only.
        edges = fetch_dicts(
            lease.con,
            f"""{with_f}, named AS (
                SELECT source_code AS source, target_code AS target, cameo FROM f
                WHERE {_NAMED.format(side="source")} AND {_NAMED.format(side="target")}
                    AND source_code <> target_code),
            heaviest AS (
                SELECT source, target, count(*) AS weight FROM named GROUP BY ALL
                HAVING count(*) >= ? ORDER BY weight DESC, source, target LIMIT ?)
            SELECT source, target, any_value(weight) AS weight, arg_max(root, n) AS cameo
            FROM (SELECT h.source, h.target, h.weight, left(named.cameo, 2) AS root,
                         count(*) AS n
                  FROM named JOIN heaviest h USING (source, target) GROUP BY ALL)
            GROUP BY source, target ORDER BY weight DESC, source, target""",
            [*params, min_weight, limit],
        )
    codes = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = []
    if codes:
        side_params: list[Any] = []
        with_sides = "WITH sides AS (SELECT * FROM summary_actors)"
        if not (summarized and _is_table(lease, "summary_actors")):
            with_sides, side_params = _sides(flt)
        # Every actor totalled, then the edges' ends kept: a join, where testing each event's
        # actors against the list of ends costs several times as much.
        nodes = fetch_dicts(
            lease.con,
            f"""{with_sides}, totals AS ({_ACTOR_TOTALS})
            SELECT code AS id, coalesce(name, code) AS label, country, events FROM totals
            WHERE code IN (SELECT unnest(?)) ORDER BY events DESC, id""",
            [*side_params, codes],
        )
    return answer({"nodes": nodes, "edges": edges})


@router.get("/places", response_model=PlacesAnswer)
def places(
    lease: LeaseDep,
    flt: FilterDep,
    limit: Annotated[
        int, Query(ge=1, le=10 * MAX_LIMIT, description="Most places, most events first.")
    ] = 2000,
) -> JSONResponse:
    """Places of the matching events that have coordinates, with how many events each has."""
    with_f, params = _filtered(flt)
    items = fetch_dicts(
        lease.con,
        f"""{with_f} SELECT place_name AS name, place_country AS country, place_lat AS lat,
               place_lon AS lon, place_precision AS precision, count(*) AS events
        FROM f WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL
        GROUP BY ALL ORDER BY events DESC, name LIMIT ?""",
        [*params, limit],
    )
    return answer({"items": items})
