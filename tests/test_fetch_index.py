"""The fetch index beside saved pages: read back by `run` so articles keep URL and dates; a bad
line is one failure naming the index file and the line, never a crash."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from tidings.errors import IngestError
from tidings.ingest import iter_inputs
from tidings.ingest.fetch_index import INDEX, IndexEntry, index_line, read_index, with_entry
from tidings.models import RawDocument, SourceRef

PAGE = (
    b"<!DOCTYPE html><html lang='en'><head><title>Talks resume</title></head><body><article>"
    b"<p>Negotiators from both sides met in Geneva on Tuesday and agreed to resume talks on a "
    b"ceasefire, officials said after the meeting ended late in the evening.</p>"
    b"<p>The delegations will meet again next week, a spokesman for the mediators said.</p>"
    b"</article></body></html>"
)


def _line(**fields: object) -> str:
    return json.dumps(fields)


def _folder(tmp_path: Path, *lines: str) -> Path:
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / INDEX).write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return tmp_path


def test_fetch_index_gives_pages_their_url_and_date(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        _line(url="https://x.example/old", file="a.html", published="2019-01-01"),
        _line(
            url="https://x.example/t",
            file="a.html",
            final_url="https://x.example/talks",
            published="2021-06-01",
            feed_title="X News",
        ),
    )
    (document,) = iter_inputs([str(folder)])
    assert isinstance(document, RawDocument)
    assert document.url == "https://x.example/talks"  # the last line wins
    assert document.published == date(2021, 6, 1)
    assert document.outlet == "X News" and document.title == "Talks resume"


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("{not json", "not JSON (Expecting property name enclosed in double quotes, column 2)"),
        ("[1, 2]", "not a JSON object"),
        (_line(file="a.html"), 'no "url" string'),
        (
            _line(url="u", file="../etc/passwd"),
            '"file" is not the name of a file in this directory',
        ),
        (
            _line(url="u", file="a.html", published="March"),
            "\"published\" is not a YYYY-MM-DD date: 'March'",
        ),
        (_line(url="u", file="a.html", title=7), '"title" is not a string'),
    ],
)
def test_fetch_index_bad_line_is_one_failure(tmp_path: Path, bad: str, reason: str) -> None:
    folder = _folder(tmp_path, _line(url="https://x.example/a", file=None, error="HTTP 404"), bad)
    items = list(iter_inputs([str(folder)]))
    failures = [i for i in items if isinstance(i, IngestError)]
    assert [(f.location, f.record, f.reason) for f in failures] == [
        (str(folder / INDEX), "line 2", f"fetch index line unreadable: {reason}")
    ]
    (document,) = [i for i in items if isinstance(i, RawDocument)]
    assert document.title == "Talks resume" and document.url == ""


def test_fetch_index_invalid_utf8_line_is_one_failure(tmp_path: Path) -> None:
    folder = _folder(tmp_path, _line(url="https://x.example/a", file="a.html"))
    with (folder / INDEX).open("ab") as index:
        index.write(b'{"url": "caf\xe9", "file": "b.html"}\n')
    errors = read_index(folder)
    assert errors is not None and set(errors.entries) == {"a.html"}
    (failure,) = errors.errors
    assert failure.record == "line 2" and "not UTF-8" in failure.reason


def test_fetch_index_missing_line_is_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _folder(tmp_path, _line(url="https://x.example/b", file="b.html"))
    with caplog.at_level(logging.WARNING):
        (document,) = iter_inputs([str(folder)])
    assert isinstance(document, RawDocument) and document.url == ""
    (warning,) = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warning == (
        f"{folder / 'a.html'}: not listed in the fetch index {folder / INDEX}; "
        "read without the URL and date of a fetch"
    )


def test_fetch_index_read_once_per_directory(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "garbage")
    (folder / "b.html").write_bytes(PAGE.replace(b"Talks resume", b"Talks end"))
    items = list(iter_inputs([str(folder)]))
    assert sum(isinstance(i, IngestError) for i in items) == 1
    assert sum(isinstance(i, RawDocument) for i in items) == 2


def test_fetch_index_none_without_an_index(tmp_path: Path) -> None:
    assert read_index(tmp_path) is None


def test_fetch_index_line_round_trips() -> None:
    text = index_line(
        url="u", file="f.html", status=200, fetched_at="t", title="", published=date(2020, 1, 2)
    )
    assert json.loads(text) == {
        "url": "u",
        "file": "f.html",
        "status": 200,
        "fetched_at": "t",
        "published": "2020-01-02",
    }


@pytest.mark.parametrize(
    ("page", "item", "feed", "expected"),
    [
        (date(2020, 1, 5), date(2020, 1, 4), date(2020, 1, 9), date(2020, 1, 4)),
        (date(2020, 1, 5), None, date(2020, 1, 9), date(2020, 1, 5)),
        (None, None, date(2020, 1, 9), date(2020, 1, 9)),
        (None, None, None, None),
    ],
)
def test_fetch_index_date_order(
    page: date | None, item: date | None, feed: date | None, expected: date | None
) -> None:
    """The feed item's date, else the page's own, else the feed's."""
    document = RawDocument(SourceRef("a.html"), "text", published=page, title="T", outlet="O")
    entry = IndexEntry(
        "a.html", "u", title="Item", feed_title="Feed", published=item, feed_published=feed
    )
    changed = with_entry(document, entry)
    assert changed.published == expected
    assert (changed.url, changed.title, changed.outlet) == ("u", "T", "O")
