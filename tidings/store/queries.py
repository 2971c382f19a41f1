"""Reading the store back: counts, one article with its records, failures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tidings.errors import AmbiguousIdError, StoreError, UsageError
from tidings.models import LIST_FIELDS, Article, ArticleRecord
from tidings.store.rows import Plain, event_mention_plain, record_plain
from tidings.store.schema import DATA_TABLES

if TYPE_CHECKING:
    import duckdb


def _dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def all_article_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The id of every stored article."""
    return [str(r[0]) for r in con.execute("SELECT id FROM articles").fetchall()]


def known_article_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    """Which of `ids` the store has as articles."""
    wanted = list(set(ids))
    if not wanted:
        return set()
    rows = con.execute("SELECT id FROM articles WHERE id IN ?", [wanted]).fetchall()
    return {str(r[0]) for r in rows}


def _present(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Tables and views in the store (a store opened read-only may predate a migration)."""
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {str(r[0]) for r in rows}


def _has_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """Whether a table has a column (a store opened read-only may predate a migration)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?",
        [table, column],
    ).fetchone()
    return bool(row and row[0])


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    out: dict[str, int] = {}
    present = _present(con)
    for table in (t for t in (*DATA_TABLES, "runs") if t in present):
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        out[table] = int(row[0]) if row else 0
    return out


