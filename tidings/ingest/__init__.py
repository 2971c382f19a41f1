"""Reading inputs: paths, directories, globs and stdin, each format chosen by its content."""

from __future__ import annotations

import glob
import io
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from tidings.errors import IngestError
from tidings.ingest.jsonl import read_jsonl
from tidings.ingest.text import decode_text
from tidings.models import RawDocument, SourceRef

log = logging.getLogger(__name__)

Item = RawDocument | IngestError
MAX_BYTES = 64 * 1024 * 1024
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
    """Documents from an open binary stream (a file or stdin)."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        yield IngestError(location, f"input larger than {MAX_BYTES // 2**20} MiB; split it")
        return
    yield from read_bytes(data, location)


def read_bytes(data: bytes, location: str) -> Iterator[Item]:
    kind = sniff(data[:4096], location.lower())
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
    try:
        yield from reader(data, location)
    except IngestError as exc:
        yield exc


def _read_plain(data: bytes, location: str) -> Iterator[Item]:
    yield RawDocument(source=SourceRef(location), text=decode_text(data, location))


_READERS = {"text": _read_plain}


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
