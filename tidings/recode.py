"""Re-coding stored articles: the components run again on the text the store holds (no source is
read again), and each article's records are replaced by the new ones.

By default only the articles another tidings version, model or lexicon set coded are taken, so a
recode killed half way and started again finishes the job, and a second recode changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from tidings import store
from tidings.build import build_pipeline
from tidings.config import Settings
from tidings.corpus import run_info
from tidings.lexicons import load_lexicons
from tidings.models import ArticleRecord
from tidings.store import queries
from tidings.store.snapshot import Publisher
from tidings.store.writer import StoreWriter, WriteCounts

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class RecodeSummary:
    articles: int  # re-coded
    remaining: int  # still coded with something else (0 unless interrupted)
    publish_error: str = ""  # why no generation was published at the end, if none was


def recode(
    settings: Settings,
    where: str = "",
    every: bool = False,
    progress: Progress | None = None,
    total: Callable[[int], None] | None = None,
) -> RecodeSummary:
    """Re-code the stored articles that need it (`every`: all of them), optionally only those
    matching `where`, a SQL condition on the `articles` table ("published >= '2015-01-01'")."""
    lexicons = load_lexicons(settings.lexicons)
    info = run_info(settings, lexicons.fingerprint)
    started = datetime.now(UTC).replace(tzinfo=None)
    con = store.connect(settings.db_path, memory_limit=settings.store_memory)
    try:
        ids = queries.articles_to_recode(con, info.label, where, every)
        if total:
            total(len(ids))
        pipeline = build_pipeline(settings, lexicons)
        writer = StoreWriter(con, replace=True, coded_with=info.label)
        publisher = Publisher(con, settings.db_path, settings.publish_every)
        counts = WriteCounts()
        for start in range(0, len(ids), settings.write_batch):
            chunk = ids[start : start + settings.write_batch]
            articles = queries.read_articles(con, chunk)
            records = [r for r in pipeline.pipe(articles) if isinstance(r, ArticleRecord)]
            counts += writer.write(records)
            if progress:
                progress(len(chunk))
            publisher.due()
        writer.log_run(started, [f"recode {where}".strip()], counts, info)
        _, publish_error = publisher.closing()
        remaining = len(queries.articles_to_recode(con, info.label, where))
    finally:
        con.close()
    return RecodeSummary(counts.articles, remaining, publish_error)