def top_codes(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[tuple[str, str, int]]:
    rows = con.execute(
        "SELECT plover, cameo_label, count(*) AS n FROM events "
        "GROUP BY plover, cameo_label ORDER BY n DESC, plover LIMIT ?",
        [limit],
    ).fetchall()
    return [(r[0] or "", r[1] or "", int(r[2])) for r in rows]


def find_article_id(con: duckdb.DuckDBPyConnection, key: str, limit: int = 20) -> str:
    """The id of the one article `key` names: an exact id, else an exact external id (the
    article's own or that of any source that read it), else a unique prefix of an id.

    Raises StoreError when no article matches, AmbiguousIdError (with up to `limit` candidate
    ids) when the external id or the prefix names several."""
    exact = con.execute("SELECT id FROM articles WHERE id = ?", [key]).fetchall()
    if exact:
        return str(exact[0][0])
    named = sorted(
        {
            str(row[0])
            for table, column in (("articles", "id"), ("sources", "article_id"))
            if _has_column(con, table, "external_id")
            for row in con.execute(
                f"SELECT {column} FROM {table} WHERE external_id = ? AND {column} IS NOT NULL",
                [key],
            ).fetchall()
        }
    )
    if len(named) == 1:
        return named[0]
    if named:
        raise AmbiguousIdError(key, named[:limit])
    rows = con.execute(
        "SELECT id FROM articles WHERE starts_with(id, ?) ORDER BY id LIMIT ?", [key, limit]
    ).fetchall()
    if not rows:
        raise UsageError(f"no article with id {key!r} in the store")
    if len(rows) > 1:
        raise AmbiguousIdError(key, [str(r[0]) for r in rows])
    return str(rows[0][0])


def article_labels(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[dict[str, Any]]:
    """Id, external id and title of each of the articles `ids`, in id order."""
    external = "external_id" if _has_column(con, "articles", "external_id") else "NULL"
    return _dicts(
        con.execute(
            f"SELECT id, {external} AS external_id, title FROM articles WHERE id IN ? ORDER BY id",
            [ids],
        )
    )


def read_record(con: duckdb.DuckDBPyConnection, article_id: str) -> ArticleRecord:
    """The article's record as it was stored: equal to the record written. Its events are the
    article's own, each with its mentions in this article only (a story's other articles keep
    theirs). A store from before a migration (opened read-only) gives what it has."""
    article = _dicts(con.execute("SELECT * FROM articles WHERE id = ?", [article_id]))
    if not article:
        raise StoreError(f"no article with id {article_id!r} in the store")
    present = _present(con)
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in (t for t in LIST_FIELDS if t in present):
        order = "sentence, span_start, id" if table == "events" else "idx"
        rows = _dicts(
            con.execute(
                f"SELECT * FROM {table} WHERE article_id = ? ORDER BY {order}", [article_id]
            )
        )
        # Events stored before they had an `idx` keep the text order.
        rows.sort(key=lambda row: (row.get("idx") is None, row.get("idx") or 0))
        tables[table] = rows
    mentions: dict[str, list[Plain]] = {}
    if "event_mentions" in present:
        found = _dicts(
            con.execute(
                "SELECT * FROM event_mentions WHERE article_id = ? "
                "ORDER BY event_id, sentence, span_start, span_end",
                [article_id],
            )
        )
        for row in found:
            mentions.setdefault(row["event_id"], []).append(event_mention_plain(row))
    try:
        return ArticleRecord.from_dict(record_plain(article[0], tables, mentions))
    except (TypeError, ValueError, KeyError) as exc:
        raise StoreError(f"article {article_id!r}: its stored rows make no record: {exc}") from exc


def read_articles(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[Article]:
    """The stored articles themselves (metadata and text, none of their records), in the order
    of `ids`, in one query: what re-coding needs."""
    found = _dicts(con.execute("SELECT * FROM articles WHERE id IN ?", [ids]))
    rows = {row["id"]: row for row in found}
    missing = [aid for aid in ids if aid not in rows]
    if missing:
        raise StoreError(f"no article with id {missing[0]!r} in the store")
    return [ArticleRecord.from_dict(record_plain(rows[aid], {}, {})).article for aid in ids]


def recent_failures(con: duckdb.DuckDBPyConnection, limit: int = 20) -> list[dict[str, Any]]:
    return _dicts(con.execute("SELECT * FROM failures ORDER BY location, record LIMIT ?", [limit]))


def articles_overview(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return _dicts(
        con.execute(
            "SELECT a.id, a.title, a.published, "
            "(SELECT count(*) FROM events e WHERE e.article_id = a.id) AS events "
            "FROM articles a ORDER BY a.published NULLS LAST, a.id"
        )
    )


def story_summary(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Near-duplicate clusters of two or more articles, and events before and after merging."""
    if "event_mentions" not in _present(con):
        return {"clusters": 0, "clustered_articles": 0, "article_events": 0, "merged_events": 0}
    row = con.execute(
        "SELECT count(*), coalesce(sum(n), 0) FROM "
        "(SELECT count(*) AS n FROM article_clusters GROUP BY cluster_id HAVING count(*) > 1)"
    ).fetchone()
    merged = con.execute("SELECT count(DISTINCT event_key) FROM event_mentions").fetchone()
    events = con.execute("SELECT count(*) FROM events").fetchone()
    return {
        "clusters": int(row[0]) if row else 0,
        "clustered_articles": int(row[1]) if row else 0,
        "article_events": int(events[0]) if events else 0,
        "merged_events": int(merged[0]) if merged else 0,
    }


def articles_to_recode(
    con: duckdb.DuckDBPyConnection, coded_with: str, where: str = "", every: bool = False
) -> list[str]:
    """Ids of the articles coded with something other than `coded_with` (`every`: all), that
    also meet `where`, a SQL condition on `articles` given by the user; a condition DuckDB
    cannot run is a UsageError."""
    conditions = [] if every else ["coded_with IS DISTINCT FROM ?"]
    if where:
        conditions.append(f"({where})")
    sql = "SELECT id FROM articles" + (" WHERE " + " AND ".join(conditions) if conditions else "")
    try:
        rows = con.execute(sql + " ORDER BY id", [] if every else [coded_with]).fetchall()
    except Exception as exc:  # DuckDB's parser, binder and catalog errors alike
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(f"--where {where!r} is not a condition on articles: {first}") from None
    return [str(row[0]) for row in rows]
