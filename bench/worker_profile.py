"""Where a worker's time goes besides the parse: one process, the generated corpus, each stage
timed apart (start-up, pipeline construction, cleaning, the parse, the extraction components,
the rows), and a cProfile of everything but the parse.

    python bench/worker_profile.py --n 100            # the stage table
    python bench/worker_profile.py --n 100 --top 30   # and the 30 costliest functions

Times are this process's CPU seconds (a busy machine stretches the wall clock, not these);
with --top the profiled stages are slowed by the profiler, so read their figures without it.
The parse ceiling of bench/scale.py pays for the model's start-up and the parse only; every
other row of the table is what tidings adds in its workers.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from tidings.config import Settings
from tidings.models import Article, ArticleRecord, RawDocument, SourceRef


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100, help="generated articles (default 100)")
    parser.add_argument("--top", type=int, default=0, help="show the costliest functions")
    parser.add_argument("--sort", default="tottime", help="pstats order (default tottime)")
    args = parser.parse_args(argv)

    raws = [
        RawDocument(SourceRef("bench.jsonl", f"line {i + 1}"), a.text, published=a.published)
        for i, a in enumerate(generate(args.n))
    ]
    settings = Settings(processes=1)
    times: dict[str, float] = {}
    profile = cProfile.Profile()

    def timed(name: str, call, *more):  # type: ignore[no-untyped-def]
        start = time.process_time()
        if args.top:
            profile.enable()
        try:
            return call(*more)
        finally:
            if args.top:
                profile.disable()
            times[name] = times.get(name, 0.0) + time.process_time() - start

    from tidings import nlp as nlp_stage

    start = time.process_time()
    nlp = nlp_stage.load(settings)
    times["model load (in the ceiling)"] = time.process_time() - start

    from tidings.build import build_pipeline

    pipeline = timed("pipeline construction", build_pipeline, settings)
    articles = timed("cleaning", lambda: [pipeline.prepare(r) for r in raws])
    articles = [a for a in articles if isinstance(a, Article)]
    start = time.process_time()
    docs = list(nlp_stage.parse(nlp, (a.text for a in articles), settings.batch_size))
    times["parse (in the ceiling)"] = time.process_time() - start
    records = timed(
        "extraction components",
        lambda: [pipeline.extract(a, d) for a, d in zip(articles, docs, strict=True)],
    )
    assert all(isinstance(r, ArticleRecord) for r in records)
    from tidings.store.batch import batch_of

    timed("rows (Arrow batch)", batch_of, records, (), (), "bench")

    parse = times["parse (in the ceiling)"]
    total = sum(times.values())
    print(f"{args.n} articles, {sum(len(a.text) for a in articles):,} characters; CPU seconds")
    print(f"{'stage':34} {'seconds':>8} {'ms/article':>11} {'of parse':>9}")
    for name, seconds in times.items():
        per = 1000 * seconds / max(1, len(articles))
        print(f"{name:34} {seconds:8.2f} {per:11.1f} {seconds / parse:9.2f}")
    added = total - parse - times["model load (in the ceiling)"]
    print(f"{'added by tidings':34} {added:8.2f} {'':11} {added / parse:9.2f}")
    if args.top:
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
