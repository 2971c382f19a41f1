"""JSONL input: one object a line, {"id", "text", "date", "title"?, "url"?}.

A JSONL file (or stdin) is streamed line by line, whatever its size, and each line is decoded on
its own: an invalid byte, malformed JSON or a missing field fails that line only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import BinaryIO

from tidings.errors import IngestError
from tidings.models import RawDocument, SourceRef

# One line is one article: a line longer than this is refused (and skipped), not held in memory.
MAX_LINE_BYTES = 64 * 2**20
_READ = 1 << 20
_STRING_FIELDS = ("text", "title", "url", "outlet")


def parse_date(value: object, location: str, record: str) -> date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise IngestError(location, f"'date' must be a string YYYY-MM-DD, not {value!r}", record)
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise IngestError(location, f"'date' is not YYYY-MM-DD: {value!r}", record) from None


def parse_line(line: str, location: str, lineno: int) -> RawDocument:
    record = f"line {lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        reason = f"malformed JSON: {exc.msg} at column {exc.colno}"
        raise IngestError(location, reason, record) from None
    if not isinstance(obj, dict):
        raise IngestError(location, "each line must be a JSON object", record)
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(location, "missing or empty 'text'", record)
    for name in _STRING_FIELDS:
        _check_unicode(obj.get(name), name, location, record)
    given_id = obj.get("id", "")
    _check_unicode(str(given_id), "id", location, record)
    return RawDocument(
        source=SourceRef(location, record),
        text=text,
        id=str(given_id) if given_id not in (None, "") else "",
        published=parse_date(obj.get("date"), location, record),
        title=str(obj.get("title") or ""),
        url=str(obj.get("url") or ""),
        outlet=str(obj.get("outlet") or ""),
    )


def _check_unicode(value: object, name: str, location: str, record: str) -> None:
    """JSON escapes can make lone surrogates ("\\ud800"), which no store or file can hold."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = f"U+{ord(value[exc.start]):04X}"
            raise IngestError(location, f"'{name}' holds a lone surrogate {bad}", record) from None


def read_jsonl(lines: Iterable[str], location: str) -> Iterator[RawDocument | IngestError]:
    """Each good line as a document, each bad one as the error naming it; none is skipped."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield _parsed(line, location, lineno)


def _parsed(line: str, location: str, lineno: int) -> RawDocument | IngestError:
    try:
        return parse_line(line, location, lineno)
    except Exception as exc:
        return IngestError.from_exception(location, exc, f"line {lineno}")


def decode_line(data: bytes, location: str, lineno: int) -> str:
    """One line's text: UTF-8 (a byte-order mark on the first line is dropped)."""
    if lineno == 1 and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise IngestError(
            location,
            f"not valid UTF-8: byte 0x{bad} at byte {exc.start} of the line; re-encode it as UTF-8",
            f"line {lineno}",
        ) from None


def _lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """The stream's lines as bytes; None stands for a line over MAX_LINE_BYTES (skipped)."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(_READ)) and not rest.endswith(b"\n"):
                pass
            yield None
            continue
        yield line


def read_jsonl_stream(
    stream: BinaryIO, location: str, first_line: int = 1
) -> Iterator[RawDocument | IngestError]:
    """Every line of a binary JSONL stream, read and decoded one line at a time; lines are
    numbered from `first_line` (the number of the stream's first line in its file)."""
    for lineno, data in enumerate(_lines(stream), start=first_line):
        if data is None:
            limit = MAX_LINE_BYTES // 2**20
            yield IngestError(location, f"line longer than {limit} MiB: skipped", f"line {lineno}")
            continue
        if not data.strip():
            continue
        try:
            line = decode_line(data, location, lineno)
        except IngestError as exc:
            yield exc
            continue
        yield _parsed(line, location, lineno)
