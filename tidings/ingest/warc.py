"""WARC and WARC.gz web archives, streamed record by record (the only warcio import).

Only HTML responses (status 200) are articles; every other record is skipped and counted.
A damaged record (whatever warcio, the decompressor or the HTML extractor raise on it) becomes
an IngestError naming the file and the record's offset, and the reader picks up at the next
record it can find (when the stream can seek), so the records before and after a bad one are
never lost. A response without a target URI fails alone; bytes after the last whole record (a
truncated archive) and an archive without one HTML page are errors too, so that every archive
read is accounted for.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
import zlib
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, BinaryIO, cast

from tidings.errors import IngestError
from tidings.ingest.html import MAX_HTML_BYTES, read_html
from tidings.models import RawDocument

log = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 16
_RECORD_START = re.compile(rb"(?:^|\n)WARC/1\.[01]\r?\n")
_GZIP_MAGIC = b"\x1f\x8b\x08"


@dataclass
class WarcStats:
    """What one archive held (filled in while it is read)."""

    records: int = 0
    pages: int = 0
    skipped: int = 0
    errors: int = 0


def _charset(content_type: str) -> str:
    match = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type, re.I)
    return match.group(1) if match else ""


def _is_page(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode()
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return bool(status == "200" and content_type.split(";")[0].strip() in HTML_TYPES)


def _whole_headers(record: Any) -> bool:
    """Whether a record's headers give its type and a length (every WARC record's do)."""
    length = record.rec_headers.get_header("Content-Length") or ""
    return bool(record.rec_type) and length.strip().isdigit()


def _without_target(record: Any) -> bool:
    """A response with content but no WARC-Target-URI (one whose length is unreadable has no
    content here: the bytes that follow are reported as a malformed record)."""
    uri = record.rec_headers.get_header("WARC-Target-URI")
    return bool(record.rec_type == "response" and not uri and record.length)


def _drain(record: Any) -> int:
    """Read what is left of the record; the number of promised bytes that never came."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    return int(getattr(raw, "limit", 0) or 0)


def _drained(record: Any) -> str:
    """What is wrong with the rest of a record that is not read ("" when it is whole)."""
    try:
        missing = _drain(record)
    except Exception as exc:
        return " ".join(str(exc).split())[:200] or type(exc).__name__
    return f"{missing} bytes missing" if missing else ""


def _page(record: Any, location: str, where: str) -> Iterator[RawDocument]:
    try:
        data = record.content_stream().read(MAX_HTML_BYTES + 1)
        missing = _drain(record)
    except Exception as exc:
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise IngestError(location, f"unreadable WARC record content: {reason}", where) from None
    if missing:
        raise IngestError(location, f"truncated WARC record: {missing} bytes missing", where)
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    content_type = record.http_headers.get_header("Content-Type") or ""
    yield from read_html(data, location, url=uri, record=where, charset=_charset(content_type))


def _next_start(stream: BinaryIO, after: int, compressed: bool) -> int | None:
    """The offset of the first record start after `after`, found by scanning the bytes."""
    position = after + 1
    while True:
        stream.seek(position)
        window = stream.read(_CHUNK + 512)
        if not window:
            return None
        for start in _candidates(window, compressed):
            if _looks_like_record(window[start:], compressed):
                return position + start
        if len(window) <= _CHUNK:
            return None
        position += _CHUNK


def _candidates(window: bytes, compressed: bool) -> Iterator[int]:
    if compressed:
        start = window.find(_GZIP_MAGIC)
        while start != -1 and start < _CHUNK:
            yield start
            start = window.find(_GZIP_MAGIC, start + 1)
        return
    for match in _RECORD_START.finditer(window):
        if match.start() < _CHUNK:
            yield match.start() + (1 if window[match.start() : match.start() + 1] == b"\n" else 0)


def _looks_like_record(data: bytes, compressed: bool) -> bool:
    if compressed:
        try:
            data = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, 512)
        except zlib.error:
            return False
    return data.startswith(b"WARC/1.") and b"WARC-Type:" in data[:2048]


def _single_member(stream: BinaryIO, start: int) -> bool:
    """True for a gzip file that is one member for the whole archive (`gzip file.warc`),
    which warcio cannot walk record by record; per-record gzip (the WARC norm) is False."""
    stream.seek(start)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        while not inflater.eof:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            inflater.decompress(chunk, _CHUNK)
            while inflater.unconsumed_tail and not inflater.eof:
                inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        more = bool(inflater.unused_data) or bool(stream.read(1))
    except zlib.error:
        more = True  # damaged: let warcio report it where it breaks
    stream.seek(start)
    return not (inflater.eof and more)


@cache
def _archive_iterator() -> Any:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArcWarcRecordLoader

    class TolerantLoader(ArcWarcRecordLoader):  # type: ignore[misc]
        # warcio reads a response's HTTP headers only for http(s) targets, and raises an
        # AttributeError (ending the archive) when the record has no WARC-Target-URI at all:
        # read it as a record without HTTP headers, which `_records` reports on its own.
        def load_http_headers(self, rec_type: Any, uri: Any, stream: Any, length: Any) -> Any:
            return super().load_http_headers(rec_type, uri or "", stream, length)

    class QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
        # warcio writes straight to stderr when a record's length looks wrong; library code
        # must not print, and the record that then fails to parse is reported as an error.
        INC_RECORD = ""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.loader.__class__ = TolerantLoader

    return QuietArchiveIterator


