"""Pieces of inputs for workers that read for themselves: a whole file, or a byte range of a
big one (JSONL cut at line starts, per-record gzip WARC at member starts). A piece reads to
exactly the documents and errors its range holds in a whole read, named the same way (a JSONL
range knows the number of its first line; WARC offsets are the file's), so an input split
between workers is stored as if one process had read it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from tidings.errors import IngestError
from tidings.ingest import Indexes, Item, guarded, read_path
from tidings.ingest.jsonl import read_jsonl_stream
from tidings.ingest.warc import read_warc

JSONL = "jsonl"
WARC = "warc"


@dataclass(frozen=True, slots=True)
class Piece:
    """A file, or bytes [start, end) of it (end None: to its end) in a format that splits."""

    path: str
    size: int
    start: int = 0
    end: int | None = None
    kind: str = ""  # JSONL or WARC for a range; "" for a whole file
    first_line: int = 1  # a JSONL range: the number of its first line in the file
    # The first piece from a directory reports the unreadable lines of its fetch index.
    index_errors: bool = True
    # The record a range holds when it holds one ("line 7": a JSONL file cut line by line).
    record: str = ""

    @property
    def is_range(self) -> bool:
        return bool(self.kind)

    @property
    def label(self) -> str:
        """The record a failure of the whole piece is stored under ("" for a whole file)."""
        if not self.is_range:
            return ""
        if self.record:
            return self.record
        return f"bytes {self.start}-{self.end if self.end is not None else self.size}"


class _Window(io.RawIOBase):
    """The bytes of a file up to an offset."""

    def __init__(self, handle: BinaryIO, end: int | None) -> None:
        self._handle = handle
        self._left = None if end is None else max(0, end - handle.tell())

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        size = len(view) if self._left is None else min(len(view), self._left)
        data = self._handle.read(size)
        view[: len(data)] = data
        if self._left is not None:
            self._left -= len(data)
        return len(data)


def _read_range(piece: Piece) -> Iterator[Item]:
    location = piece.path
    try:
        with open(piece.path, "rb") as handle:
            handle.seek(piece.start)
            if piece.kind == JSONL:
                window = io.BufferedReader(_Window(handle, piece.end), 1 << 20)
                stream = cast("BinaryIO", window)
                yield from guarded(read_jsonl_stream(stream, location, piece.first_line), location)
            else:
                yield from guarded(read_warc(handle, location, end=piece.end), location)
    except OSError as exc:
        yield IngestError(location, f"cannot read: {exc.strerror or exc}", piece.label)


def read_pieces(pieces: Iterable[Piece]) -> Iterator[Item]:
    """Every document and error of the pieces, in order."""
    indexes = Indexes()
    for piece in pieces:
        target = Path(piece.path)
        errors = indexes.errors(target)
        if piece.index_errors:
            yield from errors
        if piece.is_range:
            yield from _read_range(piece)
        else:
            yield from read_path(target, indexes)
