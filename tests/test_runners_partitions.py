"""Partitions by bytes: a big JSONL file cut at line starts and a per-record gzip WARC at member
starts read to exactly what the whole file reads to, named the same way; small files grouped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import _page, _warc_records
from tidings.ingest import iter_inputs
from tidings.ingest.pieces import read_pieces
from tidings.runners.partitions import Part, plan


def _read(item: Any) -> tuple[str, str, str]:
    if hasattr(item, "text"):
        return ("document", str(item.source), item.text)
    return ("error", f"{item.location}:{item.record}", item.reason)


def _corpus(root: Path) -> Path:
    root.mkdir()
    lines = []
    for i in range(120):
        if i % 17 == 3:
            lines.append("")
        if i % 29 == 5:
            lines.append('{"id": "bad", "text": ')
            continue
        text = " ".join(["Officials met in Geneva on Monday."] * (1 + i % 9))
        lines.append(json.dumps({"id": str(i), "text": text, "date": "2021-03-01"}))
    (root / "big.jsonl").write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    records = [
        (f"https://x.test/{i}", _page(f"Story {i}", "Talks resumed." * (1 + i % 5)), "text/html")
        for i in range(30)
    ]
    (root / "big.warc.gz").write_bytes(b"".join(_warc_records(*records)))
    for i in range(6):
        (root / f"small-{i}.txt").write_text(f"Police detained {i} people on Sunday.\n")
    return root


@pytest.mark.parametrize("target", [700, 3000, 20_000, 10**9])
def test_runners_partitions_read_what_the_whole_files_read(tmp_path: Path, target: int) -> None:
    root = _corpus(tmp_path / "in")
    whole = [_read(item) for item in iter_inputs([str(root)])]
    parts = plan([str(root)], target).parts
    pieces = [p for part in parts for p in part.pieces]
    assert [_read(item) for part in parts for item in read_pieces(part.pieces)] == whole
    if target < 20_000:  # both big files were cut, the small ones grouped
        assert sum(p.kind == "jsonl" for p in pieces) > 2
        assert sum(p.kind == "warc" for p in pieces) > 2
        assert any(len(part.pieces) > 1 for part in parts)
    assert len({part.key for part in parts}) == len(parts)


def test_runners_partitions_count_articles_without_reading_them_all(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "in")
    small = plan([str(root / "small-1.txt"), str(root / "small-2.txt")], 700)
    assert not small.holds(3) and small.holds(2)
    big = plan([str(root / "big.jsonl")], 700)
    assert big.holds(110) and not big.holds(130)


@pytest.mark.parametrize("target", [700, 10**9])
def test_runners_partitions_split_down_to_single_lines(tmp_path: Path, target: int) -> None:
    """A failed part splits into its pieces, and a JSONL piece into its lines (blank ones left
    out), which read to what the part reads, each line named as the whole read names it; a
    piece of another format, or one line, splits no further."""
    root = _corpus(tmp_path / "in")
    for part in plan([str(root)], target).parts:
        singles = part.split() if len(part.pieces) > 1 else [part]
        assert [p.pieces for p in singles] == [(piece,) for piece in part.pieces]
        for single in singles:
            lines = [p.pieces[0] for p in single.split()]
            if not single.pieces[0].path.endswith(".jsonl"):
                assert lines == []
                continue
            assert len(lines) > 1 and all(Part((line,)).split() == [] for line in lines)
            got = [_read(item) for line in lines for item in read_pieces([line])]
            assert got == [_read(item) for item in read_pieces(single.pieces)]
            for line in lines:
                (item,) = read_pieces([line])
                assert _read(item)[1].endswith(f":{line.label}")
