"""Story clustering at scale: near-identical items against distinct ones, through the writer.

    python bench/clusters.py [--sizes 1000 2000 4000 8000] [--batch 256] [--repeat 1]

Each size N is written three times into a fresh DuckDB store by `StoreWriter.write`, in write
batches of --batch articles, each article with one event (so the merged events are kept in step
too), NLP left out (the records are built by hand):

- baseline: N distinct articles (unrelated random texts): every article is its own cluster;
- syndicated: N copies of one wire story, each with its own first line (one cluster of N);
- templated: N items of one feed template with a few words changed (one cluster of N).

Reported per size: seconds for each, similarity comparisons (StoryClusters.comparisons), the
ratio of each near-identical run to the baseline of the same size, and how the time grows when N
doubles (2.0 is linear; the quadratic clustering this replaces grew by about 3 per doubling).
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tidings import store
from tidings.models import (
    Actor,
    Article,
    ArticleRecord,
    Event,
    SourceRef,
    TimeRef,
    Trigger,
    content_hash,
)
from tidings.store.writer import StoreWriter

_WORD_LIST = (
    "army police minister talks border protest capital rebels convoy aid sanctions election "
    "court strike ceasefire troops village river harbour bridge council envoy summit treaty "
    "refugees drought budget union parliament governor mayor factory port airport railway"
)
WORDS = _WORD_LIST.split()
WIRE = (
    "Defence ministers of Lithuania, Latvia and Estonia asked NATO on Tuesday to station a "
    "permanent brigade of about 3,000 troops in the region, officials said, citing Russian "
    "exercises near their borders. The request was made at a meeting in Vilnius, where the "
    "ministers also agreed to buy air defence systems together and to share radar data. "
    "Russia called the proposal a provocation and said it would respond with measures of its "
    "own. NATO officials said the alliance would consider the request at its summit next year."
)
TEMPLATE = (
    "Weather service alert number {n}: heavy rain and strong winds are expected in the "
    "{a} district from Monday evening until Wednesday morning. Residents of {b} are advised "
    "to stay indoors, to keep away from rivers and to follow the instructions of the local "
    "emergency services. Schools in the district will stay closed on Tuesday, the regional "
    "council said in a statement."
)


def distinct(n: int, rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) + str(rng.randrange(1000)) for _ in range(80)) + f" {n}."


def syndicated(n: int, rng: random.Random) -> str:
    return f"{rng.choice(WORDS).upper()} {n} (Wire) - {rng.choice(WORDS)} update. {WIRE}"


def templated(n: int, rng: random.Random) -> str:
    return TEMPLATE.format(n=n, a=rng.choice(WORDS), b=rng.choice(WORDS))


def record(text: str, n: int) -> ArticleRecord:
    aid = content_hash(text)
    article = Article(aid, aid, text, published=date(2015, 7, 28), source=SourceRef(f"b{n}"))
    event = Event(
        id="e0",
        cameo="0234",
        cameo_label="appeal",
        plover="REQUEST",
        plover_mode="",
        plover_context="",
        quad_class=1,
        goldstein=3.0,
        source=Actor("Lithuania", "LTU", "LTU"),
        target=Actor("NATO", "IGOWSTNAT"),
        modality="asserted",
        date=TimeRef("on Tuesday", f"2015-07-{28 + n % 2}", source="sentence"),
        place=None,
        sentence=0,
        span=(0, 20),
        trigger=Trigger("asked", (10, 15)),
    )
    return ArticleRecord(article, events=(event,))


def timed(make: Callable[[int, random.Random], str], size: int, batch: int) -> tuple[float, int]:
    rng = random.Random(size)
    records = [record(make(n, rng), n) for n in range(size)]
    with tempfile.TemporaryDirectory() as tmp:
        con = store.connect(Path(tmp) / "bench.duckdb")
        writer = StoreWriter(con)
        start = time.perf_counter()
        for first in range(0, size, batch):
            writer.write(records[first : first + batch])
        seconds = time.perf_counter() - start
        comparisons = writer.clusters.comparisons
        con.close()
    return seconds, comparisons


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    timed(distinct, 200, args.batch)  # warm up: imports, DuckDB, the hash permutations
    kinds = {"baseline": distinct, "syndicated": syndicated, "templated": templated}
    previous: dict[str, float] = {}
    print(f"{'N':>6} {'kind':>11} {'seconds':>8} {'compared':>9} {'vs base':>8} {'x per 2N':>9}")
    for size in args.sizes:
        results = {
            kind: min(timed(make, size, args.batch) for _ in range(args.repeat))
            for kind, make in kinds.items()
        }
        base = results["baseline"][0]
        for kind, (seconds, compared) in results.items():
            growth = seconds / previous[kind] if kind in previous else float("nan")
            print(
                f"{size:>6} {kind:>11} {seconds:>8.2f} {compared:>9} {seconds / base:>8.2f} "
                f"{growth:>9.2f}"
            )
            previous[kind] = seconds


if __name__ == "__main__":
    main()
