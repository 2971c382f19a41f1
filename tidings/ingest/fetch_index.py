"""The fetch index: what `tidings fetch` knew about each page it saved, read back by `run`.

`tidings fetch` saves every page as a file in its output directory and appends one JSON line a
URL to `.tidings-fetch.jsonl` beside them (a dot file, so it is never read as an article):

    {"url", "file", "status", "fetched_at", "final_url"?, "error"?, "kind"?,
     "feed"?, "feed_title"?, "title"?, "published"?, "feed_published"?}

`file` is null for a URL that was not saved (`error` says why); `final_url` is where the
redirects ended; `feed` is the feed the page was listed in, with the feed's title, the item's
title and date (`published`, YYYY-MM-DD) and the feed's own date (`feed_published`). A later line
for the same file replaces an earlier one. This module holds the format and touches no network:
`tidings run DIR` reads the index so that each saved page keeps its URL and publication date.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tidings.errors import IngestError
from tidings.models import RawDocument

INDEX = ".tidings-fetch.jsonl"
# The optional text fields of a line (each a string when present).
_TEXT_FIELDS = ("final_url", "feed", "feed_title", "title", "error", "kind", "fetched_at")
_ALWAYS = ("url", "file", "status", "fetched_at")


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One saved page as the index describes it."""

    file: str
    url: str
    final_url: str = ""
    feed: str = ""
    feed_title: str = ""
    title: str = ""
    published: date | None = None
    feed_published: date | None = None


@dataclass(frozen=True, slots=True)
class FetchIndex:
    """The saved pages of one directory by file name, and the lines that could not be read."""

    path: Path
    entries: dict[str, IndexEntry]
    errors: tuple[IngestError, ...] = ()


def index_line(**fields: object) -> str:
    """One line of the index (without its newline); empty values are left out (but for
    `url`, `file`, `status` and `fetched_at`, always there), dates are written YYYY-MM-DD."""
    kept = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in fields.items()
        if value not in ("", None) or name in _ALWAYS
    }
    return json.dumps(kept, ensure_ascii=False)


def _date(line: dict[str, object], name: str) -> date | None:
    value = line.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f'"{name}" is not a YYYY-MM-DD string')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f'"{name}" is not a YYYY-MM-DD date: {value[:40]!r}') from None


def _entry(raw: bytes) -> IndexEntry | None:
    """The entry of one line, None for a URL that was not saved; ValueError says what is wrong."""
    try:
        line = json.loads(raw.rstrip(b"\r\n").decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg}, column {exc.colno})") from None
    if not isinstance(line, dict):
        raise ValueError("not a JSON object")
    url, file = line.get("url"), line.get("file")
    if not isinstance(url, str) or not url:
        raise ValueError('no "url" string')
    if file is None:
        return None
    if not isinstance(file, str) or not file or "/" in file or "\\" in file:
        raise ValueError('"file" is not the name of a file in this directory')
    for name in _TEXT_FIELDS:
        if not isinstance(line.get(name, ""), str):
            raise ValueError(f'"{name}" is not a string')
    texts = {name: str(line.get(name, "")) for name in _TEXT_FIELDS}
    return IndexEntry(
        file,
        url,
        final_url=texts["final_url"],
        feed=texts["feed"],
        feed_title=texts["feed_title"],
        title=texts["title"],
        published=_date(line, "published"),
        feed_published=_date(line, "feed_published"),
    )


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield number, raw


def read_index(directory: Path) -> FetchIndex | None:
    """The fetch index of a directory, None when it has none. A line that cannot be read is an
    error naming the index file and the line; the other lines are kept."""
    path = directory / INDEX
    if not path.is_file():
        return None
    entries: dict[str, IndexEntry] = {}
    errors: list[IngestError] = []
    try:
        for number, raw in _lines(path):
            try:
                entry = _entry(raw)
            except ValueError as exc:
                errors.append(
                    IngestError(str(path), f"fetch index line unreadable: {exc}", f"line {number}")
                )
                continue
            if entry is not None:
                entries[entry.file] = entry
    except OSError as exc:
        errors.append(IngestError(str(path), f"cannot read the fetch index: {exc.strerror or exc}"))
    return FetchIndex(path, entries, tuple(errors))


def with_entry(document: RawDocument, entry: IndexEntry) -> RawDocument:
    """The document with what the fetch knew: the URL it came from (where its redirects ended),
    the feed item's date (over the page's own guess; the feed's date only when the page has
    none), and the item's title and the feed's title when the page gives none."""
    return dataclasses.replace(
        document,
        url=entry.final_url or entry.url,
        published=entry.published or document.published or entry.feed_published,
        title=document.title or entry.title,
        outlet=document.outlet or entry.feed_title,
    )
