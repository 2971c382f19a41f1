"""The answers' shapes, for the OpenAPI document (/openapi.json). Event and row objects carry
the store's own columns, so they are documented as objects."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

Row = dict[str, Any]


class EventsAnswer(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Row]


class Actor(BaseModel):
    code: str
    name: str | None
    country: str | None
    as_source: int
    as_target: int
    events: int


class ActorsAnswer(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[Actor]


class RowsAnswer(BaseModel):
    """Rows of people, quotes or quantities, each with its article_id."""

    total: int
    limit: int
    offset: int
    items: list[Row]


class TimeseriesItem(BaseModel):
    date: str
    plover: str | None
    count: int


class TimeseriesAnswer(BaseModel):
    items: list[TimeseriesItem]


class Node(BaseModel):
    id: str
    label: str | None
    country: str | None
    events: int


class Edge(BaseModel):
    source: str
    target: str
    weight: int
    cameo: str | None


class NetworkAnswer(BaseModel):
    nodes: list[Node]
    edges: list[Edge]


class Place(BaseModel):
    name: str | None
    country: str | None
    lat: float
    lon: float
    precision: str | None
    events: int


class PlacesAnswer(BaseModel):
    items: list[Place]


class Span(BaseModel):
    start: int
    end: int
    kind: str
    event_id: str | None
    label: str


class Sentence(BaseModel):
    idx: int
    span_start: int
    span_end: int


class ArticleAnswer(BaseModel):
    article: Row
    sentences: list[Sentence]
    events: list[Row]
    quotes: list[Row]
    quantities: list[Row]
    people: list[Row]
    spans: list[Span]


class GenerationInfo(BaseModel):
    name: str
    published_at: str


class StatsAnswer(BaseModel):
    articles: int
    events: int
    countable_events: int
    quotes: int
    people: int
    failures: int
    first_date: str | None
    last_date: str | None
    generation: GenerationInfo


class SqlQuery(BaseModel):
    q: str


class SqlAnswer(BaseModel):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool
