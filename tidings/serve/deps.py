"""What routes share: the request's lease on a generation, the event filter from the query,
pages, and JSON answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse

from tidings.errors import StoreError
from tidings.query.filters import EventFilter, event_filter
from tidings.serve.generations import Generations, Lease, NoGeneration

MAX_LIMIT = 1000


def _lease(request: Request) -> Iterator[Lease]:
    generations: Generations = request.app.state.generations
    try:
        with generations.lease() as lease:
            yield lease
    except NoGeneration:
        raise HTTPException(
            503,
            f"no generation of the store {generations.db_path} is published yet: "
            "a run (tidings run, demo or recode) publishes one",
        ) from None
    except StoreError as exc:
        raise HTTPException(503, str(exc)) from None


LeaseDep = Annotated[Lease, Depends(_lease)]


def _filters(
    actor: Annotated[
        str | None, Query(description="Actor code prefix or ISO3 country, either side.")
    ] = None,
    source: Annotated[str | None, Query(description="Source actor code prefix or ISO3.")] = None,
    target: Annotated[str | None, Query(description="Target actor code prefix or ISO3.")] = None,
    cameo: Annotated[str | None, Query(description="CAMEO code prefix, e.g. 02 or 0234.")] = None,
    plover: Annotated[list[str], Query(description="PLOVER type (repeatable).")] = [],  # noqa: B006 - FastAPI reads it
    since: Annotated[str | None, Query(description="First day (ISO) of date_start.")] = None,
    until: Annotated[str | None, Query(description="Last day (ISO) of date_start.")] = None,
    place: Annotated[str | None, Query(description="Substring of the place name.")] = None,
    country: Annotated[str | None, Query(description="ISO3 country of the event place.")] = None,
    modality: Annotated[
        list[str],
        Query(description="Modality (repeatable); default the countable ones; 'all' for all."),
    ] = [],  # noqa: B006
    q: Annotated[str | None, Query(description="Text the event's sentence contains.")] = None,
    article: Annotated[str | None, Query(description="An article id.")] = None,
) -> EventFilter:
    return event_filter(
        actor=actor,
        source=source,
        target=target,
        cameo=cameo,
        plover=plover,
        since=since,
        until=until,
        place=place,
        country=country,
        modality=modality,
        q=q,
        article=article,
    )


FilterDep = Annotated[EventFilter, Depends(_filters)]


@dataclass(frozen=True, slots=True)
class Page:
    limit: int
    offset: int


def _page(
    limit: Annotated[int, Query(ge=0, le=MAX_LIMIT, description="Items per page.")] = 50,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> Page:
    return Page(limit, offset)


PageDep = Annotated[Page, Depends(_page)]


def answer(content: Any, status: int = 200) -> JSONResponse:
    """A JSON answer of values already made plain (tidings.serve.jsonable)."""
    return JSONResponse(content, status_code=status)
