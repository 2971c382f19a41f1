"""The Dask engine on a real local cluster: the same store as the local engine, through a killed
worker and a killed driver; shards loaded by `tidings load`, refused from another schema."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import GOOD_TEXTS, store_snapshot
from tidings.config import Settings
from tidings.corpus import run_corpus

distributed = pytest.importorskip("distributed")

# Small partitions, so that the little corpus makes several.
PART_BYTES = 5000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo articles, a JSONL file of short reports with one malformed line, and a file
    that is no article at all."""
    root = tmp_path_factory.mktemp("dask-corpus")
    shutil.copytree(Path(str(resources.files("tidings") / "demo")), root / "demo")
    lines = [
        json.dumps({"id": name, "text": text, "date": "2021-05-0" + str(i + 1)})
        for i, (name, text) in enumerate(GOOD_TEXTS.items())
    ]
    lines.insert(2, '{"id": "broken", "text": ')
    (root / "reports.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"   \n")
    return root


@pytest.fixture(scope="module")
def local_store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    summary = run_corpus([str(corpus)], Settings(db_path=db, processes=1))
    assert summary.failures == 2
    return store_snapshot(db)


def dask_settings(db: Path, **more: Any) -> Settings:
    return Settings(db_path=db, engine="dask", partition_bytes=PART_BYTES, **more)


@pytest.fixture(scope="module")
def kept_shards(
    corpus: Path, local_store: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A Dask run on a local cluster of two workers, its shards kept; checked against the local
    engine's store."""
    db = tmp_path_factory.mktemp("dask") / "dask.duckdb"
    notes: list[str] = []
    summary = run_corpus(
        [str(corpus)], dask_settings(db, workers=2, keep_shards=True), notice=notes.append
    )
    assert (summary.engine, summary.workers, summary.failures) == ("dask", 2, 2)
    assert notes and "dashboard" in notes[0].lower()
    assert store_snapshot(db) == local_store
    return Path(f"{db}.shards")


def test_runners_dask_stores_what_the_local_engine_stores(kept_shards: Path) -> None:
    assert sorted(p.name for p in kept_shards.glob("*.manifest.json"))


@pytest.fixture
def cluster() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as local,
        Client(local) as client,
    ):
        yield client


class KillOnce(distributed.WorkerPlugin):  # type: ignore[misc]
    """A worker plugin: the first worker to start a tidings task dies on the spot (once: a
    marker file says it happened)."""

    name = "kill-once"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and "tidings-part" in str(key):
            try:
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return
            os._exit(1)


def test_runners_dask_survives_a_killed_worker(
    corpus: Path, local_store: dict[str, Any], cluster: Any, tmp_path: Path
) -> None:
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    marker = tmp_path / "killed"
    cluster.register_plugin(KillOnce(str(marker)))
    db = tmp_path / "dask.duckdb"
    summary = run_corpus([str(corpus)], dask_settings(db, scheduler=cluster.scheduler.address))
    assert marker.exists()
    assert summary.failures == 2
    assert store_snapshot(db) == local_store


CRASH = "CRASH-THIS-WORKER"


def test_runners_dask_splits_a_crashing_partition_down_to_the_input(
    corpus: Path, tmp_path: Path
) -> None:
    """One JSONL line kills every worker that processes it (Settings.crash_on): its partition,
    then its file, fail twice each and are split, down to that line, which is recorded as failed
    with its reason; every other input is stored, once, as the local engine stores it."""
    root = tmp_path / "corpus"
    shutil.copytree(corpus, root)
    reference = tmp_path / "local.duckdb"
    run_corpus([str(root)], Settings(db_path=reference, processes=1))
    expected = store_snapshot(reference)
    reports = root / "reports.jsonl"
    bad_line = len(reports.read_text(encoding="utf-8").splitlines()) + 1
    bad = {
        "id": "bad",
        "text": f"Troops crossed the border on Monday. {CRASH}",
        "date": "2021-05-09",
    }
    with reports.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(bad) + "\n")
    db = tmp_path / "dask.duckdb"
    summary = run_corpus([str(root)], dask_settings(db, workers=2, crash_on=CRASH))
    found = store_snapshot(db)
    failed = [row for row in found["failures"] if row[1] == f"line {bad_line}"]
    assert len(failed) == 1
    location, _, stage, reason = failed[0]
    assert (location, stage) == (str(reports), "engine")
    assert reason.startswith("KilledWorker: the worker process died each time")
    expected["failures"] = sorted([*expected["failures"], failed[0]], key=repr)
    failure_source = (str(reports), f"line {bad_line}", None, "failure", None)
    expected["sources"] = sorted([*expected["sources"], failure_source], key=repr)
    assert set(found["sources"]) == set(expected["sources"]), set(found["sources"]) ^ set(
        expected["sources"]
    )
    assert found == expected
    assert summary.failures == 3


COPY = "Troops and police sealed the border crossing near Rafah on Thursday, officials said."


