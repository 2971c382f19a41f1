"""Events and the views over them (actors, time series, network, places), every one filtered
by the filters of `tidings query` (tidings.query.filters)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from tidings.query.filters import EventFilter, EventQuery, count_events, select_sql, where_clause
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


def _filtered(flt: EventFilter) -> tuple[str, list[Any]]:
    """`WITH f AS (the filtered events)` and its parameters."""
    clause = where_clause(flt)
    return f"WITH f AS (SELECT e.* {clause.from_where})", list(clause.params)


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
    sql, params = select_sql(lease.con, query)
    items = fetch_dicts(lease.con, sql, params)
    total = count_events(lease.con, flt)
    return answer({"total": total, "limit": page.limit, "offset": page.offset, "items": items})


@router.get("/actors", response_model=ActorsAnswer)
def actors(lease: LeaseDep, flt: FilterDep, page: PageDep) -> JSONResponse:
    """Actors of the matching events: how often each is source, target, either."""
    with_f, params = _filtered(flt)
    sql = f"""{with_f},
        sides AS (
            SELECT source_code AS code, source_name AS name, source_country AS country,
                   1 AS s, 0 AS t FROM f WHERE {_NAMED.format(side="source")}
            UNION ALL
            SELECT target_code, target_name, target_country, 0, 1
            FROM f WHERE {_NAMED.format(side="target")})
        SELECT code, mode(name) AS name, mode(country) AS country,
               sum(s)::BIGINT AS as_source, sum(t)::BIGINT AS as_target,
               count(*) AS events, count(*) OVER () AS total
        FROM sides GROUP BY code ORDER BY events DESC, code LIMIT ? OFFSET ?"""
    rows = fetch_dicts(lease.con, sql, [*params, page.limit, page.offset])
    total = rows[0].pop("total") if rows else _actor_count(lease, flt)
    for row in rows:
        row.pop("total", None)
    return answer({"total": total, "limit": page.limit, "offset": page.offset, "items": rows})


def _actor_count(lease: LeaseDep, flt: EventFilter) -> int:
    """Distinct actors (for a page past the last one, which has no row to carry the total)."""
    with_f, params = _filtered(flt)
    row = lease.con.execute(
        f"""{with_f} SELECT count(DISTINCT code) FROM (
            SELECT source_code AS code FROM f WHERE {_NAMED.format(side="source")}
            UNION ALL SELECT target_code FROM f WHERE {_NAMED.format(side="target")})""",
        params,
    ).fetchone()
    return int(row[0]) if row else 0


@router.get("/timeseries", response_model=TimeseriesAnswer)
def timeseries(
    lease: LeaseDep,
    flt: FilterDep,
    bucket: Annotated[
        Literal["day", "week", "month", "year"],
        Query(description="Count per day (default), or per week, month or year (first day)."),
    ] = "day",
) -> JSONResponse:
    """Matching events per period (by date_start) per PLOVER type."""
    with_f, params = _filtered(flt)
    period = "date_start" if bucket == "day" else f"date_trunc('{_BUCKETS[bucket]}', date_start)"
    cursor = lease.con.execute(
        f"""{with_f} SELECT CAST({period} AS DATE) AS date, plover, count(*) AS count
        FROM f WHERE date_start IS NOT NULL GROUP BY ALL ORDER BY date, plover""",
        params,
    )
    items = [
        {"date": day.isoformat(), "plover": plover, "count": n}
        for day, plover, n in cursor.fetchall()
    ]
    return answer({"items": items})


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
    with_f, params = _filtered(flt)
    edges = fetch_dicts(
        lease.con,
        f"""{with_f} SELECT source_code AS source, target_code AS target, count(*) AS weight,
               mode(left(cameo, 2)) AS cameo
        FROM f WHERE {_NAMED.format(side="source")} AND {_NAMED.format(side="target")}
            AND source_code <> target_code
        GROUP BY source_code, target_code HAVING count(*) >= ?
        ORDER BY weight DESC, source, target LIMIT ?""",
        [*params, min_weight, limit],
    )
    codes = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = []
    if codes:
        nodes = fetch_dicts(
            lease.con,
            f"""{with_f}, sides AS (
                SELECT source_code AS code, source_name AS name, source_country AS country
                FROM f WHERE source_code IN ?
                UNION ALL
                SELECT target_code, target_name, target_country FROM f WHERE target_code IN ?)
            SELECT code AS id, mode(name) AS label, mode(country) AS country, count(*) AS events
            FROM sides GROUP BY code ORDER BY events DESC, id""",
            [*params, codes, codes],
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
