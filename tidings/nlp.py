"""The only module that imports spaCy: load the model, parse in batches, expose sentences."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

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


def model_versions(model: str) -> tuple[str, str]:
    """The version of the named model (an installed package, or a directory with a meta.json)
    and spaCy's version, read without loading either; "" where it is not known."""
    from importlib import metadata

    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = ""
    meta = Path(model) / "meta.json"
    if meta.is_file():
        try:
            version = str(json.loads(meta.read_text(encoding="utf-8")).get("version", ""))
        except (OSError, ValueError, AttributeError):
            version = ""
    else:
        try:
            version = metadata.version(model)
        except (metadata.PackageNotFoundError, ValueError):
            version = ""
    return version, spacy_version


def parse(nlp: Language, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
    yield from nlp.pipe(texts, batch_size=batch_size)


_TEXT_KEY = "tidings_text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, read once: `Doc.text` joins every token again on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


def remember_text(doc: Doc, text: str) -> None:
    """Record the text the Doc was parsed from, which spaCy keeps character for character, so
    `doc_text` need not rebuild it from the tokens."""
    doc.user_data[_TEXT_KEY] = text


# Hash -> string for every string a column has read: the StringStore lookup per token is the
# larger part of reading a column, and the same few thousand words recur in every article.
# Bounded, so that a long run over many distinct names does not grow it without end.
_STRINGS: dict[int, str] = {}
_STRINGS_MAX = 200_000


def token_column(doc: Doc, attr: str) -> list[str]:
    """One string attribute ("ORTH", "LOWER", "POS", "DEP", "ENT_TYPE", "LEMMA", "TAG") of every
    token, read from an array once per Doc: a pass over Token objects builds one per word and
    costs several times as much, so extractors find their few candidates here first."""
    key = f"tidings_column_{attr}"
    column = doc.user_data.get(key)
    if column is None:
        hashes = doc.to_array([attr]).tolist() if len(doc) else []
        strings = doc.vocab.strings
        column = doc.user_data[key] = _through(_STRINGS, hashes, lambda h: strings[h] if h else "")
    return cast(list[str], column)


def _through(known: dict[Any, str], keys: list[Any], convert: Callable[[Any], str]) -> list[str]:
    """`convert` of every key, through a cache of earlier answers emptied when it grows past
    _STRINGS_MAX."""
    if len(known) > _STRINGS_MAX:
        known.clear()
    try:  # tags and labels are all known after the first article: no set to build
        return list(map(known.__getitem__, keys))
    except KeyError:
        for new in set(keys).difference(known):
            known[new] = convert(new)
        return list(map(known.__getitem__, keys))


_LOWERED: dict[str, str] = {}


def lower_lemmas(doc: Doc) -> list[str]:
    """Every token's lemma in lower case (patterns and word lists are keyed that way), made
    once per Doc through a bounded cache of the lemmas seen before."""
    column = doc.user_data.get("tidings_column_LEMMA_LOWER")
    if column is None:
        lemmas = token_column(doc, "LEMMA")
        column = doc.user_data["tidings_column_LEMMA_LOWER"] = _through(_LOWERED, lemmas, str.lower)
    return cast(list[str], column)


def token_starts(doc: Doc) -> list[int]:
    """The character offset of every token, read from an array once per Doc."""
    starts = doc.user_data.get("tidings_column_IDX")
    if starts is None:
        starts = doc.user_data["tidings_column_IDX"] = (
            doc.to_array("IDX").tolist() if len(doc) else []
        )
    return cast(list[int], starts)


def sentence_layout(
    doc: Doc,
) -> tuple[tuple[Sentence, ...], list[int], tuple[tuple[int, int], ...]]:
    """The sentences, the sentence number of every token, and each sentence's token range —
    in one walk over `doc.sents`, which spaCy recomputes on every access."""
    sentences: list[Sentence] = []
    of_token: list[int] = []
    bounds: list[tuple[int, int]] = []
    full = doc_text(doc)
    for number, sent in enumerate(doc.sents):
        # A sentence ends at its last character, not at the paragraph break after it.
        text = full[sent.start_char : sent.end_char].rstrip()
        sentences.append(Sentence(number, (sent.start_char, sent.start_char + len(text)), text))
        of_token.extend([number] * (sent.end - sent.start))
        bounds.append((sent.start, sent.end))
    return tuple(sentences), of_token, tuple(bounds)


def select_tokens(
    doc: Doc, words: frozenset[str], pos: frozenset[str], deps: frozenset[str]
) -> tuple[list[int], list[int]]:
    """(indices of tokens with one of `pos` whose lemma or lower-case form is in `words`,
    indices of tokens with one of `deps`) — read from token columns, without Token objects."""
    tags, lemmas, lowers = (token_column(doc, a) for a in ("POS", "LEMMA", "LOWER"))
    chosen = [
        i
        for i, (tag, lemma, lower) in enumerate(zip(tags, lemmas, lowers, strict=True))
        if tag in pos and (lemma in words or lower in words)
    ]
    return chosen, [i for i, link in enumerate(token_column(doc, "DEP")) if link in deps]


__all__ = [
    "Doc",
    "Language",
    "Span",
    "Token",
    "doc_text",
    "load",
    "lower_lemmas",
    "parse",
    "remember_text",
    "select_tokens",
    "sentence_layout",
    "token_column",
    "token_starts",
]
