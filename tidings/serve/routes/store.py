"""The store's counts and read-only SQL on the generation being served."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from tidings.errors import SqlRefused, SqlTimeout
from tidings.query.sql import run_read_only
from tidings.serve.deps import LeaseDep, answer
from tidings.serve.jsonable import plain
from tidings.serve.schemas import SqlAnswer, SqlQuery, StatsAnswer

router = APIRouter(prefix="/api", tags=["store"])

_COUNTS = ("articles", "events", "countable_events", "quotes", "people", "failures")


@router.get("/stats", response_model=StatsAnswer)
def stats(lease: LeaseDep) -> JSONResponse:
    """How much the served generation holds, its event dates, and which generation it is."""
    counts = " UNION ALL ".join(
        f"SELECT '{name}' AS name, count(*) AS n FROM {name}" for name in _COUNTS
    )
    out: dict[str, object] = {str(k): int(v) for k, v in lease.con.execute(counts).fetchall()}
    first, last = lease.con.execute(
        "SELECT min(date_start), max(date_start) FROM countable_events"
    ).fetchone() or (None, None)
    out["first_date"] = first.isoformat() if first else None
    out["last_date"] = last.isoformat() if last else None
    out["generation"] = {
        "name": lease.generation.name,
        "published_at": lease.generation.published_at.isoformat(),
    }
    return answer(out)


def _sql(request: Request, lease: LeaseDep, text: str) -> JSONResponse:
    options = request.app.state.options
    try:
        result = run_read_only(lease.con, text, options.sql_rows, options.sql_seconds)
    except SqlTimeout as exc:
        raise HTTPException(408, str(exc)) from None
    except SqlRefused as exc:
        raise HTTPException(400, str(exc)) from None
    rows = [[plain(v) for v in row] for row in result.rows]
    return answer({"columns": list(result.columns), "rows": rows, "truncated": result.truncated})


@router.get("/sql", response_model=SqlAnswer)
def sql_get(
    request: Request,
    lease: LeaseDep,
    q: Annotated[str, Query(description="One read-only SELECT statement.")],
) -> JSONResponse:
    """Run one read-only query on the served generation (no file access, no ATTACH, INSTALL
    or LOAD, a time limit and a row limit); 400 when refused or failed, 408 on the limit."""
    return _sql(request, lease, q)


@router.post("/sql", response_model=SqlAnswer)
def sql_post(request: Request, lease: LeaseDep, body: SqlQuery) -> JSONResponse:
    """The same as GET /api/sql, the query in a JSON body {"q": ...}."""
    return _sql(request, lease, body.q)
