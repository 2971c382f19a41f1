"""Reading inputs: paths, directories, globs and stdin, each format chosen by its content."""

from __future__ import annotations

import codecs
import glob
import gzip
import io
import logging
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

from tidings.errors import IngestError
from tidings.ingest.feeds import read_feed
from tidings.ingest.fetch_index import FetchIndex, read_index, with_entry
from tidings.ingest.html import read_html
from tidings.ingest.jsonl import read_jsonl_stream
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
    """Files named by paths, directories (recursively, sorted) and glob patterns.

    Inside a directory, hidden entries and the store's own files are left out; everything else
    that is not a directory is an input (a named pipe or a broken link is refused later, by name).
    """
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
                    if not p.is_dir()
                    and not p.name.startswith(".")
                    and p.suffix not in SKIPPED_SUFFIXES
                )
            elif path.exists() or path.is_symlink():
                yield path
            else:
                yield IngestError(str(path), "no such file or directory")


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def refusal(path: Path) -> str | None:
    """Why a path is not read (checked before it is opened: a named pipe would block), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if path.is_symlink():
            return "broken symbolic link: its target does not exist"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _NOT_REGULAR if test(mode)), "not a file")
    return f"not a regular file ({kind}): skipped without reading it"


# Byte-order marks of UTF-32 and UTF-16 (UTF-32 LE starts like UTF-16 LE: it is tested first).
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def wide_encoding(head: bytes) -> str | None:
    """The codec ("utf-16" or "utf-32") whose byte-order mark the bytes start with, if any."""
    return next((codec for bom, codec in _WIDE_BOMS if head.startswith(bom)), None)


def read_stream(stream: BinaryIO, location: str) -> Iterator[Item]:
    """Documents from an open binary stream (a file or stdin); web archives and JSONL are
    streamed, any other input is read whole up to MAX_BYTES."""
    if stream.seekable():
        start = stream.tell()
        head = stream.read(SNIFF_BYTES)
        stream.seek(start)
    else:
        head = stream.read(SNIFF_BYTES)
        stream = io.BufferedReader(_Prefixed(head, stream))
    kind = sniff(head, location.lower())
    if kind == "gzip":
        inner = sniff(gunzip_head(head), "")
        if inner == "warc":
            # No size cap: an archive is read one record at a time.
            yield from guarded(read_warc(stream, location), location)
        else:
            yield from _read_gzip(stream, inner, location)
        return
    if kind == "warc":
        yield from guarded(read_warc(stream, location), location)
        return
    if kind == "jsonl":
        yield from guarded(read_jsonl_stream(stream, location), location)
        return
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        yield IngestError(location, f"input larger than {MAX_BYTES // 2**20} MiB; split it")
        return
    yield from read_bytes(data, location)


def read_bytes(data: bytes, location: str) -> Iterator[Item]:
    """Documents from an input held in memory."""
    codec = wide_encoding(data[:4])
    if codec is not None:
        try:
            data = data.decode(codec).encode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"not valid {codec.upper()}: {exc.reason} at byte {exc.start}"
            yield IngestError(location, reason)
            return
    kind = sniff(data[:SNIFF_BYTES], location.lower())
    if kind in ("gzip", "warc", "jsonl"):
        yield from read_stream(io.BytesIO(data), location)
        return
    reader = _READERS.get(kind)
    if reader is None:
        yield IngestError(location, f"{kind} input is not supported")
        return
    yield from guarded(reader(data, location), location)


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


def gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
    except zlib.error:
        return b""


def _read_gzip(stream: BinaryIO, inner: str, location: str) -> Iterator[Item]:
    """A gzip-compressed JSONL file (streamed), or a page, feed or text file (the size cap
    applies decompressed); damaged data is a failure after the lines read before it."""
    with gzip.GzipFile(fileobj=stream, mode="rb") as unzipped:
        try:
            if inner == "jsonl":
                yield from read_jsonl_stream(cast("BinaryIO", unzipped), location)
                return
            data = unzipped.read(MAX_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            yield IngestError(location, f"damaged gzip data: {exc}")
            return
    if len(data) > MAX_BYTES:
        yield IngestError(location, f"decompressed input larger than {MAX_BYTES // 2**20} MiB")
        return
    yield from read_bytes(data, location)


def guarded(items: Iterator[Item], location: str) -> Iterator[Item]:
    """The items of a reader; whatever it raises ends that input as one error, never the run
    (the readers catch what one record raises themselves, so the records before are kept)."""
    try:
        yield from items
    except Exception as exc:
        yield IngestError.from_exception(location, exc)


def _read_plain(data: bytes, location: str) -> Iterator[Item]:
    yield RawDocument(source=SourceRef(location), text=decode_text(data, location))


def _read_html(data: bytes, location: str) -> Iterator[Item]:
    yield from read_html(data, location)


_READERS: dict[str, Callable[[bytes, str], Iterator[Item]]] = {
    "text": _read_plain,
    "html": _read_html,
    "feed": read_feed,
}


class Indexes:
    """The fetch index of each directory inputs come from, read once, and the documents of a
    file with what its index line says (its URL and dates; see fetch_index.py)."""

    def __init__(self) -> None:
        self._read: dict[Path, FetchIndex | None] = {}

    def errors(self, path: Path) -> tuple[IngestError, ...]:
        """The unreadable lines of the index beside path, the first time that index is seen."""
        directory = path.parent
        if directory in self._read:
            return ()
        index = self._read[directory] = read_index(directory)
        return index.errors if index is not None else ()

    def annotate(self, path: Path, items: Iterator[Item]) -> Iterator[Item]:
        index = self._read.get(path.parent)
        if index is None:
            yield from items
            return
        entry = index.entries.get(path.name)
        if entry is None:
            log.warning(
                "%s: not listed in the fetch index %s; read without the URL and date of a fetch",
                path,
                index.path,
            )
            yield from items
            return
        for item in items:
            yield with_entry(item, entry) if isinstance(item, RawDocument) else item


def iter_inputs(paths: Iterable[str], stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every document in the inputs, and every input that failed, in order: each input is
    accounted for by documents or errors, and nothing a reader raises escapes. A page saved by
    `tidings fetch` takes its URL and dates from the fetch index beside it."""
    indexes = Indexes()
    for target in expand(paths):
        if isinstance(target, IngestError):
            yield target
            continue
        if str(target) == "-":
            if stdin is None:
                yield IngestError("-", "stdin is not available")
            else:
                yield from guarded(read_stream(stdin, "<stdin>"), "<stdin>")
            continue
        yield from indexes.errors(target)
        yield from read_path(target, indexes)


def read_path(target: Path, indexes: Indexes) -> Iterator[Item]:
    """The documents of one file (with what its fetch index says), or why it cannot be read."""
    location = str(target)
    why = refusal(target)
    if why is not None:
        yield IngestError(location, why)
        return
    try:
        with target.open("rb") as handle:
            items = guarded(read_stream(handle, location), location)
            yield from indexes.annotate(target, items)
    except OSError as exc:
        yield IngestError(location, f"cannot read: {exc.strerror or exc}")
