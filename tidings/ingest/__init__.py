"""Reading inputs: paths, directories, globs and stdin, each format chosen by its content."""

from __future__ import annotations

import glob
import gzip
import io
import logging
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from tidings.errors import IngestError
from tidings.ingest.feeds import read_feed
from tidings.ingest.html import read_html
from tidings.ingest.jsonl import read_jsonl
from tidings.ingest.text import decode_text
from tidings.ingest.warc import read_warc
from tidings.models import RawDocument, SourceRef

log = logging.getLogger(__name__)

Item = RawDocument | IngestError
MAX_BYTES = 64 * 1024 * 1024
SNIFF_BYTES = 4096
SKIPPED_SUFFIXES = {".duckdb", ".wal", ".pyc"}


def sniff(head: bytes, name: str) -> str:
    """The format of an input from its first bytes (the name only breaks ties)."""
    if head[:2] == b"\x1f\x8b":
        return "gzip"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if stripped.startswith(b"{"):
        return "jsonl"
    lowered = stripped[:2048].lower()
    is_xml = lowered.startswith((b"<?xml", b"<rss", b"<feed"))
    if is_xml and (b"<rss" in lowered or b"<feed" in lowered or b"<rdf" in lowered):
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lowered:
        return "html"
    if name.endswith((".html", ".htm")) and stripped.startswith(b"<"):
        return "html"
    return "text"


def expand(paths: Iterable[str]) -> Iterator[Path | IngestError]:
    """Files named by paths, directories (recursively, sorted) and glob patterns."""
    for raw in paths:
        if raw == "-":
            yield Path("-")
            continue
        matches = sorted(glob.glob(raw, recursive=True)) if glob.has_magic(raw) else [raw]
        if not matches:
            yield IngestError(raw, "no file matches this pattern")
        for match in matches:
            path = Path(match)
            if path.is_dir():
                yield from (
                    p
                    for p in sorted(path.rglob("*"))
                    if p.is_file()
                    and not p.name.startswith(".")
                    and p.suffix not in SKIPPED_SUFFIXES
                )
            elif path.exists():
                yield path
            else:
                yield IngestError(str(path), "no such file or directory")


def read_stream(stream: BinaryIO, location: str) -> Iterator[Item]:
    """Documents from an open binary stream (a file or stdin); web archives are streamed."""
    if stream.seekable():
        start = stream.tell()
        head = stream.read(SNIFF_BYTES)
        stream.seek(start)
    else:
        head = stream.read(SNIFF_BYTES)
        stream = io.BufferedReader(_Prefixed(head, stream))
    kind = sniff(head, location.lower())
    if kind == "warc" or (kind == "gzip" and sniff(_gunzip_head(head), "") == "warc"):
        # No size cap: an archive is read one record at a time.
        yield from _guarded(read_warc(stream, location))
        return
    if kind == "gzip":
        yield from _read_gzip(stream, location)
        return
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        yield IngestError(location, f"input larger than {MAX_BYTES // 2**20} MiB; split it")
        return
    yield from read_bytes(data, location)


def read_bytes(data: bytes, location: str) -> Iterator[Item]:
    kind = sniff(data[:4096], location.lower())
    if kind in ("gzip", "warc"):
        yield from read_stream(io.BytesIO(data), location)
        return
    if kind == "jsonl":
        try:
            text = decode_text(data, location)
        except IngestError as exc:
            yield exc
            return
        yield from read_jsonl(io.StringIO(text), location)
        return
    reader = _READERS.get(kind)
    if reader is None:
        yield IngestError(location, f"{kind} input is not supported")
        return
    yield from _guarded(reader(data, location))


class _Prefixed(io.RawIOBase):
    """A stream that gives back the bytes already read from it for sniffing, then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def _read_gzip(stream: BinaryIO, location: str) -> Iterator[Item]:
    """A gzip-compressed page, feed, JSONL or text file: the size cap applies decompressed."""
    try:
        with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
            data = unzipped.read(MAX_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield IngestError(location, f"damaged gzip data: {exc}")
        return
    if len(data) > MAX_BYTES:
        yield IngestError(location, f"decompressed input larger than {MAX_BYTES // 2**20} MiB")
        return
    yield from read_bytes(data, location)


def _guarded(items: Iterator[Item]) -> Iterator[Item]:
    try:
        yield from items
    except IngestError as exc:
        yield exc


def _read_plain(data: bytes, location: str) -> Iterator[Item]:
    yield RawDocument(source=SourceRef(location), text=decode_text(data, location))


def _read_html(data: bytes, location: str) -> Iterator[Item]:
    yield from read_html(data, location)


_READERS: dict[str, Callable[[bytes, str], Iterator[Item]]] = {
    "text": _read_plain,
    "html": _read_html,
    "feed": read_feed,
}


def iter_inputs(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document in the inputs, and every input that failed, in order."""
    for target in expand(paths):
        if isinstance(target, IngestError):
            yield target
            continue
        if str(target) == "-":
            if stdin is None:
                yield IngestError("-", "stdin is not available")
            else:
                yield from read_stream(stdin, "<stdin>")
            continue
        try:
            with target.open("rb") as handle:
                yield from read_stream(handle, str(target))
        except OSError as exc:
            yield IngestError(str(target), f"cannot read: {exc.strerror or exc}")
