"""Scale: tidings on every core and on Dask, against the parse ceiling, with memory and growth.

Every side runs as a fresh process (`tidings run ...`, or this script's own `ceiling` side), so
every side pays the same start-up (Python, imports, spawning workers, loading the model), and
a sampler reads the resident memory and CPU time of that process and all its descendants every
0.2 s (psutil when installed, else /proc).

Sections (each a ratio measured here on the same texts, absolute figures beside it):

  ceiling  tidings with its defaults (every available core) against the parse ceiling: the
           same cleaned texts split into one share per core, each share parsed by a spawned
           process that loads the same model (same pipes, batch size) and returns nothing.
  dask     Dask with 2 workers against 1 worker, and against the local engine on 2 processes;
           the driver's own CPU seconds beside each.
  memory   peak resident memory of each process (driver, workers) in the runs above, and the
           total of a default run.
  big      a generated corpus (bench/corpus.py, default 10,000 articles) end to end with the
           defaults: articles/s, events/s, store size on disk; then the same run killed at
           half its time and resumed: the resumed run's time, and the store checked whole.
  growth   time and peak memory of default runs on 1k, 5k and 10k articles (--sizes).

    python bench/scale.py --n 240 --big 10000 --sizes 1000,5000,10000
    python bench/scale.py --n 60 --big 300 --sizes 100,200,300 --only ceiling,dask   # a quick look
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import os
import platform
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate, write_jsonl

from tidings.config import Settings, available_cores

SECTIONS = ("ceiling", "dask", "big", "growth")
_TICKS = os.sysconf("SC_CLK_TCK")


# -- sampling a process tree ----------------------------------------------------------------


def _proc_table() -> dict[int, tuple[int, float, int]]:
    """pid -> (parent pid, own CPU seconds, resident bytes), read from /proc."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
            with open(f"/proc/{entry}/statm") as handle:
                pages = int(handle.read().split()[1])
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / _TICKS
        found[int(entry)] = (int(fields[1]), cpu, pages * os.sysconf("SC_PAGE_SIZE"))
    return found


def _psutil_table(root: int) -> dict[int, tuple[int, float, int]]:
    import psutil

    found = {}
    with contextlib.suppress(psutil.Error):
        parent = psutil.Process(root)
        for proc in [parent, *parent.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):
                times = proc.cpu_times()
                found[proc.pid] = (proc.ppid(), times.user + times.system, proc.memory_info().rss)
    return found


@dataclass
class Sample:
    """What a process tree used: each process's peak memory and CPU, the total's peak."""

    peak: dict[int, int] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)
    depth: dict[int, int] = field(default_factory=dict)
    peak_total: int = 0

    def driver(self, root: int) -> tuple[int, float]:
        return self.peak.get(root, 0), self.cpu.get(root, 0.0)

    def workers(self) -> list[int]:
        """Peak memory of the processes that parsed: the deepest ones (a local pool's workers
        are the driver's children; a Dask worker is a child of its nanny)."""
        deepest = max(self.depth.values(), default=0)
        return sorted(
            (self.peak[p] for p, d in self.depth.items() if d == deepest and d), reverse=True
        )


