"""The per-article state: the parse, then one typed slot for each part a component provides.

A slot is empty until the component that provides it has run. While a component runs, the state
lets it read only the slots it declared in `requires` and write only those in `provides`, so a
declaration that does not match what the code reads fails at once instead of silently reading
an empty default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from tidings.clean import paragraphs
from tidings.errors import PipelineError
from tidings.models import (
    RECORD_LISTS,
    Article,
    ArticleRecord,
    Event,
    Mention,
    Organization,
    Person,
    Place,
    Problem,
    Quantity,
    Quote,
    Sentence,
    Setting,
    Span,
    TimeRef,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from tidings.names.matcher import NameMatches

T = TypeVar("T")


class Slot(Generic[T]):
    """One part of the article state, provided by one component and read by later ones."""

    name: str

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, state: None, owner: type | None = None) -> Slot[T]: ...

    @overload
    def __get__(self, state: ArticleState, owner: type | None = None) -> T: ...

    def __get__(self, state: ArticleState | None, owner: type | None = None) -> Slot[T] | T:
        if state is None:
            return self
        value: T = state.read(self.name)
        return value

    def __set__(self, state: ArticleState, value: T) -> None:
        state.write(self.name, value)


class ArticleState:
    """One article on its way through the components. The parse is always readable; every other
    part is a slot (see the module docstring)."""

    mentions: Slot[tuple[Mention, ...]] = Slot()
    names: Slot[NameMatches] = Slot()
    places: Slot[tuple[Place, ...]] = Slot()
    setting: Slot[Setting] = Slot()
    people: Slot[tuple[Person, ...]] = Slot()
    # Each person mention's character span and the index of its person in `people`, sorted.
    person_mentions: Slot[tuple[tuple[Span, int], ...]] = Slot()
    organizations: Slot[tuple[Organization, ...]] = Slot()
    quotes: Slot[tuple[Quote, ...]] = Slot()
    quantities: Slot[tuple[Quantity, ...]] = Slot()
    dates: Slot[tuple[TimeRef, ...]] = Slot()
    events: Slot[tuple[Event, ...]] = Slot()

    def __init__(
        self,
        article: Article,
        doc: Doc,
        sentences: tuple[Sentence, ...],
        sentence_of_token: list[int],
        sentence_tokens: tuple[tuple[int, int], ...],
    ) -> None:
        self.article = article
        self.doc = doc
        self.sentences = sentences
        # Token index -> sentence number; each sentence's [start, end) token range.
        self.sentence_of_token = sentence_of_token
        self.sentence_tokens = sentence_tokens
        self.problems: list[Problem] = []
        self._values: dict[str, Any] = {}
        self._running = ""
        self._readable: frozenset[str] | None = None
        self._writable: frozenset[str] | None = None

    @classmethod
    def slot_names(cls) -> frozenset[str]:
        return frozenset(k for k, v in vars(cls).items() if isinstance(v, Slot))

    def read(self, name: str) -> Any:
        if self._readable is not None and name not in self._readable:
            raise PipelineError(
                f"component {self._running!r} read {name!r}, which it does not require"
            )
        try:
            return self._values[name]
        except KeyError:
            raise PipelineError(f"{name!r} was read before any component provided it") from None

    def write(self, name: str, value: Any) -> None:
        if self._writable is not None and name not in self._writable:
            raise PipelineError(
                f"component {self._running!r} set {name!r}, which it does not provide"
            )
        self._values[name] = value

    @contextmanager
    def running(
        self, name: str, requires: tuple[str, ...], provides: tuple[str, ...]
    ) -> Iterator[None]:
        """Let only the declared slots be read and written while one component runs."""
        self._running = name
        self._readable = frozenset(requires) | frozenset(provides)
        self._writable = frozenset(provides)
        try:
            yield
        finally:
            self._running, self._readable, self._writable = "", None, None

    def _paragraphed(self, events: tuple[Any, ...]) -> tuple[Event, ...]:
        """The events with the paragraph of their sentence (0: the lead, GDELT's root)."""
        starts = paragraphs.starts(self.article.text)
        spans = {s.index: s.span for s in self.sentences}
        return tuple(
            dataclasses.replace(
                e, paragraph=paragraphs.index_at(starts, spans.get(e.sentence, e.span)[0])
            )
            for e in events
        )

    def record(self) -> ArticleRecord:
        found = {name: tuple(self._values.get(name, ())) for name in RECORD_LISTS}
        found["events"] = self._paragraphed(found["events"])
        return ArticleRecord(
            article=self.article,
            sentences=self.sentences,
            setting=self._values.get("setting", Setting()),
            problems=tuple(self.problems),
            **found,
        )
