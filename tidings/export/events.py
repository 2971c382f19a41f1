"""The filtered events with what exports add to them: their article and their story."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tidings.query.filters import ALIAS, EventFilter, where_clause

if TYPE_CHECKING:
    import duckdb

# Per merged event: its mentions, the articles and outlets that report it, and whether any
# mention is in its article's lead paragraph (an article without an outlet is its own source).
_STORIES = """
    SELECT m.event_key,
        count(*) AS story_mentions,
        count(DISTINCT m.article_id) AS story_articles,
        count(DISTINCT coalesce(nullif(a.outlet, ''), a.id)) AS story_sources,
        bool_or(ev.paragraph = 0) AS story_in_lead
    FROM event_mentions m
    JOIN events ev ON ev.article_id = m.article_id AND ev.id = m.event_id
    JOIN articles a ON a.id = m.article_id
    GROUP BY m.event_key
"""


def export_events(con: duckdb.DuckDBPyConnection, flt: EventFilter) -> Iterator[dict[str, Any]]:
    """Each event the filter selects (every column of its relation), with its article's url,
    source, outlet, title, language and time added, its sentence's text, and its story's
    counts (`story_*`; an event in no story counts alone), in date order."""
    clause = where_clause(flt)
    cursor = con.execute(
        f"""
        WITH picked AS (SELECT {ALIAS}.* {clause.from_where}),
        stories AS ({_STORIES})
        SELECT p.*,
            a.url AS article_url, a.source AS article_source, a.outlet AS article_outlet,
            a.title AS article_title, a.language AS article_language,
            a.added_at AS article_added_at, s.text AS sentence_text,
            coalesce(st.story_mentions, 1) AS story_mentions,
            coalesce(st.story_articles, 1) AS story_articles,
            coalesce(st.story_sources, 1) AS story_sources,
            coalesce(st.story_in_lead, p.paragraph = 0) AS story_in_lead
        FROM picked p
        JOIN articles a ON a.id = p.article_id
        LEFT JOIN sentences s ON s.article_id = p.article_id AND s.idx = p.sentence
        LEFT JOIN event_mentions pm ON pm.article_id = p.article_id AND pm.event_id = p.id
        LEFT JOIN stories st ON st.event_key = pm.event_key
        ORDER BY p.date_start NULLS LAST, p.article_id, p.id
        """,
        list(clause.params),
    )
    names = [d[0] for d in cursor.description or ()]
    while batch := cursor.fetchmany(1024):
        for row in batch:
            yield dict(zip(names, row, strict=True))
