"""A batch of results as the store's rows, one Arrow table a table: what a worker process or a
Dask worker ships back (or writes as a Parquet shard) and what the writer stores in one
transaction, whichever engine made it.

Rows are made where the records are (in the worker), so only compact columns travel: the
article tables, each article's near-duplicate signature, and a row per input read (`sources`)
or failed (`failures`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tidings.clean.dedup import SCHEME, signature
from tidings.models import Article, ArticleRecord, Failure
from tidings.store.rows import Row, rows_by_table
from tidings.store.schema import ARTICLE_TABLES

# The tables of a batch beyond the article tables.
SIGNATURES = "article_signatures"
SOURCES = "sources"
FAILURES = "failures"
BATCH_TABLES = (*ARTICLE_TABLES, SIGNATURES, SOURCES, FAILURES)


@dataclass(frozen=True, slots=True)
class Batch:
    """Arrow tables by name (a table with no rows is left out)."""

    tables: Mapping[str, Any] = field(default_factory=dict)

    def table(self, name: str) -> Any | None:
        return self.tables.get(name)

    def column(self, table: str, name: str) -> list[Any]:
        found = self.tables.get(table)
        return [] if found is None else found.column(name).to_pylist()

    @property
    def inputs(self) -> int:
        """Inputs the batch accounts for: one source row each."""
        found = self.tables.get(SOURCES)
        return 0 if found is None else int(found.num_rows)


def _table(rows: list[Row]) -> Any | None:
    if not rows:
        return None
    import pyarrow as pa

    return pa.Table.from_pylist(rows)


def _source_row(article: Article, status: str) -> Row:
    return {
        "location": article.source.location,
        "record": article.source.record,
        "article_id": article.id,
        "status": status,
        "external_id": article.external_id or None,
    }


def _failure_rows(failures: Sequence[Failure]) -> tuple[list[Row], list[Row]]:
    """The source and failure rows of failed inputs (the last one of a source counts)."""
    last = {(f.source.location, f.source.record): f for f in failures}
    sources = [
        {
            "location": f.source.location,
            "record": f.source.record,
            "article_id": None,
            "status": "failure",
            "external_id": None,
        }
        for f in last.values()
    ]
    errors = [
        {
            "location": f.source.location,
            "record": f.source.record,
            "stage": f.stage,
            "error": f.error,
        }
        for f in last.values()
    ]
    return sources, errors


def batch_of(
    records: Iterable[ArticleRecord],
    failures: Sequence[Failure] = (),
    skipped: Sequence[Article] = (),
    coded_with: str = "",
) -> Batch:
    """The rows of processed records, failed inputs, and inputs whose article the store (or
    the batch) already holds (`skipped`: a source row each, status duplicate). A record whose
    article an earlier one in the batch gave is a duplicate too."""
    tables: dict[str, list[Row]] = {name: [] for name in BATCH_TABLES}
    seen: set[str] = set()
    for record in records:
        if record.article.id in seen:
            tables[SOURCES].append(_source_row(record.article, "duplicate"))
            continue
        seen.add(record.article.id)
        for name, rows in rows_by_table(record).items():
            if name == "articles":
                for row in rows:
                    row["coded_with"] = coded_with or None
            tables[name].extend(rows)
        art = record.article
        tables[SIGNATURES].append(
            {"article_id": art.id, "scheme": SCHEME, "signature": signature(art.text)}
        )
        tables[SOURCES].append(_source_row(art, "article"))
    tables[SOURCES].extend(_source_row(a, "duplicate") for a in skipped)
    failed_sources, tables[FAILURES] = _failure_rows(failures)
    tables[SOURCES].extend(failed_sources)
    return Batch({name: t for name, rows in tables.items() if (t := _table(rows)) is not None})


def concat(batches: Sequence[Batch]) -> Batch:
    """One batch holding the rows of several (a column NULL in one and typed in another takes
    the type)."""
    if len(batches) == 1:
        return batches[0]
    import pyarrow as pa

    tables: dict[str, Any] = {}
    for name in BATCH_TABLES:
        parts = [t for b in batches if (t := b.table(name)) is not None]
        if parts:
            tables[name] = pa.concat_tables(parts, promote_options="permissive")
    return Batch(tables)
