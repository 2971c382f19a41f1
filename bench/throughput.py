"""Throughput: tidings against bare spaCy parsing, on the same texts, model, pipes and batches.

Three runs over one corpus, each warmed up first and repeated --repeat times (best time kept):

  parse    the baseline: tidings.nlp.load(settings) (the model with the pipes tidings enables),
           nlp.pipe over the cleaned article bodies, every Doc consumed;
  extract  tidings.corpus.extract_records: read the JSONL file, clean, parse, every extract
           component, records built;
  run      tidings.corpus.run_corpus: the same, stored into a fresh DuckDB file.

With --processes N > 1 all three run in a pool of N spawned workers that each load the model, so
every side pays the same process start-up. Then profiled single-process runs (CPU time, best of
--repeat per stage) split the cost into read, clean, prepare, parse, pipeline bookkeeping, each
extract component of the default pipeline as it is at run time, and store.

    python bench/throughput.py --n 300 [--processes 2] [--repeat 3] [--json]
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import multiprocessing as mp
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEFAULT_SEED, generate, write_jsonl

from tidings import nlp as nlp_stage
from tidings import store
from tidings.build import build_pipeline
from tidings.clean import clean
from tidings.config import Settings
from tidings.corpus import extract_records, run_corpus
from tidings.ingest import iter_inputs
from tidings.lexicons import load_lexicons
from tidings.models import Article, ArticleRecord, Failure, RawDocument
from tidings.pipeline.run import batched
from tidings.store.writer import StoreWriter

TARGET = 0.85
WARMUP_ARTICLES = 16
_worker_nlp: Any = None


def _init_parser(settings: Settings) -> None:
    global _worker_nlp
    _worker_nlp = nlp_stage.load(settings)


def _parse_batch(texts: list[str]) -> int:
    return sum(len(doc) for doc in nlp_stage.parse(_worker_nlp, texts, len(texts)))


@dataclass
class Side:
    """One measured run: its best time over the repeats, and what it produced."""

    name: str
    label: str
    times: list[float] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)
    failures: int = 0
    error: str = ""

    @property
    def seconds(self) -> float:
        return min(self.times)

    @property
    def cpu_seconds(self) -> float:
        return min(self.cpu_times)


@dataclass(frozen=True, slots=True)
class Corpus:
    path: Path
    texts: tuple[str, ...]  # the cleaned bodies: exactly what tidings parses
    words: int

    @property
    def articles(self) -> int:
        return len(self.texts)


def load_corpus(path: Path) -> Corpus:
    bp = load_lexicons().boilerplate
    articles = [clean(d, bp) for d in iter_inputs([str(path)]) if isinstance(d, RawDocument)]
    texts = tuple(a.text for a in articles)
    return Corpus(path, texts, sum(len(t.split()) for t in texts))


def run_parse(texts: Sequence[str], settings: Settings) -> int:
    """The baseline: bare spaCy over the texts, in the same kind of pool as the local runner.
    Returns the failures, as the other runs do: none, bare parsing has no failure path."""
    if settings.processes == 1:
        nlp = nlp_stage.load(settings)
        sum(len(doc) for doc in nlp_stage.parse(nlp, texts, settings.batch_size))
        return 0
    context = mp.get_context("spawn")
    with context.Pool(settings.processes, _init_parser, (settings,)) as pool:
        sum(pool.imap(_parse_batch, batched(texts, settings.batch_size)))
    return 0


def run_extract(path: Path, settings: Settings) -> int:
    return sum(isinstance(r, Failure) for r in extract_records([str(path)], settings))


def run_store(path: Path, settings: Settings) -> int:
    if settings.db_path.exists():
        settings.db_path.unlink()
    return run_corpus([str(path)], settings).failures


def cpu_clock() -> float:
    """CPU seconds of this process and of its finished children (the pool workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(work: Callable[[], int]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, result) of one run."""
    gc.collect()
    start, cpu = time.perf_counter(), cpu_clock()
    result = work()
    return time.perf_counter() - start, cpu_clock() - cpu, result


def measure(corpus: Corpus, settings: Settings, repeat: int, scratch: Path) -> list[Side]:
    """Warm every side up in this process, then time them in turn, `repeat` rounds."""
    warm = scratch / "warmup.jsonl"
    warm.write_text("".join(corpus.path.open(encoding="utf-8").readlines()[:WARMUP_ARTICLES]))
    single = settings.with_(processes=1)
    run_parse(corpus.texts[:WARMUP_ARTICLES], single)
    run_extract(warm, single)
    run_store(warm, single.with_(db_path=scratch / "warmup.duckdb"))
    sides = [
        Side("parse", "spaCy parse (baseline)"),
        Side("extract", "tidings, no store"),
        Side("run", "tidings → DuckDB"),
    ]
    jobs: dict[str, Callable[[], int]] = {
        "parse": lambda: run_parse(corpus.texts, settings),
        "extract": lambda: run_extract(corpus.path, settings),
        "run": lambda: run_store(corpus.path, settings.with_(db_path=scratch / "run.duckdb")),
    }
    for round_number in range(repeat):
        # Each round starts with a different side, so that a machine speeding up or slowing
        # down over the run does not always favour the side that runs last.
        shift = round_number % len(sides)
        for side in (s for s in sides[shift:] + sides[:shift] if not s.error):
            try:
                seconds, cpu, side.failures = timed(jobs[side.name])
            except Exception as exc:  # a crashed run is a result to report, not the end
                side.error = f"{type(exc).__name__}: {exc}"
                continue
            side.times.append(seconds)
            side.cpu_times.append(cpu)
    return sides


# The profile counts CPU time, not wall time, so that other work on a shared machine does not
# land in whichever stage happened to be running.
clock = time.process_time


class TimedComponent:
    """Wraps an extract component (or any one-argument step), adding up its CPU time."""

    def __init__(self, inner: Any, name: str = ""):
        self.inner = inner
        self.name: str = name or inner.name
        self.requires: tuple[str, ...] = getattr(inner, "requires", ())
        self.assigns: tuple[str, ...] = getattr(inner, "assigns", ())
        self.seconds = 0.0

    def __call__(self, item: Any) -> Any:
        start = clock()
        try:
            return self.inner(item)
        finally:
            self.seconds += clock() - start


class TimedNlp:
    """Stands in for the pipeline's spaCy Language, timing the Docs its pipe() yields."""

    def __init__(self, nlp: Any):
        self.nlp = nlp
        self.seconds = 0.0

    def pipe(self, texts: Iterable[str], **options: Any) -> Iterator[Any]:
        docs = iter(self.nlp.pipe(texts, **options))
        while True:
            start = clock()
            doc = next(docs, None)
            self.seconds += clock() - start
            if doc is None:
                return
            yield doc


def _store_all(results: list[ArticleRecord | Failure], settings: Settings, db: Path) -> None:
    """What run_corpus does around the pipeline: look up known ids, write the batches."""
    con = store.connect(db)
    try:
        writer = StoreWriter(con)
        for chunk in batched(results, settings.batch_size * 4):
            writer.known_articles(r.article.id for r in chunk if isinstance(r, ArticleRecord))
        # run_corpus writes one transaction per settings.write_batch results: so does this.
        for batch in batched(results, settings.write_batch):
            writer.write(batch)
    finally:
        con.close()


Stages = list[tuple[str, float]]


def profile(corpus: Corpus, settings: Settings, db: Path) -> tuple[Stages, list[Failure]]:
    """CPU seconds per stage of one single-process run, components timed in a real Pipeline."""
    settings = settings.with_(processes=1)
    stages: Stages = []
    start = clock()
    raw = list(iter_inputs([str(corpus.path)]))
    stages.append(("read JSONL", clock() - start))
    bp = load_lexicons(settings.lexicons).boilerplate
    start = clock()
    articles: list[Article] = [clean(d, bp) for d in raw if isinstance(d, RawDocument)]
    stages.append(("clean", clock() - start))
    start = clock()
    pipeline = build_pipeline(settings)
    stages.append(("build Pipeline (model cached, components)", clock() - start))
    components = [TimedComponent(c) for c in pipeline.components]
    nlp, prepare = TimedNlp(pipeline.nlp), TimedComponent(pipeline.prepare, "prepare")
    pipeline.components = list(components)
    pipeline.nlp = nlp  # type: ignore[assignment]  # a timing stand-in for the Language
    pipeline.prepare = prepare  # type: ignore[method-assign, assignment]  # this instance only
    gc.collect()
    start = clock()
    results = list(pipeline.pipe(articles))
    piped = clock() - start
    inside = nlp.seconds + prepare.seconds + sum(c.seconds for c in components)
    stages.append(("pipeline: prepare (checks, language id)", prepare.seconds))
    stages.append(("parse (spaCy)", nlp.seconds))
    stages.append(("pipeline: sentences, token index, records", piped - inside))
    stages.extend((f"component: {c.name}", c.seconds) for c in components)
    start = clock()
    _store_all(results, settings, db)
    stages.append(("store (DuckDB)", clock() - start))
    return stages, [r for r in results if isinstance(r, Failure)]


def _run_figures(side: Side, base: Side, corpus: Corpus) -> dict[str, Any]:
    if not side.times:
        return {"label": side.label, "error": side.error}
    return {
        "label": side.label,
        "seconds": round(side.seconds, 3),
        "all_seconds": [round(t, 3) for t in side.times],
        "articles_per_s": round(corpus.articles / side.seconds, 2),
        "words_per_s": round(corpus.words / side.seconds),
        "speed_vs_parse": round(base.seconds / side.seconds, 3),
        # Each round times the baseline and this run back to back, so a slow or fast spell of a
        # shared machine lands on both: the median of the rounds' ratios is the steadier figure.
        "paired_speed_vs_parse": round(
            statistics.median(b / s for b, s in zip(base.times, side.times, strict=False)), 3
        ),
        "cpu_seconds": round(side.cpu_seconds, 3),
        "all_cpu_seconds": [round(t, 3) for t in side.cpu_times],
        "cpu_speed_vs_parse": round(base.cpu_seconds / side.cpu_seconds, 3),
        "failures": side.failures,
        "error": side.error,
    }


def report(
    corpus: Corpus, settings: Settings, sides: list[Side], stages: Stages, failed: list[Failure]
) -> dict[str, Any]:
    total = sum(s for _, s in stages)
    parse = dict(stages)["parse (spaCy)"]
    return {
        "articles": corpus.articles,
        "words": corpus.words,
        "model": settings.model,
        "batch_size": settings.batch_size,
        "processes": settings.processes,
        "cpus": os.cpu_count(),
        "repeat": len(sides[0].times),
        "runs": {s.name: _run_figures(s, sides[0], corpus) for s in sides},
        "target_speed_vs_parse": TARGET,
        "profile": {
            "clock": "CPU seconds (time.process_time), single process",
            "seconds": round(total, 3),
            "rest_over_parse": round((total - parse) / parse, 3),
            "implied_speed_vs_parse": round(parse / total, 3),
            "failures": len(failed),
            "failure_examples": sorted({f"{f.stage}: {f.error}" for f in failed})[:5],
            "stages": [
                {
                    "stage": name,
                    "seconds": round(sec, 4),
                    "share": round(sec / total, 4),
                    "ms_per_article": round(1000 * sec / corpus.articles, 3),
                }
                for name, sec in stages
            ],
        },
    }


def _ratio(value: float, baseline: bool) -> str:
    if baseline:
        return f"{value:.3f}"
    return f"[{'green' if value >= TARGET else 'red'}]{value:.3f}[/]"


def print_tables(figures: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(Console().width, 110))
    title = (
        f"{figures['articles']} articles, {figures['words']:,} words · {figures['model']} · "
        f"batch {figures['batch_size']} · {figures['processes']} process(es) · "
        f"{figures['cpus']} CPUs · best of {figures['repeat']}"
    )
    runs = Table(title=title)
    columns = (
        "run",
        "wall s",
        "articles/s",
        "words/s",
        "speed",
        "paired",
        "CPU s",
        "CPU speed",
        "failed",
    )
    for column in columns:
        runs.add_column(column, justify="left" if column == "run" else "right")
    for name, run in figures["runs"].items():
        if "seconds" not in run:
            runs.add_row(run["label"], *[""] * 7, "[red]crashed[/]")
            continue
        runs.add_row(
            run["label"],
            f"{run['seconds']:.2f}",
            f"{run['articles_per_s']:.1f}",
            f"{run['words_per_s']:,}",
            _ratio(run["speed_vs_parse"], name == "parse"),
            _ratio(run["paired_speed_vs_parse"], name == "parse"),
            f"{run['cpu_seconds']:.2f}",
            _ratio(run["cpu_speed_vs_parse"], name == "parse"),
            str(run["failures"]),
        )
    console.print(runs)
    for run in figures["runs"].values():
        if run["error"]:
            console.print(f"[red]{run['label']} crashed: {run['error']}[/]")
    console.print(
        "speed = best baseline time / this run's best time (wall clock; CPU: own + workers); "
        "paired = median over rounds of baseline time / this run's time in the same round"
    )
    prof = figures["profile"]
    stages = Table(title="Where the time goes (CPU seconds, one process, best of each stage)")
    for column in ("stage", "CPU s", "share", "ms/article"):
        stages.add_column(column, justify="left" if column == "stage" else "right")
    for row in prof["stages"]:
        share, per_article = f"{100 * row['share']:.1f}%", f"{row['ms_per_article']:.2f}"
        stages.add_row(row["stage"], f"{row['seconds']:.3f}", share, per_article)
    stages.add_row("total", f"{prof['seconds']:.3f}", "100%", "", style="bold")
    console.print(stages)
    if prof["failures"]:
        console.print(
            f"[red]{prof['failures']} of {figures['articles']} articles failed: the components "
            "after the failing one did not run, so these figures are too low.[/]"
        )
        for example in prof["failure_examples"]:
            console.print(f"  [red]{example}[/]")
    console.print(
        f"everything but parsing costs {prof['rest_over_parse']:.3f} × the parse, "
        f"so speed ≤ {prof['implied_speed_vs_parse']:.3f} of bare parsing "
        f"(target: ≤ {1 / TARGET - 1:.3f} × the parse, speed ≥ {TARGET})"
    )


def corpus_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every throughput benchmark shares: which corpus, model and batch size."""
    defaults = Settings()
    parser.add_argument("--n", type=int, default=300, help="articles to generate (default 300)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="corpus seed")
    parser.add_argument("--input", type=Path, help="a JSONL corpus to use instead of generating")
    parser.add_argument("--batch-size", type=int, default=defaults.batch_size)
    parser.add_argument("--model", default=defaults.model)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    corpus_arguments(parser)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the best counts")
    parser.add_argument("--json", action="store_true", help="print all figures as one JSON object")
    parser.add_argument("--save", type=Path, help="also write the JSON figures to this file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    # A failing component would log a traceback per article; the report lists the failures.
    logging.getLogger("tidings.pipeline").setLevel(logging.CRITICAL)
    settings = Settings().with_(
        model=args.model, batch_size=args.batch_size, processes=args.processes
    )
    with tempfile.TemporaryDirectory(prefix="tidings-bench-") as tmp:
        scratch = Path(tmp)
        path = args.input
        if path is None:
            path = scratch / "corpus.jsonl"
            write_jsonl(generate(args.n, args.seed), path)
        corpus = load_corpus(path)
        sides = measure(corpus, settings, max(1, args.repeat), scratch)
        rounds = [
            profile(corpus, settings, scratch / f"profile-{i}.duckdb")
            for i in range(max(1, args.repeat))
        ]
    # Stage by stage, the best of the rounds, as for the runs.
    stages = [(name, min(dict(r).get(name, sec) for r, _ in rounds)) for name, sec in rounds[0][0]]
    figures = report(corpus, settings, sides, stages, rounds[0][1])
    if args.save:
        args.save.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_tables(figures)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
