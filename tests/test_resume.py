"""A run killed at random moments and started again ends with the store one clean run makes."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import store_snapshot

COUNTRIES = [
    ("Kenya", "Kenyan", "Nairobi"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"),
    ("Peru", "Peruvian", "Lima"),
    ("Chile", "Chilean", "Santiago"),
    ("Norway", "Norwegian", "Oslo"),
    ("Vietnam", "Vietnamese", "Hanoi"),
    ("Ghana", "Ghanaian", "Accra"),
    ("Canada", "Canadian", "Ottawa"),
    ("Poland", "Polish", "Warsaw"),
    ("Egypt", "Egyptian", "Cairo"),
]
ROLES = ["foreign minister", "defence minister", "president", "interior minister", "prime minister"]
NAMES = [
    "Amara Okoye",
    "Lucas Ferreira",
    "Mira Solberg",
    "Tran Van Minh",
    "Kofi Mensah",
    "Ana Ruiz",
    "Jonas Berg",
    "Leila Haddad",
    "Piotr Nowak",
    "Grace Mwangi",
]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week"]
LEADS = [
    "{A} accused {B} {day} of violating the border agreement.",
    "{A} signed a trade agreement with {B} {day}.",
    "{A} called on {B} {day} to release the detained journalists.",
    "{A} criticized {B} {day} over the arrests of opposition leaders.",
    "{A} threatened {day} to impose sanctions on {B}.",
    "{A} met with {B} {day} to discuss the water dispute.",
    "{A} praised {B} {day} for its help after the floods.",
    "{A} expelled two diplomats from {B} {day}.",
    "{A} sent troops to the border with {B} {day}.",
    "{A} rejected a proposal from {B} {day}.",
]
DETAILS = [
    "The talks in {city} lasted {n} hours, officials said.",
    "About {n} people gathered outside the ministry in {city}.",
    "{name}, the {dem} {role}, said the decision was final.",
    '"We will not accept this," {name} told reporters in {city}.',
    "The government said it had set aside {n} million dollars for the programme.",
    "Analysts in {city} said the move could raise tensions across the region.",
    "Police said {n} people were detained during protests in {city}.",
    "The {dem} parliament is expected to vote on the measure within {n} days.",
    "{name} is due to travel to {city} before the end of the month.",
    "Trade between the two countries fell by {n} percent last year.",
    "Opposition groups in {city} demanded an inquiry into the affair.",
    "The {dem} {role} warned that the dispute could reach the courts.",
    "Farmers near {city} have complained for years about the shortage of water.",
    "A spokesman for {name} declined to comment on the report.",
    "Some {n} soldiers remain stationed in the area, according to local media.",
    "Diplomats said a second round of talks could open in {city} in {n} weeks.",
]


def _article(rng: random.Random) -> str:
    (a, a_dem, _), (b, b_dem, b_city) = rng.sample(COUNTRIES, 2)
    lead = rng.choice(LEADS).format(
        A=rng.choice([a, f"The {a_dem} government"]), B=b, day=rng.choice(DAYS)
    )
    details = [
        d.format(
            city=rng.choice([b_city, rng.choice(COUNTRIES)[2]]),
            n=rng.randint(2, 900),
            name=rng.choice(NAMES),
            dem=rng.choice([a_dem, b_dem]),
            role=rng.choice(ROLES),
        )
        for d in rng.sample(DETAILS, rng.randint(5, 7))
    ]
    half = len(details) // 2
    return lead + " " + " ".join(details[:half]) + "\n\n" + " ".join(details[half:])


def write_corpus(folder: Path, seed: int = 11) -> int:
    """About forty small articles as text and JSONL files, with exact and near copies and a few
    bad inputs; returns the number of inputs."""
    rng = random.Random(seed)
    folder.mkdir()
    texts = [_article(rng) for _ in range(34)]
    inputs = 0
    for i, text in enumerate(texts[:24]):
        (folder / f"story-{i:02}.txt").write_text(text + "\n", encoding="utf-8")
        inputs += 1
    lines = [
        json.dumps({"id": f"feed-{i}", "text": t, "date": f"2021-03-{i + 1:02}"})
        for i, t in enumerate(texts[24:])
    ]
    (folder / "feed.jsonl").write_text("\n".join([*lines, '{"id": "bad", "text": oops}']) + "\n")
    inputs += len(lines) + 1
    for i in (1, 5, 9):  # exact copies: the same article, a second source
        (folder / f"copy-{i:02}.txt").write_text(texts[i] + "\n", encoding="utf-8")
    for i in (2, 6, 10, 14, 25):  # near copies: another lead, a credit line at the end
        rest = texts[i].split(". ", 1)[1]
        (folder / f"near-{i:02}.txt").write_text(
            f"{rng.choice(COUNTRIES)[2].upper()} (Wire) - Officials confirmed the news late in "
            f"the day. {rest}\n\n"
            f"Reporting by {rng.choice(NAMES)}; editing by {rng.choice(NAMES)}.\n",
            encoding="utf-8",
        )
    (folder / "empty.txt").write_text("")
    (folder / "binary.bin").write_bytes(bytes(range(256)) * 4)
    return inputs + 3 + 5 + 2


def _run(corpus: Path, db: Path, *options: str) -> subprocess.Popen[bytes]:
    """A `tidings run` whose log goes to DB.log (a file: a pipe left unread could stall it)."""
    command = [sys.executable, "-m", "tidings", "-v", "run", str(corpus), "--db", str(db), "-q"]
    command += options
    with db.with_suffix(".log").open("wb") as log:
        return subprocess.Popen(
            [*command, "--batch-size", "4", "--write-batch", "4"],
            stdout=subprocess.DEVNULL,
            stderr=log,
            # A shell that starts the tests in the background ignores SIGINT, and a child
            # inherits that: the run must hear the signal the test sends.
            preexec_fn=_hear_interrupts,
        )


def _hear_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _until_stored(proc: subprocess.Popen[bytes], db: Path, batches: int = 1) -> bool:
    """Wait until the run has stored `batches` batches (False if it ended before)."""
    log = db.with_suffix(".log")
    while log.read_bytes().count(b"stored a batch") < batches:
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    return True


def _articles(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM articles").fetchone()
        return int(row[0]) if row else 0
    finally:
        con.close()


def test_resume_killed_runs_end_with_the_store_of_one_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    inputs = write_corpus(corpus)
    clean_db = tmp_path / "clean.duckdb"
    start = time.monotonic()
    proc = _run(corpus, clean_db)
    assert _until_stored(proc, clean_db)
    first_write = time.monotonic() - start
    proc.wait(timeout=120)
    full = time.monotonic() - start
    assert proc.returncode == 1, clean_db.with_suffix(".log").read_text()  # failures recorded
    batches = clean_db.with_suffix(".log").read_text().count("stored a batch")
    batch_time = (full - first_write) / batches
    expected = store_snapshot(clean_db)
    assert len(expected["sources"]) == inputs
    statuses = {row[3] for row in expected["sources"]}
    assert statuses == {"article", "duplicate", "failure"}
    assert any(n > 1 for n in _cluster_sizes(expected)), "near copies cluster"

    db = tmp_path / "killed.duckdb"
    rng = random.Random(7)
    # The first kill falls anywhere in the first four fifths of a run (start-up, migrations,
    # parsing, writing); each other one after a random number of the batches left to store,
    # plus a random part of a batch's time, so it lands in parsing or in a write.
    kills: list[int] = []
    stored = [0]
    total = len(expected["articles"])
    for attempt in range(4):
        proc = _run(corpus, db)
        if attempt == 0:
            time.sleep(rng.uniform(0.5, 0.8 * full))
        else:
            left = int(batches * (1 - stored[-1] / total))
            if _until_stored(proc, db, rng.randint(1, max(1, left - 1))):
                time.sleep(rng.uniform(0.0, batch_time))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        kills.append(proc.returncode)
        stored.append(_articles(db) if db.exists() else 0)
    assert kills.count(-signal.SIGKILL) >= 3, kills
    assert any(0 < n < len(expected["articles"]) for n in stored), stored
    proc = _run(corpus, db)
    proc.wait(timeout=120)
    assert proc.returncode == 1, db.with_suffix(".log").read_text()
    assert_same_store(db, clean_db)


def _cluster_sizes(snapshot: dict[str, list[tuple[Any, ...]]]) -> list[int]:
    sizes: dict[str, int] = {}
    for _, cluster in snapshot["article_clusters"]:
        sizes[cluster] = sizes.get(cluster, 0) + 1
    return list(sizes.values())


@pytest.fixture(scope="module")
def corpus_and_clean_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The test corpus and the store of one clean, uninterrupted run over it."""
    folder = tmp_path_factory.mktemp("interrupted")
    corpus = folder / "corpus"
    write_corpus(corpus)
    clean = folder / "clean.duckdb"
    proc = _run(corpus, clean)
    assert proc.wait(timeout=300) == 1, clean.with_suffix(".log").read_text()
    return corpus, clean