def _twice_copied(root: Path) -> tuple[Path, Path]:
    """Two JSONL files: the first long (several parts' worth, slow to process) and opening
    with an article, the second short and holding a copy of it (another date and id), so that
    the second file's part is done first."""
    root.mkdir()
    texts = list(GOOD_TEXTS.values())
    first = [{"id": "first", "text": COPY, "date": "2021-05-01"}]
    for i in range(90):
        story = " ".join(texts[(i + k) % len(texts)] for k in range(4 + i % 5))
        first.append({"id": f"a{i}", "text": f"Story {i}. {story}", "date": "2021-05-02"})
    a, b = root / "a.jsonl", root / "b.jsonl"
    a.write_text("".join(json.dumps(line) + "\n" for line in first), encoding="utf-8")
    copy = {"id": "second", "text": COPY, "date": "2021-06-01"}
    b.write_text(json.dumps(copy) + "\n", encoding="utf-8")
    return a, b


@pytest.mark.parametrize(
    "more",
    [{"processes": 2, "batch_size": 4}, {"engine": "dask", "workers": 2}],
    ids=["local", "dask"],
)
def test_runners_dask_first_copy_in_input_order_is_the_article(
    more: dict[str, Any], tmp_path: Path
) -> None:
    """Of two copies of a text in different parts, the one first in input order becomes the
    article (its date, its id), whichever part is done first: the store is the store of one
    process reading the inputs in order."""
    a, b = _twice_copied(tmp_path / "in")
    paths = [str(a), str(b)]
    one = tmp_path / "one.duckdb"
    run_corpus(paths, Settings(db_path=one, processes=1))
    db = tmp_path / "many.duckdb"
    run_corpus(paths, Settings(db_path=db, partition_bytes=a.stat().st_size, **more))
    found = store_snapshot(db)
    assert found == store_snapshot(one)
    statuses = {(row[0], row[1]): row[3] for row in found["sources"]}
    assert statuses[(str(a), "line 1")] == "article"
    assert statuses[(str(b), "line 1")] == "duplicate"


DYING_DRIVER = """
import os, sys
from tidings.store import writer

stored = []
original = writer.StoreWriter._sources

def dying(self, *args):
    found = original(self, *args)
    stored.append(1)
    if len(stored) == {after}:
        os._exit(9)  # mid-transaction: this shard's load is never committed
    return found

writer.StoreWriter._sources = dying
from tidings.cli import app
app(sys.argv[1:])
"""


def _tidings(args: list[str], after: int = 0) -> subprocess.CompletedProcess[str]:
    """The CLI in a process of its own (and its own session, whose leftovers are killed)."""
    code = textwrap.dedent(DYING_DRIVER.format(after=after)) if after else None
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "tidings"]
    proc = subprocess.Popen(
        [*command, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=600)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # the local cluster's workers, if any are left
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def test_runners_dask_resumes_after_a_killed_driver(
    corpus: Path, local_store: dict[str, Any], tmp_path: Path
) -> None:
    db = tmp_path / "dask.duckdb"
    args = ["run", str(corpus), "--db", str(db), "--engine", "dask", "--workers", "2", "-q"]
    args += ["--partition-bytes", str(PART_BYTES)]
    killed = _tidings(args, after=3)
    assert killed.returncode == 9, killed.stderr
    assert list(Path(f"{db}.shards").glob("*.manifest.json")), "no shard was left to resume"
    again = _tidings(args)
    assert again.returncode == 1, again.stderr
    assert store_snapshot(db) == local_store
    assert not Path(f"{db}.shards").exists()


def test_runners_dask_load_stores_shards_written_elsewhere(
    kept_shards: Path, local_store: dict[str, Any], tmp_path: Path
) -> None:
    from tidings.cli import app

    db = tmp_path / "loaded.duckdb"
    for _ in range(2):  # loading twice changes nothing
        result = CliRunner().invoke(
            app, ["load", str(kept_shards), "--db", str(db), "--keep-shards"]
        )
        assert result.exit_code == 1, result.output  # the corpus's two failures
    assert store_snapshot(db) == local_store


def test_runners_dask_load_refuses_another_schema(kept_shards: Path, tmp_path: Path) -> None:
    from tidings.cli import app

    shards = tmp_path / "old"
    shutil.copytree(kept_shards, shards)
    manifest = next(shards.glob("*.manifest.json"))
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps({**data, "schema": "0004_older"}))
    db = tmp_path / "x.duckdb"
    result = CliRunner().invoke(app, ["load", str(shards), "--db", str(db)])
    assert result.exit_code == 2
    assert "0004_older" in result.output and len(result.output.strip().splitlines()) == 1
    assert not db.exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--engine", "dask", "-p", "2"], "--processes"),
        (["--workers", "2"], "Dask engine"),
        (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"], "--workers"),
        (["--engine", "dask", "-"], "stdin"),
        (["--engine", "spark"], "local or dask"),
    ],
)
def test_runners_dask_wrong_options_are_usage_errors(
    args: list[str], words: str, corpus: Path, tmp_path: Path
) -> None:
    from tidings.cli import app

    db = tmp_path / "x.duckdb"
    paths = [] if "-" in args else [str(corpus)]
    result = CliRunner().invoke(app, ["run", *paths, "--db", str(db), *args])
    assert result.exit_code == 2, result.output
    assert words in result.output and len(result.output.strip().splitlines()) == 1
    assert not db.exists()
