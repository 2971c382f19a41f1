"""The event filters: one frozen value, turned into a WHERE clause with bound parameters.

`tidings query`, `tidings export` and the HTTP API (`/api/events` and the views over it) all go
through `where_clause`, so a filter means the same everywhere. Values are only ever bound as
parameters; the one name that reaches the SQL text, the sort column, is checked against the
relation's own columns first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final, get_args

from tidings.errors import UsageError
from tidings.models import Modality

if TYPE_CHECKING:
    import duckdb

# The counted events (one row per merged story event, asserted or reported): the default.
COUNTABLE_RELATION: Final = "countable_events"
# Every event as each article gives it: what a modality filter looks at.
ALL_RELATION: Final = "events"
# The alias the relation has in the clause, for callers that join other tables to it.
ALIAS: Final = "e"
ALL_MODALITIES: Final = "all"
MODALITIES: Final[tuple[str, ...]] = get_args(Modality)
DEFAULT_SORT: Final = "date_start"


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to read; every field is optional and they all must hold.

    actor: an actor code prefix ("RUS", "RUSGOV") or an ISO3 country, on either side;
    source / target: the same on one side; cameo: a CAMEO code prefix ("02", "0234");
    plover: PLOVER types (any of them); since / until: first and last day of date_start;
    place: a substring of the event place's name; country: ISO3 of the event's place;
    modality: modalities (any of them), or ("all",) for every event; empty: the countable
    events; q: text the event's sentence contains; article: an article id.
    """

    actor: str | None = None
    source: str | None = None
    target: str | None = None
    cameo: str | None = None
    plover: tuple[str, ...] = field(default=())
    since: date | None = None
    until: date | None = None
    place: str | None = None
    country: str | None = None
    modality: tuple[str, ...] = field(default=())
    q: str | None = None
    article: str | None = None

    def __post_init__(self) -> None:
        unknown = [m for m in self.modality if m not in (*MODALITIES, ALL_MODALITIES)]
        if unknown:
            choices = ", ".join((*MODALITIES, ALL_MODALITIES))
            raise UsageError(f"unknown modality {unknown[0]!r}; one of {choices}")
        if self.since and self.until and self.since > self.until:
            raise UsageError(f"since {self.since} is after until {self.until}")

    @property
    def relation(self) -> str:
        """The view or table the filter reads: the countable events unless a modality is
        asked for."""
        return ALL_RELATION if self.modality else COUNTABLE_RELATION

    @property
    def is_empty(self) -> bool:
        return self == EventFilter()


