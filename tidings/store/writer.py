"""Batched, idempotent writes: one transaction a batch, articles keyed by their id."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tidings.errors import StoreError
from tidings.models import Article, ArticleRecord, Failure
from tidings.store.batch import FAILURES, SIGNATURES, SOURCES, Batch, batch_of
from tidings.store.clusters import StoryClusters
from tidings.store.queries import known_article_ids
from tidings.store.rows import Row, insert_rows, insert_table, only, registered, with_column
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


def _interrupted(exc: BaseException) -> bool:
    """A signal (Ctrl-C, SIGTERM) that arrived while DuckDB ran a query: DuckDB stops the query
    and raises its own error instead of the KeyboardInterrupt ("Query interrupted", or the
    KeyboardInterrupt named in the message of a failed scan); nothing but the message says so."""
    text = str(exc)
    return "Query interrupted" in text or any(f"{name}:" in text for name in _interrupts())


def _interrupts() -> set[str]:
    """The names of KeyboardInterrupt and its subclasses (SIGTERM raised as one)."""
    found: set[str] = set()
    todo: list[type[BaseException]] = [KeyboardInterrupt]
    while todo:
        kind = todo.pop()
        found.add(kind.__name__)
        todo.extend(kind.__subclasses__())
    return found


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
        return self.write_batch(batch_of(records, failures, skipped, self.coded_with))

    def write_batch(self, batch: Batch) -> WriteCounts:
        """Store a batch's rows in one transaction (whichever engine made them): articles the
        store already holds are not written again, their sources recorded as duplicates."""
        size = f"a batch of {batch.inputs} inputs"
        try:
            existing = self.known_articles(batch.column("articles", "id"))
            self.con.execute("BEGIN TRANSACTION")
            counts = self._write(batch, existing)
        except Exception as exc:
            self._abandon()
            if _interrupted(exc):
                raise KeyboardInterrupt from exc
            raise StoreError(f"writing {size} failed, nothing of it stored: {exc}") from exc
        try:
            self.con.execute("COMMIT")
        except Exception as exc:
            # A COMMIT can fail after the data is durable (a checkpoint that follows it fails):
            # the batch is reported failed only if it is not in the store.
            self._abandon()
            stored = self._stored(batch)
            if stored is not True:
                unknown = "" if stored is False else f" (could not check whether it was: {stored})"
                raise StoreError(f"committing {size} failed, not stored{unknown}: {exc}") from exc
            log.warning("%s was stored, though DuckDB reported: %s", size, exc)
        log.info("stored a batch: %d new articles, %d failures", counts.articles, counts.failures)
        return counts

    def _abandon(self) -> None:
        """Roll back what the failed transaction wrote (it may have ended already)."""
        self.clusters.reset()
        with contextlib.suppress(Exception):
            self.con.execute("ROLLBACK")

    def _stored(self, batch: Batch) -> bool | str:
        """Whether every source of the batch is in the store (a committed batch), or why that
        could not be read."""
        keys = set(
            zip(batch.column(SOURCES, "location"), batch.column(SOURCES, "record"), strict=True)
        )
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

    def _write(self, batch: Batch, existing: set[str]) -> WriteCounts:
        ids = batch.column("articles", "id")
        fresh = [aid for aid in ids if aid not in existing or self.replace]
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
                self.con.execute(f"DELETE FROM {table} WHERE {key} IN ?", [fresh])
        wanted = set(fresh)
        every = len(wanted) == len(ids)
        for table in ARTICLE_TABLES:
            rows = batch.table(table)
            if rows is not None:
                key = "id" if table == "articles" else "article_id"
                rows = rows if every else only(rows, key, wanted)
                if table == "articles":
                    rows = with_column(rows, "added_at", [added[i] for i in rows["id"].to_pylist()])
                insert_table(self.con, table, rows)
        self._shared_external_ids(batch, fresh)
        if fresh:
            sigs = dict(
                zip(
                    batch.column(SIGNATURES, "article_id"),
                    batch.column(SIGNATURES, "signature"),
                    strict=True,
                )
            )
            self.clusters.add({aid: sigs.get(aid) for aid in fresh}, existing & wanted)
        known = self._sources(batch, wanted)
        failures = batch.table(FAILURES)
        return WriteCounts(len(fresh), known, 0 if failures is None else int(failures.num_rows))

    def _shared_external_ids(self, batch: Batch, fresh: list[str]) -> None:
        """A warning problem on each new article whose external id already names another
        article (stored, or earlier in this batch): both articles are kept."""
        external = dict(
            zip(
                batch.column("articles", "id"), batch.column("articles", "external_id"), strict=True
            )
        )
        wanted = sorted({external.get(aid) or "" for aid in fresh} - {""})
        if not wanted:
            return
        owners: dict[str, set[str]] = {}
        for external_id, article_id in self.con.execute(
            "SELECT DISTINCT external_id, article_id FROM sources "
            "WHERE external_id IN ? AND article_id IS NOT NULL",
            [wanted],
        ).fetchall():
            owners.setdefault(str(external_id), set()).add(str(article_id))
        problems = batch.column("problems", "article_id")
        rows: list[Row] = []
        for aid in fresh:
            external_id = external.get(aid) or ""
            others = sorted(owners.get(external_id, set()) - {aid})
            if external_id:
                owners.setdefault(external_id, set()).add(aid)
            if others:
                shown = ", ".join(others[:3]) + (
                    f" and {len(others) - 3} more" if others[3:] else ""
                )
                rows.append(
                    {
                        "article_id": aid,
                        "idx": problems.count(aid),
                        "component": "ingest",
                        "severity": "warning",
                        "message": f"external id {external_id!r} also names {shown} "
                        "(a different text); both are stored",
                    }
                )
        insert_rows(self.con, "problems", rows)

    def _sources(self, batch: Batch, fresh: set[str]) -> int:
        """Each input's source row: read into a new article, failed (both replace what the store
        said of that input), or a duplicate of a stored article (kept as the store has it).
        Returns how many inputs were duplicates."""
        sources = batch.table(SOURCES)
        if sources is None:
            return 0
        written: dict[tuple[str, str], Row] = {}
        duplicates: dict[tuple[str, str], Row] = {}
        for row in sources.to_pylist():
            key = (row["location"], row["record"])
            if row["status"] == "article" and row["article_id"] not in fresh:
                row["status"] = "duplicate"
            (duplicates if row["status"] == "duplicate" else written)[key] = row
        if written:
            import pyarrow as pa

            keys = pa.Table.from_pylist([{"location": k[0], "record": k[1]} for k in written])
            with registered(self.con, "_keys", keys):
                for table in (SOURCES, FAILURES):
                    self.con.execute(
                        f"DELETE FROM {table} USING _keys k "
                        f"WHERE {table}.location = k.location AND {table}.record = k.record"
                    )
            insert_rows(self.con, SOURCES, list(written.values()))
        failures = batch.table(FAILURES)
        if failures is not None:
            insert_table(self.con, FAILURES, failures)
        insert_rows(self.con, SOURCES, list(duplicates.values()), verb="INSERT OR IGNORE")
        return len(duplicates)

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
