"""One article with everything found in it and the spans to highlight; the people, quotes and
quantities of all articles, page by page."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from fastapi.responses import JSONResponse

from tidings.serve.deps import LeaseDep, PageDep, answer
from tidings.serve.jsonable import fetch_dicts
from tidings.serve.schemas import ArticleAnswer, RowsAnswer

router = APIRouter(prefix="/api", tags=["articles"])

# Per table, the column the `q` text filter looks in.
_TEXT_COLUMN = {
    "people": "name",
    "quotes": "text",
    "quantities": "concat_ws(' ', text, unit, object)",
}


def _by_article(lease: LeaseDep, table: str, article_id: str, order: str) -> list[Any]:
    return fetch_dicts(
        lease.con, f"SELECT * FROM {table} WHERE article_id = ? ORDER BY {order}", [article_id]
    )


@router.get("/articles/{article_id}", response_model=ArticleAnswer)
def article(
    lease: LeaseDep, article_id: Annotated[str, Path(description="An article id.")]
) -> JSONResponse:
    """An article's text and metadata, its sentences, every event it reports (any modality),
    its quotes, quantities and people, and the character spans of each in `article.text`."""
    found = fetch_dicts(lease.con, "SELECT * FROM articles WHERE id = ?", [article_id])
    if not found:
        raise HTTPException(404, f"no article {article_id!r} in the store")
    sentences = fetch_dicts(
        lease.con,
        "SELECT idx, span_start, span_end FROM sentences WHERE article_id = ? ORDER BY idx",
        [article_id],
    )
    events = _by_article(lease, "events", article_id, "idx NULLS LAST, span_start, id")
    quotes = _by_article(lease, "quotes", article_id, "idx")
    quantities = _by_article(lease, "quantities", article_id, "idx")
    people = _by_article(lease, "people", article_id, "idx")
    return answer(
        {
            "article": found[0],
            "sentences": sentences,
            "events": events,
            "quotes": quotes,
            "quantities": quantities,
            "people": people,
            "spans": spans(events, quotes, quantities, people),
        }
    )


def _span(start: Any, end: Any, kind: str, event_id: str | None, label: Any) -> dict[str, Any]:
    return {"start": start, "end": end, "kind": kind, "event_id": event_id, "label": label or ""}


_EVENT_PARTS = (
    ("trigger", "trigger_start", "trigger_end", "cameo_label"),
    ("source", "source_span_start", "source_span_end", "source_code"),
    ("target", "target_span_start", "target_span_end", "target_code"),
    ("date", "date_span_start", "date_span_end", "date_value"),
    ("place", "place_span_start", "place_span_end", "place_name"),
)


def spans(
    events: list[Any], quotes: list[Any], quantities: list[Any], people: list[Any]
) -> list[dict[str, Any]]:
    """What to highlight in the text, in text order: each event's trigger, actors, date and
    place; each quote; each quote's speaker (the people the quotes name, at every mention);
    each quantity."""
    out = []
    for event in events:
        for kind, start, end, label in _EVENT_PARTS:
            if event.get(start) is not None and event.get(end) is not None:
                text = event.get(label)
                if kind == "trigger":
                    text = f"{event.get('cameo')} {text} ({event.get('plover')})"
                out.append(_span(event[start], event[end], kind, event["id"], text))
    for quote in quotes:
        speaker = quote.get("speaker_name") or "unattributed"
        out.append(_span(quote["span_start"], quote["span_end"], "quote", None, speaker))
    speakers = {q.get("speaker_name") for q in quotes} - {None, ""}
    for person in people:
        if person.get("name") in speakers:
            for start, end in person.get("spans") or ():
                out.append(_span(start, end, "speaker", None, person["name"]))
    for quantity in quantities:
        label = " ".join(str(quantity.get(k) or "") for k in ("value", "unit", "object")).strip()
        out.append(_span(quantity["span_start"], quantity["span_end"], "quantity", None, label))
    return sorted(out, key=lambda s: (s["start"], s["end"], s["kind"]))


def _rows(
    lease: LeaseDep, table: str, page: PageDep, article: str | None, q: str | None
) -> JSONResponse:
    conditions, params = [], list[Any]()
    if article:
        conditions.append("article_id = ?")
        params.append(article)
    if q:
        conditions.append(f"contains(lower({_TEXT_COLUMN[table]}), lower(?))")
        params.append(q)
    where = " AND ".join(conditions) or "true"
    total = lease.con.execute(f"SELECT count(*) FROM {table} WHERE {where}", params).fetchone()
    items = fetch_dicts(
        lease.con,
        f"SELECT * FROM {table} WHERE {where} ORDER BY article_id, idx LIMIT ? OFFSET ?",
        [*params, page.limit, page.offset],
    )
    return answer(
        {
            "total": int(total[0]) if total else 0,
            "limit": page.limit,
            "offset": page.offset,
            "items": items,
        }
    )


ArticleParam = Annotated[str | None, Query(description="An article id.")]


@router.get("/people", response_model=RowsAnswer)
def people(
    lease: LeaseDep,
    page: PageDep,
    article: ArticleParam = None,
    q: Annotated[str | None, Query(description="Text the name contains.")] = None,
) -> JSONResponse:
    """People named in the articles (name, role, code, country, spans)."""
    return _rows(lease, "people", page, article, q)


@router.get("/quotes", response_model=RowsAnswer)
def quotes(
    lease: LeaseDep,
    page: PageDep,
    article: ArticleParam = None,
    q: Annotated[str | None, Query(description="Text the quote contains.")] = None,
) -> JSONResponse:
    """Quotes with their speakers."""
    return _rows(lease, "quotes", page, article, q)


@router.get("/quantities", response_model=RowsAnswer)
def quantities(
    lease: LeaseDep,
    page: PageDep,
    article: ArticleParam = None,
    q: Annotated[
        str | None, Query(description="Text the quantity, its unit or its object contains.")
    ] = None,
) -> JSONResponse:
    """Numbers found in the articles (value, range, unit, what they count)."""
    return _rows(lease, "quantities", page, article, q)