class Sampler(threading.Thread):
    def __init__(self, root: int, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.sample = Sample()
        self.done = threading.Event()
        try:
            import psutil  # noqa: F401

            self.read = lambda: _psutil_table(root)
        except ImportError:
            self.read = _proc_table

    def run(self) -> None:
        while not self.done.is_set():
            table = self.read()
            tree = {self.root: 0}
            grew = True
            while grew:
                grew = False
                for pid, (ppid, _, _) in table.items():
                    if pid not in tree and ppid in tree:
                        tree[pid] = tree[ppid] + 1
                        grew = True
            total = 0
            for pid, depth in tree.items():
                if pid not in table:
                    continue
                _, cpu, rss = table[pid]
                total += rss
                self.sample.peak[pid] = max(self.sample.peak.get(pid, 0), rss)
                self.sample.cpu[pid] = cpu
                self.sample.depth[pid] = depth
            self.sample.peak_total = max(self.sample.peak_total, total)
            self.done.wait(self.interval)


@dataclass
class Run:
    seconds: float
    code: int
    sample: Sample
    pid: int
    stdout: str = ""

    def figures(self) -> dict[str, Any]:
        driver_mem, driver_cpu = self.sample.driver(self.pid)
        return {
            "seconds": round(self.seconds, 2),
            "exit": self.code,
            "driver_cpu_s": round(driver_cpu, 2),
            "driver_peak_mb": _mb(driver_mem),
            "worker_peak_mb": [_mb(m) for m in self.sample.workers()],
            "total_peak_mb": _mb(self.sample.peak_total),
        }


def _mb(n: int) -> float:
    return round(n / 2**20, 1)


def measured(command: Sequence[str], kill_after: float | None = None) -> Run:
    """Run a command as a fresh process tree, sampled; kill the tree after `kill_after` s."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        list(command),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    sampler = Sampler(proc.pid)
    sampler.start()
    try:
        out, _ = proc.communicate(timeout=kill_after)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # what a killed run's workers left
    return Run(seconds, proc.returncode, sampler.sample, proc.pid, out)


def tidings_run(corpus: Path, db: Path, *options: str, kill_after: float | None = None) -> Run:
    for path in db.parent.glob(db.name + "*"):
        if path.is_dir():
            import shutil

            shutil.rmtree(path)
        else:
            path.unlink()
    command = [sys.executable, "-m", "tidings", "run", str(corpus), "--db", str(db), "-q"]
    return measured([*command, *options], kill_after)


def store_figures(db: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        sources = con.execute("SELECT count(*) FROM sources").fetchone()[0]
        doubled = con.execute(
            "SELECT count(*) FROM (SELECT id FROM articles GROUP BY id HAVING count(*) > 1)"
        ).fetchone()[0]
    finally:
        con.close()
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*") if p.is_file())
    return {
        "articles": articles,
        "events": events,
        "sources": sources,
        "articles_stored_twice": doubled,
        "store_mb": _mb(size),
    }


# -- the parse ceiling ----------------------------------------------------------------------

_nlp: Any = None


def _load(settings: Settings) -> None:
    global _nlp
    from tidings import nlp as nlp_stage

    _nlp = nlp_stage.load(settings)


def _parse_share(texts: list[str]) -> None:
    from tidings import nlp as nlp_stage

    for _ in nlp_stage.parse(_nlp, texts, 32):
        pass


def ceiling_side(corpus: Path, processes: int) -> None:
    """The ceiling, run as its own process: the corpus's cleaned texts, one share a process,
    each process loading the model and parsing its share, returning nothing."""
    from tidings.clean import clean
    from tidings.ingest import iter_inputs
    from tidings.lexicons import load_lexicons
    from tidings.models import RawDocument

    bp = load_lexicons().boilerplate
    texts = [clean(d, bp).text for d in iter_inputs([str(corpus)]) if isinstance(d, RawDocument)]
    shares = [texts[i::processes] for i in range(processes)]
    settings = Settings(processes=processes)
    with mp.get_context("spawn").Pool(processes, _load, (settings,)) as pool:
        pool.map(_parse_share, shares, chunksize=1)


def ceiling_time(corpus: Path, processes: int) -> Run:
    """The ceiling's time, without the driver's own cleaning of the texts (measured apart)."""
    script = Path(__file__).resolve()
    return measured([sys.executable, str(script), "--ceiling-side", str(corpus), str(processes)])


# -- sections -------------------------------------------------------------------------------


def _corpus(folder: Path, n: int) -> Path:
    path = folder / f"corpus-{n}.jsonl"
    if not path.exists():
        write_jsonl(generate(n), path)
    return path


def section_ceiling(folder: Path, n: int, repeat: int) -> dict[str, Any]:
    corpus = _corpus(folder, n)
    cores = available_cores()
    best: dict[str, Run] = {}
    for round_ in range(repeat):
        sides = ("ceiling", "tidings") if round_ % 2 == 0 else ("tidings", "ceiling")
        for side in sides:
            run = (
                ceiling_time(corpus, cores)
                if side == "ceiling"
                else tidings_run(corpus, folder / "ceiling.duckdb")
            )
            if side not in best or run.seconds < best[side].seconds:
                best[side] = run
    return {
        "articles": n,
        "processes": cores,
        "ceiling": best["ceiling"].figures(),
        "tidings_defaults": best["tidings"].figures(),
        "ratio": round(best["ceiling"].seconds / best["tidings"].seconds, 3),
        "target": 0.95,
    }


def section_dask(folder: Path, n: int) -> dict[str, Any]:
    corpus = _corpus(folder, n)
    db = folder / "dask.duckdb"
    one = tidings_run(corpus, db, "--engine", "dask", "--workers", "1")
    two = tidings_run(corpus, db, "--engine", "dask", "--workers", "2")
    local = tidings_run(corpus, folder / "local.duckdb", "--processes", "2")
    return {
        "articles": n,
        "dask_1_worker": one.figures(),
        "dask_2_workers": two.figures(),
        "local_2_processes": local.figures(),
        "speedup_2_vs_1": round(one.seconds / two.seconds, 3),
        "dask2_vs_local2": round(local.seconds / two.seconds, 3),
        "targets": {"speedup_2_vs_1": 1.7, "dask2_vs_local2": 0.9},
    }


def section_big(folder: Path, n: int) -> dict[str, Any]:
    corpus = _corpus(folder, n)
    db = folder / "big.duckdb"
    full = tidings_run(corpus, db)
    whole = store_figures(db)
    killed = tidings_run(corpus, db, kill_after=full.seconds / 2)
    halfway = store_figures(db)
    resumed = measured([sys.executable, "-m", "tidings", "run", str(corpus), "--db", str(db), "-q"])
    after = store_figures(db)
    return {
        "articles": n,
        "run": full.figures(),
        "articles_per_s": round(whole["articles"] / full.seconds, 2),
        "events_per_s": round(whole["events"] / full.seconds, 2),
        "store": whole,
        "killed_at_s": round(killed.seconds, 1),
        "stored_when_killed": halfway["articles"],
        "resumed": resumed.figures(),
        "store_after_resume": after,
        "same_as_uninterrupted": {k: after[k] for k in ("articles", "events", "sources")}
        == {k: whole[k] for k in ("articles", "events", "sources")},
    }


def section_growth(folder: Path, sizes: Sequence[int]) -> dict[str, Any]:
    rows = []
    for size in sizes:
        corpus = _corpus(folder, size)
        run = tidings_run(corpus, folder / "growth.duckdb")
        rows.append(
            {
                "articles": size,
                **run.figures(),
                "per_article_ms": round(1000 * run.seconds / size, 1),
            }
        )
    return {"runs": rows}


def machine() -> dict[str, Any]:
    return {
        "cpu": platform.processor() or platform.machine(),
        "available_cores": available_cores(),
        "machine_cores": os.cpu_count(),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=240, help="articles for ceiling and dask")
    parser.add_argument("--big", type=int, default=10_000, help="articles of the big run")
    parser.add_argument("--sizes", default="1000,5000,10000", help="articles of the growth runs")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of the ceiling section")
    parser.add_argument("--only", default=",".join(SECTIONS))
    parser.add_argument("--out", type=Path, help="write the figures as JSON here too")
    parser.add_argument(
        "--ceiling-side", nargs=2, metavar=("CORPUS", "PROCESSES"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.ceiling_side:
        ceiling_side(Path(args.ceiling_side[0]), int(args.ceiling_side[1]))
        return 0
    wanted = set(args.only.split(","))
    figures: dict[str, Any] = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="tidings-scale-") as tmp:
        folder = Path(tmp)
        if "ceiling" in wanted:
            figures["ceiling"] = section_ceiling(folder, args.n, args.repeat)
            print(json.dumps({"ceiling": figures["ceiling"]}, indent=1), flush=True)
        if "dask" in wanted:
            figures["dask"] = section_dask(folder, args.n)
            print(json.dumps({"dask": figures["dask"]}, indent=1), flush=True)
        if "big" in wanted:
            figures["big"] = section_big(folder, args.big)
            print(json.dumps({"big": figures["big"]}, indent=1), flush=True)
        if "growth" in wanted:
            figures["growth"] = section_growth(folder, [int(s) for s in args.sizes.split(",")])
            print(json.dumps({"growth": figures["growth"]}, indent=1), flush=True)
    figures["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
