"""The server and runs side by side: it reads generations only, switches to a newer one
between requests, lets go of old ones, and a run writes while it answers."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from conftest import CASES, bare_article, serving, write_articles

from tidings import store
from tidings.config import Settings
from tidings.corpus import run_corpus
from tidings.store.snapshot import generations, newest_generation, publish


def _publish(db: Path) -> Path:
    con = store.connect(db)
    try:
        return publish(con, db).path
    finally:
        con.close()


def _stats(api: Any) -> dict[str, Any]:
    answer = api.get("/api/stats")
    assert answer.status_code == 200, answer.text
    stats: dict[str, Any] = answer.json()
    return stats


def test_serve_generations_503_until_one_is_published_then_served(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1")])
    with serving(db) as api:
        waiting = api.get("/api/events")
        assert waiting.status_code == 503
        assert "no generation" in waiting.json()["detail"]
        first = _publish(db)
        assert _stats(api)["generation"]["name"] == first.name
        assert api.get("/api/events", params={"modality": "all"}).json()["total"] == 0


def test_serve_generations_switch_between_requests_and_let_go(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1")])
    first = _publish(db)
    with serving(db) as api:
        assert _stats(api)["articles"] == 1
        write_articles(db, [bare_article("a2")])
        second = _publish(db)
        stats = _stats(api)
        assert (stats["articles"], stats["generation"]["name"]) == (2, second.name)
        # The server holds `second` until it notices a newer one: publishing twice more
        # without a request in between must keep it.
        third, fourth = _publish(db), _publish(db)
        assert not first.exists() and second.exists()
        assert [g.path for g in generations(db)] == [second, third, fourth]
        assert _stats(api)["generation"]["name"] == fourth.name
        _publish(db)
        assert not second.exists(), "the server kept a generation it no longer serves"
    assert len(generations(db)) == 2


def test_serve_generations_a_run_writes_while_the_server_answers(
    tmp_path: Path, settings: Settings
) -> None:
    """`tidings run` adds articles to the store the server serves: the run succeeds, every
    request during it is answered, and the new articles appear without a restart."""
    first = run_corpus([str(CASES / "baltic-2015" / "article.txt")], settings)
    assert first.articles == 1 and newest_generation(settings.db_path) is not None
    more = [str(CASES / name / "article.txt") for name in ("talks-2016", "aid-2023", "arrest-2021")]
    with serving(settings.db_path) as api:
        before = _stats(api)
        assert before["articles"] == 1
        run = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tidings",
                "run",
                *more,
                "--db",
                str(settings.db_path),
                "--write-batch",
                "1",
                "--publish-every",
                "0.01",
                "-q",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        seen, answered = set(), 0
        while run.poll() is None:
            stats = _stats(api)
            assert api.get("/api/events", params={"limit": 5}).status_code == 200
            seen.add(stats["articles"])
            answered += 1
            time.sleep(0.05)
        out, err = run.communicate()
        assert run.returncode == 0, err
        assert "3 new articles" in out
        deadline = time.monotonic() + 10
        while (stats := _stats(api))["articles"] != 4:
            assert time.monotonic() < deadline, f"the new articles did not appear: {stats}"
            time.sleep(0.1)
        assert stats["generation"]["name"] != before["generation"]["name"]
        assert answered > 3 and seen <= {1, 2, 3, 4}
        titles = api.get("/api/sql", params={"q": "SELECT title FROM articles"}).json()["rows"]
        assert ["Tanzanian police arrest investigative journalist over bribery report"] in titles
    # The run's last publication kept the one the server still held; the next one, with the
    # server gone, leaves the newest two.
    _publish(settings.db_path)
    assert len(generations(settings.db_path)) == 2


def test_serve_cli_prints_its_url_waits_for_a_generation_and_stops_on_ctrl_c(
    tmp_path: Path,
) -> None:
    import httpx

    db = tmp_path / "s.duckdb"
    write_articles(db, [bare_article("a1")])
    server = subprocess.Popen(
        [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
    )
    try:
        assert server.stdout is not None and server.stderr is not None
        first = server.stdout.readline()
        found = re.fullmatch(r"serving .*s\.duckdb on (http://127\.0\.0\.1:\d+/)\n", first)
        assert found, first
        assert "no generation" in server.stderr.readline()
        url = found.group(1)
        deadline = time.monotonic() + 30
        while True:
            try:
                assert httpx.get(url + "api/stats").status_code == 503
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        _publish(db)
        assert httpx.get(url + "api/stats").json()["articles"] == 1
        server.send_signal(signal.SIGINT)
        out, err = server.communicate(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert server.returncode == 0, err
    assert out == "" and err.strip().splitlines()[-1] == "stopped"
