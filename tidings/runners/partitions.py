"""Partitions of a corpus by bytes, for engines whose workers read their own inputs: small files
grouped, a big JSONL file cut at line starts, a big per-record gzip WARC at member starts.

Planning reads only what it must to cut: the first bytes of each big file (its format) and, for
a JSONL file, its newlines (each range must know the number of its first line); no text is
decoded or held.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tidings.errors import IngestError
from tidings.ingest import SNIFF_BYTES, expand, gunzip_head, sniff
from tidings.ingest.pieces import JSONL, WARC, Piece
from tidings.ingest.warc import member_starts

_SCAN = 1 << 20


@dataclass(frozen=True, slots=True)
class Part:
    """The pieces one task reads, processes and stores."""

    pieces: tuple[Piece, ...]

    @property
    def key(self) -> str:
        """A stable name: the same pieces always make the same key."""
        text = "\n".join(f"{p.path}|{p.start}|{p.end}|{p.index_errors}" for p in self.pieces)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def size(self) -> int:
        return sum((p.end if p.end is not None else p.size) - p.start for p in self.pieces)

    def split(self) -> list[Part]:
        """Smaller parts holding the same inputs: one a piece, or, for a part of one JSONL
        piece, one a line (a line is an input); [] for a part that is one input."""
        if len(self.pieces) > 1:
            return [Part((piece,)) for piece in self.pieces]
        lines = _line_pieces(self.pieces[0])
        return [Part((line,)) for line in lines] if len(lines) > 1 else []


@dataclass(frozen=True, slots=True)
class Plan:
    parts: tuple[Part, ...]
    errors: tuple[IngestError, ...]  # paths that name nothing (a glob matching no file)

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)

    def holds(self, articles: int) -> bool:
        """Whether the inputs hold `articles` articles at least (counting stops there): a
        file one, a JSONL file or range a line each, a WARC range one."""
        found = 0
        for part in self.parts:
            for piece in part.pieces:
                found += _articles_in(piece)
                if found >= articles:
                    return True
        return False


def _articles_in(piece: Piece) -> int:
    """1 for a file or a WARC range, the lines of a JSONL file or range."""
    path = Path(piece.path)
    if piece.kind != JSONL and (piece.is_range or _kind(path) != JSONL):
        return 1
    lines = 0
    with path.open("rb") as handle:
        handle.seek(piece.start)
        left = (piece.end if piece.end is not None else piece.size) - piece.start
        while left > 0 and (chunk := handle.read(min(_SCAN, left))):
            lines += chunk.count(b"\n")
            left -= len(chunk)
    return max(1, lines)


def _line_pieces(piece: Piece) -> list[Piece]:
    """A JSONL piece cut into one piece a line that is not blank ([] for a piece of another
    format); the first keeps the piece's duty to report its directory's index errors."""
    if piece.kind != JSONL and (piece.is_range or _kind(Path(piece.path)) != JSONL):
        return []
    end = piece.end if piece.end is not None else piece.size
    lines: list[Piece] = []
    with open(piece.path, "rb") as handle:
        handle.seek(piece.start)
        offset, number = piece.start, piece.first_line
        while offset < end and (line := handle.readline()):
            if line.strip():
                first = piece.index_errors and not lines
                stop = min(end, offset + len(line))
                at = f"line {number}"
                lines.append(Piece(piece.path, piece.size, offset, stop, JSONL, number, first, at))
            offset += len(line)
            number += 1
    return lines


def _kind(path: Path) -> str:
    """The format of a regular file, if it is one that splits (a named pipe is never opened:
    it would block; the worker that reads it refuses it by name)."""
    if not path.is_file():
        return ""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return ""
    kind = sniff(head, path.name.lower())
    if kind == "jsonl":
        return JSONL
    if kind == "gzip" and sniff(gunzip_head(head), "") == "warc":
        return WARC
    return ""


def jsonl_cuts(path: Path, every: int) -> Iterator[tuple[int, int]]:
    """(offset, line number) of the line starts where a JSONL file is cut: the first line start
    at or after each multiple of `every` bytes."""
    lines = 0  # newlines before `offset`
    offset = 0
    want = every
    with path.open("rb") as handle:
        while chunk := handle.read(_SCAN):
            at = 0
            while offset + len(chunk) > want - 1:
                found = chunk.find(b"\n", max(at, want - 1 - offset))
                if found < 0:
                    break
                lines += chunk.count(b"\n", at, found + 1)
                at = found + 1
                yield offset + at, lines + 1
                want = offset + at + every
            lines += chunk.count(b"\n", at)
            offset += len(chunk)


def _split(path: Path, size: int, kind: str, every: int, index_errors: bool) -> list[Piece]:
    name = str(path)
    if kind == JSONL:
        cuts = [(0, 1), *((o, n) for o, n in jsonl_cuts(path, every) if o < size)]
    else:
        with path.open("rb") as handle:
            starts = member_starts(handle, list(range(every, size, every)))
        cuts = [(0, 1), *((s, 1) for s in starts if s > 0)]
    if len(cuts) == 1:
        return [Piece(name, size, index_errors=index_errors)]
    ends = [c[0] for c in cuts[1:]] + [None]
    return [
        Piece(name, size, start, end, kind, first, index_errors=index_errors and i == 0)
        for i, ((start, first), end) in enumerate(zip(cuts, ends, strict=True))
    ]


def total_bytes(paths: Sequence[str]) -> int:
    """The size of the files the paths name."""
    return sum(p.stat().st_size for p in expand(paths) if isinstance(p, Path) and p.is_file())


def plan(paths: Sequence[str], target: int) -> Plan:
    """The parts of the inputs, about `target` bytes each, in input order."""
    errors: list[IngestError] = []
    parts: list[Part] = []
    current: list[Piece] = []
    held = 0
    directories: set[Path] = set()
    for found in expand(paths):
        if isinstance(found, IngestError):
            errors.append(found)
            continue
        first_in_directory = found.parent not in directories
        directories.add(found.parent)
        try:
            size = found.stat().st_size if found.is_file() else 0
        except OSError:
            size = 0
        kind = _kind(found) if size > target else ""
        pieces = (
            _split(found, size, kind, target, first_in_directory)
            if kind
            else [Piece(str(found), size, index_errors=first_in_directory)]
        )
        for piece in pieces:
            current.append(piece)
            held += (piece.end if piece.end is not None else piece.size) - piece.start
            if held >= target:
                parts.append(Part(tuple(current)))
                current, held = [], 0
    if current:
        parts.append(Part(tuple(current)))
    return Plan(tuple(parts), tuple(errors))
