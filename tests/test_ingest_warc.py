"""WARC and WARC.gz archives: streamed, HTML responses only, damage reported and survived."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path
from typing import BinaryIO

import pytest
from conftest import FIXTURES
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import tidings.ingest
from tidings.clean import clean
from tidings.errors import IngestError
from tidings.ingest import iter_inputs
from tidings.ingest.html import MAX_HTML_BYTES
from tidings.ingest.warc import WarcStats, read_warc
from tidings.lexicons import load_lexicons
from tidings.models import RawDocument

BOILERPLATE = load_lexicons().boilerplate
HTML_DEV = FIXTURES / "html-dev"
PAGES = sorted(HTML_DEV.glob("*.html"))


def _url(page: Path) -> str:
    expected = json.loads(page.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return str(expected["url"])


def _response(writer: WARCWriter, url: str, body: bytes, status: str, media: str) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", media)], protocol="HTTP/1.1")
    # A known length keeps warcio from spooling the payload to a temporary file it never closes.
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
    )
    writer.write_record(record)


def _archive(path: Path, compressed: bool, pages: list[Path] = PAGES) -> Path:
    """A crawl of the pages, with the records a real crawl has around them."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compressed)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for number, page in enumerate(pages):
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(_url(page), "request", http_headers=request)
            )
            _response(writer, _url(page), page.read_bytes(), "200 OK", "text/html; charset=utf-8")
            if number == 1:
                _response(writer, "https://x.test/logo.png", b"\x89PNG\r\n", "200 OK", "image/png")
                _response(
                    writer, "https://x.test/gone", b"<html></html>", "404 Not Found", "text/html"
                )
    return path


def _texts(items: list[RawDocument | IngestError]) -> list[str]:
    return [clean(i, BOILERPLATE).text for i in items if isinstance(i, RawDocument)]


@pytest.fixture(scope="module")
def page_texts() -> list[str]:
    return _texts(list(iter_inputs([str(p) for p in PAGES])))


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_ingest_warc_same_articles_as_the_pages(
    tmp_path: Path, name: str, page_texts: list[str]
) -> None:
    path = _archive(tmp_path / name, compressed=name.endswith(".gz"))
    items = list(iter_inputs([str(path)]))
    assert all(isinstance(i, RawDocument) for i in items), items
    documents = [i for i in items if isinstance(i, RawDocument)]
    assert _texts(list(documents)) == page_texts
    assert [d.url for d in documents] == [_url(p) for p in PAGES]
    assert all(d.source.location == str(path) for d in documents)
    assert all(d.source.record.startswith("record at ") for d in documents)
    assert len({d.source.record for d in documents}) == len(PAGES)


def test_ingest_warc_non_html_records_skipped_and_counted(tmp_path: Path) -> None:
    path = _archive(tmp_path / "crawl.warc.gz", compressed=True)
    stats = WarcStats()
    with path.open("rb") as handle:
        items = list(read_warc(handle, str(path), stats))
    assert len(items) == stats.pages == len(PAGES)
    # warcinfo + one request per page + the image and the 404 page.
    assert stats.skipped == 1 + len(PAGES) + 2 and stats.errors == 0
    assert stats.records == stats.pages + stats.skipped


@pytest.mark.parametrize(("name", "fraction"), [("cut.warc", 0.6), ("cut.warc.gz", 0.6)])
def test_ingest_warc_truncated_keeps_earlier_records(
    tmp_path: Path, name: str, fraction: float, page_texts: list[str]
) -> None:
    whole = _archive(tmp_path / f"whole-{name}", compressed=name.endswith(".gz")).read_bytes()
    path = tmp_path / name
    path.write_bytes(whole[: int(len(whole) * fraction)])
    items = list(iter_inputs([str(path)]))
    *documents, error = items
    assert isinstance(error, IngestError), items
    assert str(path) in str(error) and "record at " in str(error)
    assert "truncated" in str(error) or "malformed" in str(error)
    assert 0 < len(documents) < len(PAGES)
    assert _texts(documents) == page_texts[: len(documents)]


