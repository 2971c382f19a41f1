"""Batched, idempotent writes: one transaction a batch, articles keyed by their id."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tidings.errors import StoreError
from tidings.models import Article, ArticleRecord, Failure, Problem
from tidings.store.clusters import StoryClusters
from tidings.store.queries import known_article_ids
from tidings.store.rows import Row, insert_rows, registered, rows_by_table
from tidings.store.schema import ARTICLE_TABLES

if TYPE_CHECKING:
    import duckdb

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WriteCounts:
    articles: int = 0
    skipped: int = 0
    failures: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            self.articles + other.articles,
            self.skipped + other.skipped,
            self.failures + other.failures,
        )


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What a run coded with, logged in `runs` so that every stored event can say what coded it:
    the tidings version, the spaCy model (name and version), spaCy's version, and the
    fingerprint of the lexicons in use (bundled plus overrides)."""

    tidings_version: str
    spacy_model: str = ""
    spacy_model_version: str = ""
    spacy_version: str = ""
    lexicon_fingerprint: str = ""

    @property
    def label(self) -> str:
        """One string naming what coded: stored on every article it codes."""
        model = " ".join(p for p in (self.spacy_model, self.spacy_model_version) if p)
        return f"tidings {self.tidings_version}; {model}; lexicons {self.lexicon_fingerprint}"


