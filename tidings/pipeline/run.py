"""Running a pipeline: prepare (clean, language, size), parse in batches, run the components."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from tidings import nlp as nlp_stage
from tidings.clean import clean
from tidings.clean.language import confident_language
from tidings.config import Settings
from tidings.errors import IngestError
from tidings.models import (
    Article,
    ArticleRecord,
    Failure,
    RawDocument,
    SourceRef,
)
from tidings.pipeline.component import Component, check_order
from tidings.pipeline.state import WorkItem

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)


def default_components() -> list[Component]:
    from tidings.build import default_components as extractors

    return extractors()


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Pipeline:
    """Articles in, ArticleRecords out. Build once, call many times."""

    def __init__(self, settings: Settings, components: Sequence[Component] | None = None):
        self.settings = settings
        self.components = list(default_components() if components is None else components)
        check_order(self.components)
        self.nlp = nlp_stage.load(settings)

    @property
    def component_names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, document: RawDocument | Article | str) -> ArticleRecord:
        """Process one document; errors are raised, not recorded."""
        if isinstance(document, str):
            document = RawDocument(source=SourceRef("<string>"), text=document)
        results = list(self.pipe([document], on_error="raise"))
        record = results[0]
        assert isinstance(record, ArticleRecord)
        return record

    def prepare(self, document: RawDocument | Article | IngestError) -> Article | Failure:
        if isinstance(document, IngestError):
            return Failure(SourceRef(document.location, document.record), "ingest", document.reason)
        article = clean(document) if isinstance(document, RawDocument) else document
        if not article.text.strip():
            return Failure(article.source, "clean", "no article text left after cleaning")
        # Short texts are not judged: their language scores swing on names and numbers.
        lang = confident_language(article.text)
        if lang is not None:
            if self.settings.languages and lang not in self.settings.languages:
                langs = ", ".join(self.settings.languages)
                return Failure(
                    article.source, "language", f"language is {lang}, not one of {langs}: skipped"
                )
            article = dataclasses.replace(article, language=lang)
        if len(article.text) > self.settings.max_chars:
            return Failure(
                article.source,
                "clean",
                f"article text has {len(article.text):,} characters, over the limit of "
                f"{self.settings.max_chars:,} (Settings.max_chars)",
            )
        return article

    def pipe(
        self,
        documents: Iterable[RawDocument | Article | IngestError],
        on_error: Literal["record", "raise"] = "record",
    ) -> Iterator[ArticleRecord | Failure]:
        """Records (or Failures) in input order, parsing in batches of settings.batch_size."""
        for batch in batched(documents, self.settings.batch_size):
            prepared = [self.prepare(d) for d in batch]
            if on_error == "raise":
                for item in prepared:
                    if isinstance(item, Failure):
                        raise IngestError(str(item.source), item.error)
            articles = [a for a in prepared if isinstance(a, Article)]
            docs = iter(nlp_stage.parse(self.nlp, (a.text for a in articles), len(articles)))
            for item in prepared:
                if isinstance(item, Failure):
                    yield item
                    continue
                yield self._extract(item, next(docs), on_error)

    def _extract(
        self, article: Article, doc: Doc, on_error: Literal["record", "raise"]
    ) -> ArticleRecord | Failure:
        nlp_stage.remember_text(doc, article.text)
        layout = nlp_stage.sentence_layout(doc)
        work = WorkItem(
            article=article,
            doc=doc,
            sentences=layout[0],
            sentence_of_token=layout[1],
            sentence_tokens=layout[2],
        )
        for component in self.components:
            try:
                component(work)
            except Exception as exc:
                if on_error == "raise":
                    raise
                log.exception("%s failed in %s", article.source, component.name)
                return Failure(article.source, component.name, f"{type(exc).__name__}: {exc}")
        return work.record()