@pytest.mark.parametrize(
    ("signum", "code", "name"), [(signal.SIGINT, 130, "SIGINT"), (signal.SIGTERM, 143, "SIGTERM")]
)
def test_resume_interrupted_run_says_what_is_stored_and_resumes(
    corpus_and_clean_store: tuple[Path, Path],
    tmp_path: Path,
    signum: signal.Signals,
    code: int,
    name: str,
) -> None:
    corpus, clean = corpus_and_clean_store
    db = tmp_path / "interrupted.duckdb"
    # One process stores batch after batch as it codes them; the parts of a pool are stored in
    # input order and can all come in one burst that ends the run before the signal lands.
    proc = _run(corpus, db, "--processes", "1")
    assert _until_stored(proc, db, 2), "the run ended before two batches were stored"
    proc.send_signal(signum)
    assert proc.wait(timeout=120) == code
    said = db.with_suffix(".log").read_text().strip().splitlines()[-1]
    stored = _articles(db)
    assert said.startswith(f"interrupted by {name}: the batch in progress was rolled back"), said
    assert f"holds {stored} articles ({stored} new from this run)" in said
    assert said.endswith("Run the same command again to resume.")
    assert 0 < stored < len(store_snapshot(clean)["articles"])
    proc = _run(corpus, db)
    assert proc.wait(timeout=300) == 1
    assert_same_store(db, clean)


def assert_same_store(db: Path, expected: Path) -> None:
    """Two stores hold the same data (run logs and timestamps are not data)."""
    got, want = store_snapshot(db), store_snapshot(expected)
    for table in want:
        assert got[table] == want[table], table
