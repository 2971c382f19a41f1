from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tidings.errors import IngestError
from tidings.ingest import iter_inputs, sniff
from tidings.models import RawDocument

GOOD = "Police detained dozens of protesters in the capital on Sunday, witnesses said.\n"


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty input"),
        ("blank.txt", b"  \n\n ", "empty input"),
        (
            "latin1.txt",
            "Caf\u00e9 owners protested in S\u00e3o Paulo.".encode("latin-1"),
            "not valid UTF-8",
        ),
        ("junk.bin", bytes(range(256)) * 40, "binary data"),
        ("ctrl.txt", b"\x01\x02\x03\x04\x05\x06\x07\x08" * 200, "binary data"),
    ],
)
def test_ingest_bad_file_names_file_and_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    location = _write(tmp_path, name, data)
    items = list(iter_inputs([location]))
    assert len(items) == 1
    error = items[0]
    assert isinstance(error, IngestError)
    assert reason in str(error)
    assert location in str(error)


def test_ingest_missing_path_is_an_error_not_a_crash(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    (item,) = iter_inputs([missing])
    assert isinstance(item, IngestError)
    assert "no such file" in str(item) and missing in str(item)


def test_ingest_unreadable_file(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    (item,) = iter_inputs([str(link)])
    assert isinstance(item, IngestError)
    assert str(link) in str(item)


def test_ingest_jsonl_bad_line_named_and_others_kept(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": GOOD.strip(), "date": "2019-05-03", "title": "T"}),
        '{"id": "a2", "text": broken',
        '["not", "an", "object"]',
        '{"id": "a4", "text": ""}',
        json.dumps({"id": "a5", "text": GOOD.strip(), "date": "03/05/2019"}),
        json.dumps({"id": "a6", "text": GOOD.strip()}),
    ]
    location = _write(tmp_path, "feed.jsonl", "\n".join(lines).encode())
    items = list(iter_inputs([location]))
    assert [type(i).__name__ for i in items] == [
        "RawDocument",
        "IngestError",
        "IngestError",
        "IngestError",
        "IngestError",
        "RawDocument",
    ]
    first = items[0]
    assert isinstance(first, RawDocument)
    assert first.id == "a1" and first.title == "T" and str(first.published) == "2019-05-03"
    assert "line 2" in str(items[1]) and "malformed JSON" in str(items[1])
    assert "line 5" in str(items[4]) and "YYYY-MM-DD" in str(items[4])
    assert all(location in str(i) for i in items[1:5])


def test_ingest_directory_and_glob_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", "sub/c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(GOOD, encoding="utf-8")
    found = [i.source.location for i in iter_inputs([str(tmp_path)]) if isinstance(i, RawDocument)]
    assert [Path(f).name for f in found] == ["a.txt", "b.txt", "c.md"]
    globbed = list(iter_inputs([str(tmp_path / "*.txt")]))
    assert len(globbed) == 2
    (nothing,) = iter_inputs([str(tmp_path / "*.xml")])
    assert isinstance(nothing, IngestError)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b'{"id": 1}', "jsonl"),
        (b'\xef\xbb\xbf{"id": 1}', "jsonl"),
        (b"<!DOCTYPE html><html>", "html"),
        (b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        (b"WARC/1.0\r\n", "warc"),
        (gzip.compress(b"x")[:4], "gzip"),
        (b"Plain words here.", "text"),
    ],
)
def test_ingest_sniff_by_content(head: bytes, kind: str) -> None:
    assert sniff(head, "whatever.txt") == kind


def test_ingest_stdin_jsonl(tmp_path: Path) -> None:
    import io

    stream = io.BytesIO((json.dumps({"id": "s1", "text": GOOD.strip()}) + "\n").encode())
    (item,) = iter_inputs(["-"], stdin=stream)
    assert isinstance(item, RawDocument) and item.id == "s1"
    assert item.source.location == "<stdin>" and item.source.record == "line 1"
