"""The clean stage: header, credits and closing lines out; paragraphs repaired; an Article."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from tidings.clean import boilerplate, paragraphs
from tidings.clean.language import confident_language
from tidings.config import Settings
from tidings.errors import IngestError
from tidings.models import Article, Failure, RawDocument, content_hash

if TYPE_CHECKING:
    from tidings.lexicons import Lexicons
    from tidings.lexicons.words import Boilerplate

MAX_TITLE_WORDS = 25
# Headlines do not end like sentences; body paragraphs do.
SENTENCE_END = (".", "!", '."', ".”", "!”", '!"', "?”", '?"')


@dataclass
class _Header:
    title: str = ""
    standfirst: str = ""
    byline: str = ""
    published: date | None = None
    outlet: str = ""
    dateline: str = ""
    dateline_date: date | None = None
    leftovers: list[str] = field(default_factory=list)


def _is_body(block: str) -> bool:
    """Body paragraphs are sentences: long, or closed by sentence punctuation."""
    words = len(block.split())
    return words > MAX_TITLE_WORDS or (words >= 4 and block.rstrip().endswith(SENTENCE_END))


def _read_header(blocks: list[str], head: _Header, want_title: bool, bp: Boilerplate) -> int:
    """Consume the leading header lines into `head`; return the index of the first body block."""
    for index, block in enumerate(blocks):
        if _is_body(block):
            return index
        for line in block.split("\n"):
            if boilerplate.is_credit(line, bp):
                continue
            stamp = boilerplate.stamp_date(line, bp)
            if stamp is not None:
                if isinstance(stamp, date) and head.published is None:
                    head.published = stamp
                continue
            if name := boilerplate.byline(line, bp):
                head.byline = head.byline or name
                continue
            if want_title and not head.title:
                head.title = line
            elif not head.standfirst and (head.title or not want_title):
                head.standfirst = line
            else:
                head.leftovers.append(line)
    return len(blocks)


def _strip_trailer(blocks: list[str], head: _Header, bp: Boilerplate) -> list[str]:
    while blocks:
        is_trailer, outlet = boilerplate.trailer(blocks[-1], bp)
        if not is_trailer:
            break
        head.outlet = head.outlet or outlet
        blocks.pop()
    return blocks


def clean(raw: RawDocument, bp: Boilerplate | None = None) -> Article:
    """The Article a raw document makes: cleaned body text plus what its header said.

    `bp` is the boilerplate part of the lexicons in use (`Lexicons.boilerplate`); without it the
    bundled lexicons are loaded for this one call, which suits a script, not a loop."""
    if bp is None:
        from tidings.lexicons import load_lexicons

        bp = load_lexicons().boilerplate
    blocks = paragraphs.split(raw.text)
    head = _Header(published=raw.published, outlet=raw.outlet, byline=raw.byline)
    if raw.has_header:
        start = _read_header(blocks, head, not raw.title, bp)
        if start < len(blocks):
            blocks = [*head.leftovers, *blocks[start:]]
        else:
            # No sentence anywhere: short text, not a header; keep all of it as the body.
            blocks = [b for b in blocks if not boilerplate.is_credit(b, bp)]
            head = _Header(published=head.published, outlet=raw.outlet, byline=head.byline)
    blocks = [paragraphs.reflow(b) for b in blocks if not boilerplate.is_credit(b, bp)]
    blocks = _strip_trailer(blocks, head, bp)
    if blocks:
        found, rest = boilerplate.split_dateline(blocks[0], bp)
        if found.place:
            head.dateline, blocks[0] = found.place, rest
            head.outlet = head.outlet or found.outlet
            head.dateline_date = boilerplate.dateline_date(found.day, head.published, bp)
            # A page without a date of its own was published the day its dateline gives.
            head.published = head.published or head.dateline_date
    text = "\n\n".join(paragraphs.repair(blocks))
    digest = content_hash(text)
    return Article(
        id=digest,
        content_hash=digest,
        external_id=raw.id,
        text=text,
        title=raw.title or head.title,
        standfirst=head.standfirst,
        byline=head.byline,
        dateline=head.dateline,
        dateline_date=head.dateline_date,
        published=head.published,
        outlet=head.outlet,
        url=raw.url,
        language=raw.language or "en",
        source=raw.source,
    )


def prepare(
    document: RawDocument | Article | IngestError | Failure,
    settings: Settings,
    lexicons: Lexicons,
) -> Article | Failure:
    """The one way an input becomes an article to parse: a raw document is cleaned (with the
    boilerplate patterns of `lexicons`) and must be in one of the settings' languages; an
    Article is taken as prepared already (a corpus run prepares articles before it looks them
    up in the store); both must be under the size limit. Whatever cannot be parsed comes back
    as a Failure."""
    if isinstance(document, Failure):
        return document
    if isinstance(document, IngestError):
        return Failure.of_ingest(document)
    if isinstance(document, Article):
        article = document
    else:
        try:
            article = clean(document, lexicons.boilerplate)
        except Exception as exc:
            return Failure(document.source, "clean", f"{type(exc).__name__}: {exc}")
        if not article.text.strip():
            return Failure(article.source, "clean", "no article text left after cleaning")
        # Short texts are not judged: their language scores swing on names and numbers.
        lang = confident_language(article.text)
        if lang is not None:
            if settings.languages and lang not in settings.languages:
                langs = ", ".join(settings.languages)
                return Failure(
                    article.source, "language", f"language is {lang}, not one of {langs}: skipped"
                )
            article = dataclasses.replace(article, language=lang)
    if len(article.text) > settings.max_chars:
        return Failure(
            article.source,
            "clean",
            f"article text has {len(article.text):,} characters, over the limit of "
            f"{settings.max_chars:,} (Settings.max_chars)",
        )
    return article
