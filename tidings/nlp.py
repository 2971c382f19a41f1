"""The only module that imports spaCy: load the model, parse in batches, expose sentences."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from tidings.config import NEEDED_PIPES, Settings
from tidings.errors import ConfigError
from tidings.models import Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)


PARAGRAPH_PIPE = "tidings_paragraphs"


def _paragraph_starts(doc: Doc) -> Doc:
    """A paragraph break always starts a sentence (the parser then never runs across it)."""
    for token in doc[1:]:
        if "\n\n" in doc[token.i - 1].text_with_ws:
            token.is_sent_start = True
    return doc


@cache
def _load(model: str, extra_disabled: tuple[str, ...]) -> Language:
    import spacy
    from spacy.language import Language as SpacyLanguage

    if PARAGRAPH_PIPE not in SpacyLanguage.factories:
        SpacyLanguage.component(PARAGRAPH_PIPE, func=_paragraph_starts)

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(f"cannot load spaCy model {model!r}: is it installed? ({exc})") from exc
    unused = [p for p in nlp.pipe_names if p not in NEEDED_PIPES or p in extra_disabled]
    if unused:
        nlp.select_pipes(disable=unused)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_PIPE, before="parser")
    log.debug("loaded %s with pipes %s", model, nlp.pipe_names)
    return nlp


def load(settings: Settings) -> Language:
    """The model the settings name, with every pipe tidings does not read disabled."""
    nlp = _load(settings.model, settings.extra_disabled_pipes)
    nlp.max_length = max(nlp.max_length, settings.max_chars + 1)
    return nlp


def parse(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    yield from nlp.pipe(texts, batch_size=batch_size)


def sentences(doc: Doc) -> tuple[Sentence, ...]:
    return tuple(Sentence(i, (s.start_char, s.end_char), s.text) for i, s in enumerate(doc.sents))


def sentence_index(doc: Doc) -> dict[int, int]:
    """Token index → sentence number, for every token of the doc."""
    out: dict[int, int] = {}
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = number
    return out


__all__ = ["Doc", "Language", "Span", "Token", "load", "parse", "sentence_index", "sentences"]