def _record(compressed: bool, page: Path) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    _response(writer, _url(page), page.read_bytes(), "200 OK", "text/html")
    return buffer.getvalue()


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize(
    "damage",
    [
        b"GARBAGE LINE ONE\r\nGARBAGE LINE TWO\r\n\r\n",
        b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 1x\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>"
        b"\r\n\r\n",
    ],
)
def test_ingest_warc_malformed_record_reported_then_continues(
    tmp_path: Path, compressed: bool, damage: bytes, page_texts: list[str]
) -> None:
    first, second, third = (_record(compressed, PAGES[n]) for n in (0, 2, 8))
    data = first + (gzip.compress(damage) if compressed else damage) + second + third
    path = tmp_path / ("mixed.warc.gz" if compressed else "mixed.warc")
    path.write_bytes(data)
    items = list(iter_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == [
        "RawDocument",
        "IngestError",
        "RawDocument",
        "RawDocument",
    ]
    error = items[1]
    assert str(path) in str(error) and "malformed WARC record" in str(error)
    offset = int(str(error).split("record at ")[1].split(")")[0])
    assert len(first) <= offset < len(data) - len(second) - len(third)
    assert _texts(items) == [page_texts[0], page_texts[2], page_texts[8]]


def test_ingest_warc_oversized_page_record_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        _response(writer, _url(PAGES[0]), PAGES[0].read_bytes(), "200 OK", "text/html")
        huge = b"<html><body>" + b"<p>filler words</p>" * (MAX_HTML_BYTES // 19 + 10)
        _response(writer, "https://x.test/huge", huge, "200 OK", "text/html")
        _response(writer, _url(PAGES[1]), PAGES[1].read_bytes(), "200 OK", "text/html")
    first, error, last = iter_inputs([str(path)])
    assert isinstance(first, RawDocument) and isinstance(last, RawDocument)
    assert isinstance(error, IngestError) and "MiB" in str(error) and "record at" in str(error)


class _Pipe(io.RawIOBase):
    """Stands in for stdin fed by a pipe: readable, not seekable."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(min(len(buffer), 1000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("kind", ["warc", "warc.gz", "single-gzip"])
def test_ingest_warc_streams_from_pipe_and_single_gzip(
    tmp_path: Path, kind: str, page_texts: list[str]
) -> None:
    path = _archive(tmp_path / f"crawl.{kind}", compressed=kind == "warc.gz")
    data = gzip.compress(path.read_bytes()) if kind == "single-gzip" else path.read_bytes()
    stdin: BinaryIO = io.BufferedReader(_Pipe(data))
    assert _texts(list(iter_inputs(["-"], stdin=stdin))) == page_texts
    path.write_bytes(data)
    assert _texts(list(iter_inputs([str(path)]))) == page_texts


def test_ingest_warc_not_capped_like_single_inputs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page_texts: list[str]
) -> None:
    path = _archive(tmp_path / "crawl.warc", compressed=False)
    monkeypatch.setattr(tidings.ingest, "MAX_BYTES", 100_000)
    assert path.stat().st_size > 100_000
    assert _texts(list(iter_inputs([str(path)]))) == page_texts
    (error,) = iter_inputs([str(PAGES[3])])
    assert isinstance(error, IngestError) and "larger than" in str(error)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.txt.gz", gzip.compress(b"Police detained dozens of protesters, witnesses said.\n")),
        ("lines.jsonl.gz", gzip.compress(b'{"id": "g1", "text": "Troops crossed the border."}\n')),
    ],
)
def test_ingest_warc_gzip_of_other_inputs_still_read(
    tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    (document,) = iter_inputs([str(path)])
    assert isinstance(document, RawDocument) and document.text.strip()
    path.write_bytes(data[: len(data) // 2])
    (error,) = iter_inputs([str(path)])
    assert isinstance(error, IngestError) and str(path) in str(error)


def _without_target(compressed: bool, page: Path) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    body = page.read_bytes()
    record = writer.create_warc_record(
        "https://x.test/",
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=headers,
    )
    record.rec_headers.remove_header("WARC-Target-URI")
    writer.write_record(record)
    return buffer.getvalue()


@pytest.mark.parametrize("compressed", [False, True])
def test_ingest_warc_response_without_target_uri_fails_alone(
    tmp_path: Path, compressed: bool, page_texts: list[str]
) -> None:
    first, second = (_record(compressed, PAGES[n]) for n in (0, 2))
    path = tmp_path / ("nouri.warc.gz" if compressed else "nouri.warc")
    path.write_bytes(first + _without_target(compressed, PAGES[1]) + second)
    before, error, after = iter_inputs([str(path)])
    assert isinstance(error, IngestError)
    assert (error.location, error.record, error.reason) == (
        str(path),
        f"record at {len(first)}",
        "response record without a WARC-Target-URI",
    )
    assert _texts([before, after]) == [page_texts[0], page_texts[2]]


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("extra", [10, 40])
def test_ingest_warc_cut_after_a_whole_record_is_reported(
    tmp_path: Path, compressed: bool, extra: int, page_texts: list[str]
) -> None:
    first, second = (_record(compressed, PAGES[n]) for n in (0, 2))
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(first + second[:extra])
    document, error = iter_inputs([str(path)])
    assert _texts([document]) == [page_texts[0]]
    assert isinstance(error, IngestError)
    assert (error.location, error.record) == (str(path), f"record at {len(first)}")
    assert error.reason.startswith(("truncated archive: ", "truncated WARC record: ")), error


@pytest.mark.parametrize("compressed", [False, True])
def test_ingest_warc_without_html_is_recorded(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("nohtml.warc.gz" if compressed else "nohtml.warc")
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compressed)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        _response(writer, "https://x.test/logo.png", b"\x89PNG\r\n", "200 OK", "image/png")
    (error,) = iter_inputs([str(path)])
    assert isinstance(error, IngestError)
    assert (error.location, error.record, error.reason) == (
        str(path),
        "",
        "no HTML page in this archive: 2 records, none an HTML response with status 200",
    )


def test_ingest_warc_extractor_exception_fails_that_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tidings.ingest.warc as warc

    real = warc.read_html

    def flaky(data: bytes, location: str, **kwargs: str) -> object:
        if kwargs["url"] == _url(PAGES[1]):
            raise RecursionError("maximum recursion depth exceeded")
        return real(data, location, **kwargs)

    monkeypatch.setattr(warc, "read_html", flaky)
    path = tmp_path / "three.warc.gz"
    path.write_bytes(b"".join(_record(True, PAGES[n]) for n in (0, 1, 2)))
    first, error, last = iter_inputs([str(path)])
    assert isinstance(first, RawDocument) and isinstance(last, RawDocument)
    assert isinstance(error, IngestError) and error.record.startswith("record at ")
    assert error.reason == "unreadable: RecursionError: maximum recursion depth exceeded"
