"""The per-article state that components read from and write to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tidings.models import Article, ArticleRecord

if TYPE_CHECKING:
    from spacy.tokens import Doc

RECORD_FIELDS = (
    "events",
    "quotes",
    "quantities",
    "dates",
    "places",
    "people",
    "organizations",
    "mentions",
)


@dataclass
class WorkItem:
    """One article on its way through the components (mutable; the result is frozen)."""

    article: Article
    doc: Doc
    sentences: tuple[Any, ...] = ()
    # Token index → sentence number (a list: every token has one).
    sentence_of_token: list[int] = field(default_factory=list)
    # Each sentence's [start, end) token range.
    sentence_tokens: tuple[tuple[int, int], ...] = ()
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, name: str) -> Any:
        return self.values[name]

    def set(self, name: str, value: Any) -> None:
        self.values[name] = value

    def record(self) -> ArticleRecord:
        found = {name: tuple(self.values.get(name, ())) for name in RECORD_FIELDS}
        return ArticleRecord(article=self.article, sentences=self.sentences, **found)
