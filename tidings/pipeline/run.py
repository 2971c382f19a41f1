"""Running a pipeline: prepare each input, parse in batches, run the components in order.

A component that raises records a problem on its article; the components that depend on what it
would have provided are skipped (each with a warning), and the rest of the article is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from tidings import nlp as nlp_stage
from tidings.clean import prepare
from tidings.config import Settings
from tidings.errors import IngestError
from tidings.faults import crash_if_marked
from tidings.models import Article, ArticleRecord, Failure, Problem, RawDocument, SourceRef
from tidings.pipeline.component import Component, check_order
from tidings.pipeline.state import ArticleState

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tidings.lexicons import Lexicons

log = logging.getLogger(__name__)
Input = RawDocument | Article | IngestError | Failure
OnError = Literal["record", "raise"]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Pipeline:
    """Articles in, ArticleRecords out. Build once, call many times."""

    def __init__(
        self,
        settings: Settings,
        components: Sequence[Component],
        lexicons: Lexicons | None = None,
    ):
        """A pipeline of these components, checked for their order (the default one:
        tidings.build.build_pipeline); `lexicons` are those the components were built with,
        and cleaning reads their boilerplate patterns (without them, the settings' lexicons
        are loaded and checked here: a bad lexicon file raises LexiconError)."""
        from tidings.lexicons import load_lexicons

        self.settings = settings
        self.lexicons: Lexicons = lexicons or load_lexicons(settings.lexicons)
        self.components = list(components)
        check_order(self.components)
        self.nlp = nlp_stage.load(settings)

    @property
    def component_names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, document: RawDocument | Article | str) -> ArticleRecord:
        """Process one document; errors are raised, not recorded."""
        if isinstance(document, str):
            document = RawDocument(source=SourceRef("<string>"), text=document)
        record = next(self.pipe([document], on_error="raise"))
        assert isinstance(record, ArticleRecord)
        return record

    def prepare(self, document: Input) -> Article | Failure:
        return prepare(document, self.settings, self.lexicons)

    def pipe(
        self, documents: Iterable[Input], on_error: OnError = "record"
    ) -> Iterator[ArticleRecord | Failure]:
        """A record or a Failure for each input, in input order, parsing in batches of
        settings.batch_size; failures given as input pass through in place."""
        for batch in batched(documents, self.settings.batch_size):
            prepared = [self.prepare(d) for d in batch]
            if on_error == "raise":
                for item in prepared:
                    if isinstance(item, Failure):
                        raise IngestError(str(item.source), item.error)
            articles = [a for a in prepared if isinstance(a, Article)]
            docs = iter(nlp_stage.parse(self.nlp, (a.text for a in articles), len(articles)))
            for item in prepared:
                yield (
                    item if isinstance(item, Failure) else self.extract(item, next(docs), on_error)
                )

    def extract(self, article: Article, doc: Doc, on_error: OnError = "record") -> ArticleRecord:
        """Run every component on one parsed article."""
        crash_if_marked(self.settings, article.text)
        nlp_stage.remember_text(doc, article.text)
        state = ArticleState(article, doc, *nlp_stage.sentence_layout(doc))
        failed: dict[str, str] = {}  # slot -> the component that should have provided it
        for component in self.components:
            lost = [slot for slot in component.requires if slot in failed]
            if lost:
                culprits = sorted({failed[slot] for slot in lost})
                state.problems.append(
                    Problem(
                        component.name,
                        "warning",
                        f"skipped: it requires {', '.join(lost)}, which "
                        f"{', '.join(culprits)} did not provide",
                    )
                )
                failed.update(dict.fromkeys(component.provides, component.name))
                continue
            try:
                with state.running(component.name, component.requires, component.provides):
                    component(state)
            except Exception as exc:
                if on_error == "raise":
                    raise
                log.warning(
                    "%s: component %s failed", article.source, component.name, exc_info=True
                )
                state.problems.append(
                    Problem(component.name, "error", f"{type(exc).__name__}: {exc}")
                )
                failed.update(dict.fromkeys(component.provides, component.name))
        return state.record()
