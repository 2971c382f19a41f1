"""Plain-text articles (.txt, .md): decode strictly and refuse what is not text."""

from __future__ import annotations

from tidings.errors import IngestError
from tidings.models import RawDocument, SourceRef

_CONTROL_OK = {"\n", "\r", "\t", "\f"}


def decode_text(data: bytes, location: str, record: str = "") -> str:
    """UTF-8 text from bytes, or an IngestError that says what is wrong with them."""
    if not data.strip():
        raise IngestError(location, "empty input: no text to read", record)
    if b"\x00" in data[:8192]:
        raise IngestError(location, "binary data (NUL bytes), not a text article", record)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise IngestError(
            location,
            f"not valid UTF-8: byte 0x{bad} at offset {exc.start}; re-encode the file as UTF-8",
            record,
        ) from None
    sample = text[:4096]
    controls = sum(1 for ch in sample if ch < " " and ch not in _CONTROL_OK)
    if controls > max(8, len(sample) // 50):
        raise IngestError(location, "binary data (control characters), not a text article", record)
    return text


def read_text(data: bytes, location: str) -> RawDocument:
    return RawDocument(source=SourceRef(location), text=decode_text(data, location))
