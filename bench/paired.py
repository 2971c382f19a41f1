"""Paired throughput: bare spaCy parsing and tidings, timed chunk by chunk, back to back.

On a shared machine the host's speed drifts by 10-30 % within minutes, more than the difference
being measured, so whole runs timed one after the other (bench/throughput.py) can land on a fast
spell for one side and a slow one for the other. Here the corpus is cut into chunks of --chunk
articles; each chunk is parsed bare and then run through tidings (the side that goes first
alternating), both in this process with the same model object, so the two halves of a pair see the
same machine within a few seconds. The figure is the median over chunks of

    speed = bare parse time / tidings time

for tidings without a store (prepare, parse, every extract component, records) and with one
(those results written to a fresh DuckDB file by the store's writer in transactions of
settings.write_batch articles, as a corpus run writes them, each chunk charged its share of the
time), with the quartiles and the totals.

    python bench/paired.py --n 300 [--chunk 32] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate, write_jsonl
from throughput import TARGET, corpus_arguments

from tidings import nlp as nlp_stage
from tidings import store
from tidings.build import build_pipeline
from tidings.clean import clean
from tidings.config import Settings
from tidings.ingest import iter_inputs
from tidings.models import RawDocument
from tidings.pipeline.run import batched
from tidings.store.writer import StoreWriter


def measure(path: Path, settings: Settings, chunk: int) -> list[dict[str, float]]:
    """Seconds of each side for every chunk of the corpus, after one warm-up chunk."""
    raws = [d for d in iter_inputs([str(path)]) if isinstance(d, RawDocument)]
    pipeline = build_pipeline(settings)
    nlp = pipeline.nlp
    bp = pipeline.lexicons.boilerplate

    def parse(texts: list[str]) -> None:
        sum(len(doc) for doc in nlp_stage.parse(nlp, texts, settings.batch_size))

    with tempfile.TemporaryDirectory() as scratch:
        con = store.connect(Path(scratch) / "paired.duckdb")
        try:
            writer = StoreWriter(con)
            chunks = list(batched(raws, chunk))
            warm = chunks[0]
            parse([clean(d, bp).text for d in warm])
            writer.write(list(pipeline.pipe(warm)))
            rows: list[dict[str, float]] = []
            pending: list[tuple[dict[str, float], list[Any]]] = []
            last = len(chunks) - 1
            for number, part in enumerate(chunks):
                # The baseline parses exactly the texts tidings parses: the cleaned bodies.
                texts = [clean(d, bp).text for d in part]
                times: dict[str, float] = {}
                for side in ("parse", "tidings") if number % 2 else ("tidings", "parse"):
                    start = time.perf_counter()
                    if side == "parse":
                        parse(texts)
                    else:
                        results = list(pipeline.pipe(part))
                    times[side] = time.perf_counter() - start
                times["articles"] = len(part)
                rows.append(times)
                pending.append((times, results))
                if sum(len(r) for _, r in pending) >= settings.write_batch or number == last:
                    _store(writer, pending)
                    pending = []
        finally:
            con.close()
    return rows


def _store(writer: StoreWriter, pending: list[tuple[dict[str, float], list[Any]]]) -> None:
    """Write the pending chunks' results in one transaction, as a corpus run batches them
    (settings.write_batch articles), and charge each chunk its share of the time."""
    results = [r for _, chunk in pending for r in chunk]
    start = time.perf_counter()
    writer.write(results)
    seconds = time.perf_counter() - start
    for times, chunk in pending:
        times["store"] = seconds * len(chunk) / len(results)


def summary(rows: Sequence[dict[str, float]]) -> dict[str, Any]:
    def figures(ratios: list[float], parse: float, own: float) -> dict[str, float]:
        quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
        return {
            "median": round(statistics.median(ratios), 3),
            "q1": round(quartiles[0], 3),
            "q3": round(quartiles[-1], 3),
            "total": round(parse / own, 3),
        }

    parse = sum(r["parse"] for r in rows)
    tidings = sum(r["tidings"] for r in rows)
    stored = sum(r["tidings"] + r["store"] for r in rows)
    articles = sum(r["articles"] for r in rows)
    return {
        "chunks": len(rows),
        "articles": articles,
        "seconds": {
            "parse": round(parse, 2),
            "tidings": round(tidings, 2),
            "stored": round(stored, 2),
        },
        "ms_per_article": {
            "parse": round(1000 * parse / articles, 1),
            "tidings_over_parse": round(1000 * (tidings - parse) / articles, 1),
            "store": round(1000 * (stored - tidings) / articles, 1),
        },
        "no_store": figures([r["parse"] / r["tidings"] for r in rows], parse, tidings),
        "with_store": figures(
            [r["parse"] / (r["tidings"] + r["store"]) for r in rows], parse, stored
        ),
        "target": TARGET,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    corpus_arguments(parser)
    parser.add_argument("--chunk", type=int, default=32, help="articles per pair (default 32)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    settings = Settings(model=args.model, batch_size=args.batch_size, processes=1)
    with tempfile.TemporaryDirectory() as scratch:
        path = args.input
        if path is None:
            path = Path(scratch) / "corpus.jsonl"
            write_jsonl(generate(args.n, args.seed), path)
        figures = summary(measure(path, settings, args.chunk))
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    for name in ("no_store", "with_store"):
        f = figures[name]
        print(
            f"tidings {name.replace('_', ' ')}: speed {f['median']:.3f} of bare parsing "
            f"(median of {figures['chunks']} chunks; quartiles {f['q1']:.3f}-{f['q3']:.3f}; "
            f"totals {f['total']:.3f})"
        )
    per = figures["ms_per_article"]
    print(
        f"bare parse {per['parse']} ms/article; tidings adds {per['tidings_over_parse']} ms, "
        f"the store {per['store']} ms (target: speed >= {TARGET})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
