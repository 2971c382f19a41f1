"""JSONL input: one object a line, {"id", "text", "date", "title"?, "url"?}."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date

from tidings.errors import IngestError
from tidings.models import RawDocument, SourceRef


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
    given_id = obj.get("id", "")
    return RawDocument(
        source=SourceRef(location, record),
        text=text,
        id=str(given_id) if given_id not in (None, "") else "",
        published=parse_date(obj.get("date"), location, record),
        title=str(obj.get("title") or ""),
        url=str(obj.get("url") or ""),
        outlet=str(obj.get("outlet") or ""),
    )


def read_jsonl(lines: Iterable[str], location: str) -> Iterator[RawDocument | IngestError]:
    """Each good line as a document, each bad one as the error naming it; none is skipped."""
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield parse_line(line, location, lineno)
        except IngestError as exc:
            yield exc