class StoreWriter:
    """Writes records and failures; writing the same article again changes nothing.

    Everything one batch changes (records, sources, failures, fingerprints, story clusters,
    merged events) is written in one transaction, so a run killed at any moment leaves whole
    batches only, and the next run picks up the rest.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, replace: bool = False, coded_with: str = ""):
        self.con = con
        self.replace = replace
        # What codes the records this writer stores (RunInfo.label), kept on each article.
        self.coded_with = coded_with
        self.clusters = StoryClusters(con)

    def known_articles(self, ids: Iterable[str]) -> set[str]:
        return known_article_ids(self.con, ids)

    def write(
        self, results: Sequence[ArticleRecord | Failure], skipped: Sequence[Article] = ()
    ) -> WriteCounts:
        """Store a batch of results, plus the sources of `skipped` articles the store has."""
        records = [r for r in results if isinstance(r, ArticleRecord)]
        failures = [r for r in results if isinstance(r, Failure)]
        size = f"a batch of {len(results) + len(skipped)} inputs"
        try:
            existing = self.known_articles(r.article.id for r in records)
            self.con.execute("BEGIN TRANSACTION")
            counts = self._write(records, failures, existing)
            self._skipped_sources(skipped)
        except Exception as exc:
            self._abandon()
            raise StoreError(f"writing {size} failed, nothing of it stored: {exc}") from exc
        try:
            self.con.execute("COMMIT")
        except Exception as exc:
            # A COMMIT can fail after the data is durable (a checkpoint that follows it fails):
            # the batch is reported failed only if it is not in the store.
            self._abandon()
            stored = self._stored(results, skipped)
            if stored is not True:
                unknown = "" if stored is False else f" (could not check whether it was: {stored})"
                raise StoreError(f"committing {size} failed, not stored{unknown}: {exc}") from exc
            log.warning("%s was stored, though DuckDB reported: %s", size, exc)
        return counts + WriteCounts(skipped=len(skipped))

    def _abandon(self) -> None:
        """Roll back what the failed transaction wrote (it may have ended already)."""
        self.clusters.reset()
        with contextlib.suppress(Exception):
            self.con.execute("ROLLBACK")

    def _stored(
        self, results: Sequence[ArticleRecord | Failure], skipped: Sequence[Article]
    ) -> bool | str:
        """Whether every source of the batch is in the store (a committed batch), or why that
        could not be read."""
        sources = [r.article.source if isinstance(r, ArticleRecord) else r.source for r in results]
        keys = {(s.location, s.record) for s in (*sources, *(a.source for a in skipped))}
        if not keys:
            return False
        try:
            rows = self.con.execute(
                "SELECT location, record FROM sources WHERE location IN ?",
                [sorted({k[0] for k in keys})],
            ).fetchall()
        except Exception as exc:
            return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return keys <= {(str(r[0]), str(r[1])) for r in rows}

    def _write(
        self, records: list[ArticleRecord], failures: list[Failure], existing: set[str]
    ) -> WriteCounts:
        fresh: dict[str, ArticleRecord] = {}
        for record in records:
            aid = record.article.id
            if (aid not in existing or self.replace) and aid not in fresh:
                fresh[aid] = record
        fresh = self._shared_external_ids(fresh)
        if fresh:
            # Before this batch's rows exist: may fingerprint articles stored without one.
            self.clusters.prepare()
        # A replaced article keeps the time it was first added.
        added = dict.fromkeys(fresh, datetime.now(UTC).replace(tzinfo=None))
        if self.replace and fresh:
            added |= {
                str(aid): when
                for aid, when in self.con.execute(
                    "SELECT id, added_at FROM articles WHERE id IN ? AND added_at IS NOT NULL",
                    [list(fresh)],
                ).fetchall()
            }
            for table in ARTICLE_TABLES:
                key = "id" if table == "articles" else "article_id"
                self.con.execute(f"DELETE FROM {table} WHERE {key} IN ?", [list(fresh)])
        tables: dict[str, list[Row]] = {t: [] for t in ARTICLE_TABLES}
        for record in fresh.values():
            for table, rows in rows_by_table(record).items():
                tables[table].extend(rows)
        for row in tables["articles"]:
            row["added_at"] = added[row["id"]]
        for table, rows in tables.items():
            insert_rows(self.con, table, rows)
        if fresh and self.coded_with:
            self.con.execute(
                "UPDATE articles SET coded_with = ? WHERE id IN ?", [self.coded_with, list(fresh)]
            )
        if fresh:
            self.clusters.add([r.article for r in fresh.values()], existing & set(fresh))
        self._sources(records, failures)
        return WriteCounts(len(fresh), len(records) - len(fresh), len(failures))

    def _shared_external_ids(self, fresh: dict[str, ArticleRecord]) -> dict[str, ArticleRecord]:
        """The records, each whose external id already names another article (stored, or
        earlier in this batch) with a warning problem saying so: both articles are kept."""
        wanted = sorted({r.article.external_id for r in fresh.values()} - {""})
        if not wanted:
            return fresh
        owners: dict[str, set[str]] = {}
        for external_id, article_id in self.con.execute(
            "SELECT DISTINCT external_id, article_id FROM sources "
            "WHERE external_id IN ? AND article_id IS NOT NULL",
            [wanted],
        ).fetchall():
            owners.setdefault(str(external_id), set()).add(str(article_id))
        out: dict[str, ArticleRecord] = {}
        for aid, record in fresh.items():
            external_id = record.article.external_id
            others = sorted(owners.get(external_id, set()) - {aid})
            if external_id:
                owners.setdefault(external_id, set()).add(aid)
            if others:
                shown = ", ".join(others[:3]) + (
                    f" and {len(others) - 3} more" if others[3:] else ""
                )
                problem = Problem(
                    "ingest",
                    "warning",
                    f"external id {external_id!r} also names {shown} (a different text); "
                    "both are stored",
                )
                record = dataclasses.replace(record, problems=(*record.problems, problem))
            out[aid] = record
        return out

    def _skipped_sources(self, articles: Sequence[Article]) -> None:
        """Sources whose article is already stored: linked to it once, nothing else written."""
        rows = {
            (a.source.location, a.source.record): {
                "location": a.source.location,
                "record": a.source.record,
                "article_id": a.id,
                "status": "duplicate",
                "external_id": a.external_id or None,
            }
            for a in articles
        }
        if rows:
            insert_rows(self.con, "sources", list(rows.values()), verb="INSERT OR IGNORE")

    def _sources(self, records: list[ArticleRecord], failures: list[Failure]) -> None:
        seen: dict[tuple[str, str], Row] = {}
        for record in records:
            src = record.article.source
            seen[(src.location, src.record)] = {
                "location": src.location,
                "record": src.record,
                "article_id": record.article.id,
                "status": "article",
                "external_id": record.article.external_id or None,
            }
        for failure in failures:
            src = failure.source
            seen[(src.location, src.record)] = {
                "location": src.location,
                "record": src.record,
                "article_id": None,
                "status": "failure",
                "external_id": None,
            }
        if not seen:
            return
        import pyarrow as pa

        keys = pa.Table.from_pylist([{"location": k[0], "record": k[1]} for k in seen])
        with registered(self.con, "_keys", keys):
            for table in ("sources", "failures"):
                self.con.execute(
                    f"DELETE FROM {table} USING _keys k "
                    f"WHERE {table}.location = k.location AND {table}.record = k.record"
                )
        insert_rows(self.con, "sources", list(seen.values()))
        insert_rows(
            self.con,
            "failures",
            [
                {
                    "location": f.source.location,
                    "record": f.source.record,
                    "stage": f.stage,
                    "error": f.error,
                }
                for f in {(f.source.location, f.source.record): f for f in failures}.values()
            ],
        )

    def log_run(
        self, started: datetime, inputs: Sequence[str], counts: WriteCounts, info: RunInfo
    ) -> None:
        row = {
            "started_at": started,
            "finished_at": datetime.now(UTC).replace(tzinfo=None),
            "inputs": " ".join(inputs),
            "articles": counts.articles,
            "skipped": counts.skipped,
            "failures": counts.failures,
            **{f.name: getattr(info, f.name) for f in fields(info)},
        }
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.con.execute(f"INSERT INTO runs ({columns}) VALUES ({marks})", list(row.values()))
