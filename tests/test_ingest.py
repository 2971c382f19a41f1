from __future__ import annotations

import codecs
import gzip
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

import tidings.ingest
import tidings.ingest.jsonl
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


def test_ingest_named_pipe_skipped_without_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    _write(tmp_path, "good.txt", GOOD.encode())
    real_open = Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        # Opening a pipe without a writer blocks for ever: fail instead of hanging.
        assert self != pipe, "the named pipe was opened"
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    for inputs in ([str(pipe)], [str(tmp_path)]):
        items = list(iter_inputs(inputs))
        errors = [i for i in items if isinstance(i, IngestError)]
        assert [(e.location, e.reason) for e in errors] == [
            (str(pipe), "not a regular file (a named pipe): skipped without reading it")
        ]
    (good, _) = iter_inputs([str(tmp_path)])
    assert isinstance(good, RawDocument) and good.text == GOOD


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_ingest_wide_unicode_with_bom_decoded(tmp_path: Path, codec: str) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[codec]
    text = "Caf\u00e9 owners in S\u00e3o Paulo protested on Sunday, police said.\n"
    line = json.dumps({"id": "w1", "text": text}, ensure_ascii=False) + "\n"
    for name, body in (("wide.txt", text), ("wide.jsonl", line)):
        (item,) = iter_inputs([_write(tmp_path, name, bom + body.encode(codec))])
        assert isinstance(item, RawDocument), item
        assert item.text == text


def test_ingest_wide_unicode_damaged_is_one_error(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "Troops crossed.".encode("utf-16-le") + b"\x00\xd8"
    location = _write(tmp_path, "bad16.txt", data)
    (error,) = iter_inputs([location])
    assert isinstance(error, IngestError) and error.location == location
    assert error.reason.startswith("not valid UTF-16: ")


def _lines(*objects: object) -> bytes:
    return b"".join(json.dumps(o).encode() + b"\n" for o in objects)


def test_ingest_jsonl_invalid_byte_fails_only_its_line(tmp_path: Path) -> None:
    good = _lines({"id": "a1", "text": GOOD.strip()})
    bad = b'{"id": "a2", "text": "Caf\xe9 owners protested."}\n'
    location = _write(tmp_path, "mixed.jsonl", good + bad + _lines({"id": "a3", "text": "Riots."}))
    first, error, last = iter_inputs([location])
    assert isinstance(first, RawDocument) and isinstance(last, RawDocument)
    assert (first.id, last.id, last.source.record) == ("a1", "a3", "line 3")
    assert isinstance(error, IngestError)
    assert (error.location, error.record) == (location, "line 2")
    assert error.reason == (
        "not valid UTF-8: byte 0xe9 at byte 25 of the line; re-encode it as UTF-8"
    )


def test_ingest_jsonl_lone_surrogate_fails_its_line(tmp_path: Path) -> None:
    data = b'{"id": "s1", "text": "Troops \\ud800 crossed."}\n' + _lines({"text": "Riots."})
    error, good = iter_inputs([_write(tmp_path, "sur.jsonl", data)])
    assert isinstance(error, IngestError) and isinstance(good, RawDocument)
    assert (error.record, error.reason) == ("line 1", "'text' holds a lone surrogate U+D800")


class _Pipe(io.RawIOBase):
    """Stdin fed by a pipe: readable in small pieces, never seekable."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(min(len(buffer), 1000))
        buffer[: len(chunk)] = chunk
        return len(chunk)


@pytest.mark.parametrize("how", ["file", "gzip", "stdin"])
def test_ingest_jsonl_streamed_past_the_size_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setattr(tidings.ingest, "MAX_BYTES", 1000)
    data = _lines(*({"id": f"n{i}", "text": f"{GOOD.strip()} ({i})"} for i in range(100)))
    assert len(data) > 10 * tidings.ingest.MAX_BYTES
    if how == "stdin":
        items = list(iter_inputs(["-"], stdin=io.BufferedReader(_Pipe(data))))
    else:
        body = gzip.compress(data) if how == "gzip" else data
        items = list(iter_inputs([_write(tmp_path, "big.jsonl", body)]))
    assert [i.id for i in items if isinstance(i, RawDocument)] == [f"n{i}" for i in range(100)]


def test_ingest_jsonl_overlong_line_is_one_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tidings.ingest.jsonl, "MAX_LINE_BYTES", 2**20)
    huge = {"id": "big", "text": "word " * (2**20 // 4)}
    data = _lines({"id": "a", "text": "Riots."}, huge, {"id": "b", "text": "Talks."})
    first, error, last = iter_inputs([_write(tmp_path, "long.jsonl", data)])
    assert isinstance(first, RawDocument) and isinstance(last, RawDocument) and last.id == "b"
    assert isinstance(error, IngestError)
    assert (error.record, error.reason) == ("line 2", "line longer than 1 MiB: skipped")


def test_ingest_jsonl_truncated_gzip_keeps_lines_before(tmp_path: Path) -> None:
    data = _lines(*({"id": f"n{i}", "text": f"Troops moved ({i}) " * 40} for i in range(200)))
    packed = gzip.compress(data)
    location = _write(tmp_path, "cut.jsonl.gz", packed[: len(packed) // 2])
    *documents, error = iter_inputs([location])
    assert 0 < len(documents) < 200 and all(isinstance(d, RawDocument) for d in documents)
    assert isinstance(error, IngestError) and error.location == location
    assert error.reason.startswith("damaged gzip data: ")


def _boom(*args: object, **kwargs: object) -> Any:
    raise RuntimeError("parser exploded\n  at depth 3")


def test_ingest_reader_library_exception_is_one_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", _boom)
    page = _write(tmp_path, "a.html", b"<html><body><p>Troops crossed.</p></body></html>")
    text = _write(tmp_path, "b.txt", GOOD.encode())
    error, document = iter_inputs([page, text])
    assert isinstance(document, RawDocument)
    assert isinstance(error, IngestError)
    assert (error.location, error.record) == (page, "")
    assert error.reason == "unreadable: RuntimeError: parser exploded at depth 3"


def test_ingest_feed_entry_exception_fails_that_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tidings.ingest.feeds as feeds

    real = feeds._entry

    def flaky(entry: Any, number: int, *args: Any) -> RawDocument:
        return _boom() if number == 2 else real(entry, number, *args)

    monkeypatch.setattr(feeds, "_entry", flaky)
    items = "".join(
        f"<item><title>T{n}</title><description>Troops moved {n}.</description></item>"
        for n in range(1, 4)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}'
    location = _write(tmp_path, "f.xml", (feed + "</channel></rss>").encode())
    first, error, last = iter_inputs([location])
    assert isinstance(first, RawDocument) and isinstance(last, RawDocument)
    assert isinstance(error, IngestError) and error.record == "entry 2"
    assert error.reason == "unreadable: RuntimeError: parser exploded at depth 3"
