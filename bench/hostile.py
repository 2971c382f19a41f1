"""Hostile inputs at full scale: the time and peak memory of `tidings run` on each class.

    python bench/hostile.py [--only NAME ...] [--json]

Each class is written to a scratch folder and run by `tidings run` in a child process of its own
(so that its peak resident memory is its own, read from the OS when it ends). The baseline, in
the same script, is the same command on one ordinary article: its peak is what loading Python,
spaCy, the model and the lexicons costs, and each class is reported against it (ratio and MB
above it), with the exit code and what the store holds afterwards.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ARTICLE = (
    "Police detained 40 protesters in the capital on Sunday, witnesses said. The interior "
    "ministry said the protest had not been authorised and that officers had acted lawfully.\n"
)
Writer = Callable[[Path], None]


def _baseline(folder: Path) -> None:
    (folder / "one.txt").write_text(ARTICLE, encoding="utf-8")


def _gzip_bomb(folder: Path) -> None:
    # 1 GiB of zeros in a few MB: a reader that inflates it whole runs out of memory.
    with gzip.open(folder / "bomb.jsonl.gz", "wb", compresslevel=9) as out:
        block = b"\0" * (1 << 20)
        for _ in range(1024):
            out.write(block)
    _baseline(folder)


def _huge_page(folder: Path) -> None:
    paragraph = "<p>" + ARTICLE * 4 + "</p>\n"
    body = paragraph * (50 * (1 << 20) // len(paragraph))
    (folder / "huge.html").write_text(
        f"<html><head><title>Huge</title></head><body><article>{body}</article></body></html>",
        encoding="utf-8",
    )


def _deep_nesting(folder: Path) -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + ARTICLE + "</div>" * depth + "</body></html>"
    (folder / "deep.html").write_text(page, encoding="utf-8")


def _entity_expansion(folder: Path) -> None:
    entities = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(entities)}]>'
        "<rss version='2.0'><channel><title>x</title><item><title>&a9;</title>"
        f"<description>{ARTICLE}</description></item></channel></rss>"
    )
    (folder / "lol.rss").write_text(feed, encoding="utf-8")


def _tiny_files(folder: Path) -> None:
    for n in range(5_000):
        (folder / f"tiny-{n:05}.txt").write_text(f"Note {n}.\n", encoding="utf-8")


def _templated_feed(folder: Path) -> None:
    items = "".join(
        f"<item><title>Protest {n}</title><link>https://x.test/{n}</link>"
        f"<description>{ARTICLE} Item {n}.</description></item>"
        for n in range(2_000)
    )
    (folder / "feed.rss").write_text(
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>t</title>{items}</channel></rss>",
        encoding="utf-8",
    )


def _big_jsonl(folder: Path) -> None:
    # ~100 MB: one article copied by 200,000 records (a re-export): read as a stream, parsed once.
    line = json.dumps({"text": ARTICLE * 2, "date": "2020-08-16"}) + "\n"
    with (folder / "big.jsonl").open("w", encoding="utf-8") as out:
        for _ in range(200_000):
            out.write(line)


CLASSES: dict[str, Writer] = {
    "baseline (one article)": _baseline,
    "gzip bomb (1 GiB inflated)": _gzip_bomb,
    "50 MB HTML page": _huge_page,
    "100k nested elements": _deep_nesting,
    "entity expansion (billion laughs)": _entity_expansion,
    "5,000 tiny files": _tiny_files,
    "feed of 2,000 near-identical items": _templated_feed,
    "JSONL of 200,000 copies (100 MB)": _big_jsonl,
}


def run_class(name: str, write: Writer, scratch: Path) -> dict[str, object]:
    folder = scratch / name.split()[0]
    folder.mkdir()
    write(folder)
    db = scratch / f"{folder.name}.duckdb"
    tidings = [sys.executable, "-m", "tidings", "run", str(folder), "--db", str(db), "-q"]
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run(tidings, capture_output=True, text=True, env=os.environ.copy())
    seconds = time.perf_counter() - start
    # ru_maxrss of the children is the largest child so far: each class runs after a smaller one.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "class": name,
        "seconds": round(seconds, 1),
        "peak_mb": round(max(peak, before) / 1024, 1),
        "exit": done.returncode,
        "summary": (done.stdout.strip().splitlines() or [""])[0][:90],
        "traceback": "Traceback" in done.stderr,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="run only classes whose name starts so")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    chosen = {
        k: v for k, v in CLASSES.items() if not args.only or any(k.startswith(o) for o in args.only)
    }
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for name in chosen:
            # A fresh interpreter per class keeps ru_maxrss per class (children's peak is a max).
            code = (
                "import json, sys; sys.path.insert(0, sys.argv[1]); import hostile; "
                "print(json.dumps(hostile.run_class(sys.argv[2], hostile.CLASSES[sys.argv[2]], "
                "__import__('pathlib').Path(sys.argv[3]))))"
            )
            out = subprocess.run(
                [sys.executable, "-c", code, str(Path(__file__).parent), name, scratch],
                capture_output=True,
                text=True,
                check=True,
            )
            rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = next((r for r in rows if str(r["class"]).startswith("baseline")), None)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        extra = ""
        if base is not None and row is not base:
            peak, floor = float(str(row["peak_mb"])), float(str(base["peak_mb"]))
            extra = f" ({peak / floor:.2f} x baseline, {peak - floor:+.0f} MB)"
        print(
            f"{row['class']:38} {row['seconds']:>7} s  peak {row['peak_mb']:>7} MB{extra}  "
            f"exit {row['exit']}{'  TRACEBACK' if row['traceback'] else ''}  {row['summary']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