def _buffered(stream: BinaryIO) -> io.BufferedReader:
    return io.BufferedReader(cast("io.RawIOBase", stream))


def member_starts(stream: BinaryIO, targets: list[int]) -> list[int]:
    """The first record start at or after each target offset of a per-record gzip WARC file
    (found in a small window of bytes, nothing decompressed but a record's first bytes), for
    splitting the archive between workers; [] for an archive that cannot be split (one gzip
    member for the whole file)."""
    if _single_member(stream, 0):
        return []
    found: list[int] = []
    for target in targets:
        start = _next_start(stream, target - 1, compressed=True)
        if start is None:
            break
        if not found or start > found[-1]:
            found.append(start)
    return found


def read_warc(
    stream: BinaryIO,
    location: str,
    stats: WarcStats | None = None,
    end: int | None = None,
) -> Iterator[RawDocument | IngestError]:
    """The article of every HTML response in a WARC (plain or gzip) stream, from where the
    stream stands; with `end`, only the records that start before that offset (one range of
    an archive split at member_starts: the checks of a whole archive are the last range's)."""
    stats = stats if stats is not None else WarcStats()
    whole = end is None and (not stream.seekable() or stream.tell() == 0)
    source: BinaryIO | gzip.GzipFile = stream
    resync = stream.seekable()
    if resync:
        start = stream.tell()
        compressed = stream.read(2) == b"\x1f\x8b"
        stream.seek(start)
        if compressed and _single_member(stream, start):
            # Offsets are then positions in the decompressed archive; there is no member
            # boundary to resume at, so a break ends the file.
            source, resync = gzip.GzipFile(fileobj=stream, mode="rb"), False
    else:
        # A pipe cannot be searched for the next record, and warcio cannot tell a one-member
        # gzip from a per-record one without seeking: decompress it ourselves (offsets are
        # then positions in the decompressed archive).
        buffered = stream if isinstance(stream, io.BufferedReader) else _buffered(stream)
        compressed = buffered.peek(2)[:2] == b"\x1f\x8b"
        source = gzip.GzipFile(fileobj=buffered, mode="rb") if compressed else buffered
    while True:
        records = _archive_iterator()(source)
        failed_at = yield from _records(records, location, stats, end)
        restart = None
        if resync and failed_at is not None:
            restart = _next_start(stream, failed_at, compressed)
        if restart is None or (end is not None and restart >= end):
            break
        log.info("%s: resuming at offset %d after a bad record", location, restart)
        stream.seek(restart)
    if failed_at is None and end is None:
        last = int(records.offset) if resync else None
        trailing = _trailing(stream if resync else source, last)
        if trailing:
            stats.errors += 1
            reason = f"truncated archive: {trailing} bytes after the last whole record"
            yield IngestError(location, reason, f"record at {last if last is not None else 'end'}")
    if whole and stats.pages == 0 and stats.errors == 0:
        yield IngestError(
            location,
            f"no HTML page in this archive: {stats.records} records, none an HTML response "
            "with status 200",
        )
    log.info(
        "%s: %d records, %d pages, %d skipped (not HTML responses), %d errors",
        location,
        stats.records,
        stats.pages,
        stats.skipped,
        stats.errors,
    )


def _trailing(stream: BinaryIO | gzip.GzipFile, end: int | None) -> int:
    """How many bytes that are not blank follow the last whole record: from `end` in a stream
    that can seek, else what is left to read. A damaged rest counts as one byte at least."""
    try:
        if end is not None:
            stream.seek(end)
        count = 0
        while chunk := stream.read(_CHUNK):
            count += len(chunk) if chunk.strip() or count else 0
        return count
    except Exception:
        return 1


def _records(
    records: Any, location: str, stats: WarcStats, end: int | None = None
) -> Generator[RawDocument | IngestError, None, int | None]:
    """Records until the archive ends or a record starts at `end` (returns None) or it breaks
    (returns the bad offset)."""
    headless = ""
    while True:
        try:
            record = next(records)
            if end is not None and int(records.offset) >= end:
                return None
        except StopIteration:
            if headless:
                # The archive ends inside a record's headers: what warcio read as its last one.
                stats.errors += 1
                reason = "truncated WARC record: the archive ends inside its headers"
                yield IngestError(location, reason, headless)
            return None
        except Exception as exc:
            # warcio has moved its offset to the end of the last good record: where this broke.
            offset = int(records.offset)
            stats.errors += 1
            reason = " ".join(str(exc).split())[:200] or type(exc).__name__
            yield IngestError(location, f"malformed WARC record: {reason}", f"record at {offset}")
            return offset
        stats.records += 1
        where = f"record at {records.offset}"
        headless = "" if _whole_headers(record) else where
        if _without_target(record):
            stats.errors += 1
            yield IngestError(location, "response record without a WARC-Target-URI", where)
            continue
        if not _is_page(record):
            stats.skipped += 1
            missing = _drained(record)
            if missing:
                stats.errors += 1
                yield IngestError(location, f"truncated WARC record: {missing}", where)
            continue
        try:
            yield from _page(record, location, where)
            stats.pages += 1
        except Exception as exc:
            stats.errors += 1
            yield IngestError.from_exception(location, exc, where)