def parse_date(value: str | date | None, name: str) -> date | None:
    """An ISO date given as text (an option, a query parameter); a bad one is a UsageError
    naming the option."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{name} {value!r} is not a date (YYYY-MM-DD)") from None


def event_filter(
    *,
    actor: str | None = None,
    source: str | None = None,
    target: str | None = None,
    cameo: str | None = None,
    plover: Iterable[str] = (),
    since: str | date | None = None,
    until: str | date | None = None,
    place: str | None = None,
    country: str | None = None,
    modality: Iterable[str] = (),
    q: str | None = None,
    article: str | None = None,
) -> EventFilter:
    """An EventFilter from options or query parameters as given (text, blanks for none):
    codes upper-cased, dates parsed, modalities lower-cased; a mistake is a UsageError."""

    def text(value: str | None, upper: bool = False) -> str | None:
        value = value.strip() if value else ""
        return (value.upper() if upper else value) or None

    return EventFilter(
        actor=text(actor, True),
        source=text(source, True),
        target=text(target, True),
        cameo=text(cameo),
        plover=tuple(p.strip().upper() for p in plover if p.strip()),
        since=parse_date(since, "since"),
        until=parse_date(until, "until"),
        place=text(place),
        country=text(country, True),
        modality=tuple(m.strip().lower() for m in modality if m.strip()),
        q=text(q),
        article=text(article),
    )


@dataclass(frozen=True, slots=True)
class Clause:
    """A filter as SQL: `FROM {relation} e WHERE {where}` with `params` bound in order."""

    relation: str
    where: str
    params: tuple[Any, ...]

    @property
    def from_where(self) -> str:
        return f"FROM {self.relation} {ALIAS} WHERE {self.where}"


def _side(prefix: str, value: str) -> tuple[str, list[Any]]:
    """One actor side: its code starts with the value, or its country is the value."""
    return (
        f"(starts_with({ALIAS}.{prefix}_code, ?) OR {ALIAS}.{prefix}_country = ?)",
        [value, value],
    )


def where_clause(flt: EventFilter) -> Clause:
    """The filter as a WHERE clause over its relation (aliased `e`), values bound."""
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        parts.append(sql)
        params.extend(values)

    if flt.actor:
        source_sql, source_params = _side("source", flt.actor)
        target_sql, target_params = _side("target", flt.actor)
        add(f"({source_sql} OR {target_sql})", *source_params, *target_params)
    for side, value in (("source", flt.source), ("target", flt.target)):
        if value:
            sql, values = _side(side, value)
            add(sql, *values)
    if flt.cameo:
        add(f"starts_with({ALIAS}.cameo, ?)", flt.cameo)
    if flt.plover:
        add(f"{ALIAS}.plover IN ?", list(flt.plover))
    if flt.since:
        add(f"{ALIAS}.date_start >= ?", flt.since)
    if flt.until:
        add(f"{ALIAS}.date_start <= ?", flt.until)
    if flt.place:
        add(f"contains(lower({ALIAS}.place_name), lower(?))", flt.place)
    if flt.country:
        add(f"{ALIAS}.place_country = ?", flt.country)
    if flt.modality and ALL_MODALITIES not in flt.modality:
        add(f"{ALIAS}.modality IN ?", list(flt.modality))
    if flt.q:
        add(
            "EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = "
            f"{ALIAS}.article_id AND s.idx = {ALIAS}.sentence "
            "AND contains(lower(s.text), lower(?)))",
            flt.q,
        )
    if flt.article:
        add(f"{ALIAS}.article_id = ?", flt.article)
    return Clause(flt.relation, " AND ".join(parts) or "true", tuple(params))


@dataclass(frozen=True, slots=True)
class EventQuery:
    """A filter with an order and a page: what `tidings query` and `/api/events` read."""

    filter: EventFilter = field(default_factory=EventFilter)
    sort: str = DEFAULT_SORT
    descending: bool = False
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        if self.limit is not None and self.limit < 0:
            raise UsageError(f"limit {self.limit} is negative")
        if self.offset < 0:
            raise UsageError(f"offset {self.offset} is negative")


@dataclass(frozen=True, slots=True)
class EventPage:
    """Rows of events (as dicts of the relation's columns) and how many the filter matches."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: int

    def items(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def relation_columns(con: duckdb.DuckDBPyConnection, relation: str) -> tuple[str, ...]:
    """The columns of a table or view, in order."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [relation],
    ).fetchall()
    return tuple(str(r[0]) for r in rows)


def order_by(sort: str, descending: bool, columns: Sequence[str]) -> str:
    """ORDER BY text for a sort column checked against `columns` (a UsageError otherwise),
    with the event's identity after it so that pages are stable."""
    if sort not in columns:
        raise UsageError(f"cannot sort by {sort!r}; sort by one of: {', '.join(columns)}")
    direction = "DESC" if descending else "ASC"
    return f'ORDER BY {ALIAS}."{sort}" {direction} NULLS LAST, {ALIAS}.article_id, {ALIAS}.id'


def count_events(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> int:
    clause = where_clause(flt)
    rows = con.execute(f"SELECT count(*) {clause.from_where}", list(clause.params)).fetchall()
    return int(rows[0][0])


def select_sql(con: duckdb.DuckDBPyConnection, query: EventQuery) -> tuple[str, tuple[Any, ...]]:
    """The SELECT (text and parameters) that reads a query's page of events, every column."""
    clause = where_clause(query.filter)
    order = order_by(query.sort, query.descending, relation_columns(con, clause.relation))
    sql = f"SELECT {ALIAS}.* {clause.from_where} {order}"
    params = list(clause.params)
    if query.limit is not None:
        sql += " LIMIT ?"
        params.append(query.limit)
    if query.offset:
        sql += " OFFSET ?"
        params.append(query.offset)
    return sql, tuple(params)


def select_events(con: duckdb.DuckDBPyConnection, query: EventQuery) -> EventPage:
    """A page of the events a query selects, with the total the filter matches."""
    sql, params = select_sql(con, query)
    cursor = con.execute(sql, list(params))
    columns = tuple(d[0] for d in cursor.description or ())
    rows = tuple(tuple(r) for r in cursor.fetchall())
    return EventPage(columns, rows, count_events(con, query.filter))
