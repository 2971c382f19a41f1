"""RSS and Atom feeds: one document an entry (the only feedparser import)."""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tidings.errors import IngestError
from tidings.ingest.html import fragment_text
from tidings.models import RawDocument, SourceRef

log = logging.getLogger(__name__)

_LANG = re.compile(r"^([a-z]{2,3})\b")


def _parse(data: bytes, location: str) -> Any:
    import feedparser

    # A stream, never bytes or str: feedparser would try a str as a URL or a file name.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        why = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise IngestError(location, f"feed has no entries{why}")
    return parsed


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = entry.get(key)
        if isinstance(stamp, time.struct_time):
            return date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday)
    return None


def _entry_text(entry: Any) -> str:
    """The entry's full content when it carries one, else its summary, as plain text."""
    candidates = [c for c in entry.get("content", []) if c.get("value")]
    summary = entry.get("summary_detail") or {}
    if summary.get("value"):
        candidates.append(summary)
    for candidate in candidates:
        value = str(candidate.get("value", ""))
        kind = str(candidate.get("type", "text/html"))
        text = fragment_text(value) if "html" in kind else fragment_text(value, markup=False)
        if text:
            return text
    return ""


def _entry(entry: Any, number: int, location: str, outlet: str, language: str) -> RawDocument:
    record = f"entry {number}"
    text = _entry_text(entry)
    if not text:
        raise IngestError(location, "feed entry has no summary or content text", record)
    return RawDocument(
        source=SourceRef(location, record),
        text=text,
        published=_entry_date(entry),
        title=" ".join(str(entry.get("title", "")).split()),
        url=str(entry.get("link", "")),
        outlet=outlet,
        byline=str(entry.get("author", "")),
        language=language,
        has_header=False,
    )


def read_feed(data: bytes, location: str) -> Iterator[RawDocument | IngestError]:
    """A document for every entry of an RSS or Atom feed; an entry without text is an error."""
    parsed = _parse(data, location)
    outlet = " ".join(str(parsed.feed.get("title", "")).split())
    match = _LANG.match(str(parsed.feed.get("language", "")).lower())
    language = match.group(1) if match else ""
    for number, entry in enumerate(parsed.entries, start=1):
        try:
            yield _entry(entry, number, location, outlet, language)
        except Exception as exc:
            yield IngestError.from_exception(location, exc, f"entry {number}")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """What a feed says about one of its items: where it is, its title and its date."""

    link: str
    title: str = ""
    published: date | None = None


@dataclass(frozen=True, slots=True)
class FeedListing:
    """A feed's title and date, and its items in order, each link once (the first wins)."""

    title: str
    published: date | None
    items: tuple[FeedItem, ...]


def feed_items(data: bytes, location: str = "<feed>") -> FeedListing:
    """The items of a feed with their titles and dates (an item without a date takes none
    here: the feed's own date is in `published`)."""
    parsed = _parse(data, location)
    items: dict[str, FeedItem] = {}
    for entry in parsed.entries:
        link = str(entry.get("link", "")).strip()
        if link and link not in items:
            title = " ".join(str(entry.get("title", "")).split())
            items[link] = FeedItem(link, title, _entry_date(entry))
    title = " ".join(str(parsed.feed.get("title", "")).split())
    return FeedListing(title, _entry_date(parsed.feed), tuple(items.values()))


def feed_links(data: bytes, location: str = "<feed>") -> list[str]:
    """The item links of a feed, in order, each once."""
    return [item.link for item in feed_items(data, location).items]
