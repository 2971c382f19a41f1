"""The dashboard in a real headless chromium, against a real `tidings serve` on a pipeline-built
store.

The store holds the demo corpus plus one hostile article (markup in its title and text). Without
chromium (or Playwright) the browser tests are skipped, except under CI=true, where that fails.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tidings.config import Settings

STATIC = Path(str(resources.files("tidings") / "serve" / "static"))
ARTIFACTS = Path(__file__).parent / "artifacts"
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    "PARIS, July 29 (Reuters) - France criticized Germany on Wednesday over new farm tariffs. "
    '<script>alert(2)</script> A spokesman said <b onmouseover="alert(3)">the measures</b> '
    "were unacceptable."
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = ["--host", "127.0.0.1", "--port"]
VIEWPORT = {"width": 1440, "height": 1100}


def _missing_browser(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI=true requires it (.ci/run installs chromium and playwright)")
    pytest.skip(reason)


def _get(base: str, path: str, **params: Any) -> Any:
    query = urllib.parse.urlencode(params, doseq=True)
    with urllib.request.urlopen(f"{base}{path}{'?' + query if query else ''}", timeout=30) as r:
        return json.load(r)


def _sql_count(base: str, sql: str) -> int:
    result = _get(base, "/api/sql", q=sql)
    return int(result["rows"][0][0])


@pytest.fixture(scope="session")
def dashboard_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tidings.corpus import run_corpus

    root = tmp_path_factory.mktemp("dashboard")
    hostile = root / "hostile.jsonl"
    record = {"id": "hostile-1", "title": HOSTILE_TITLE, "date": "2015-07-29", "text": HOSTILE_TEXT}
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")
    corpus = Path(str(resources.files("tidings") / "demo"))
    db = root / "dashboard.duckdb"
    summary = run_corpus([str(corpus), str(hostile)], Settings(db_path=db))
    assert summary.articles == 9 and not summary.failures
    return db


@contextlib.contextmanager
def tidings_serve(db: Path, *options: str) -> Iterator[str]:
    """`tidings serve` as a user starts it, in its own process on a free loopback port: its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "tidings", "serve", "--db", str(db), *LOOPBACK, str(port)]
    command += options
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    try:
        while True:
            try:
                _get(base, "/api/stats")
                break
            except urllib.error.HTTPError:
                break  # answering: 503 until a run publishes the store's first generation
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    output = process.communicate()[0]
                    pytest.fail(f"tidings serve did not answer: {output}")
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.fixture(scope="session")
def server(dashboard_store: Path) -> Iterator[str]:
    with tidings_serve(dashboard_store) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        _missing_browser("chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing_browser("playwright is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass(frozen=True)
class Seen:
    """What the page did besides drawing: every request it made, every dialog it opened, every
    script error and console error."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def seen() -> Seen:
    return Seen()


@pytest.fixture
def page(browser: Any, server: str, seen: Seen) -> Iterator[Any]:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    opened = context.new_page()
    opened.on("request", lambda request: seen.requests.append(request.url))

    def dismiss(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", dismiss)
    opened.on("pageerror", lambda error: seen.errors.append(str(error)))
    opened.on(
        "console",
        lambda message: seen.errors.append(message.text) if message.type == "error" else None,
    )
    yield opened
    context.close()
    assert seen.errors == [], "the page logged errors"


def _open(page: Any, base: str, query: str = "") -> None:
    page.goto(f"{base}/{query}")
    _settle(page)


def _settle(page: Any) -> None:
    page.wait_for_function(
        "document.body.getAttribute('aria-busy') === 'false' && "
        "document.querySelector('#table-total').dataset.total !== undefined"
    )


def _total(page: Any) -> int:
    return int(page.get_attribute("#table-total", "data-total"))


def _condemnation_row(page: Any) -> Any:
    rows = page.locator("#table tbody tr").filter(
        has=page.locator('td[data-column="trigger_text"]', has_text=re.compile(r"^condemned$"))
    )
    for index in range(rows.count()):
        row = rows.nth(index)
        source = row.locator('td[data-column="source_code"]').inner_text()
        target = row.locator('td[data-column="target_code"]').inner_text()
        if source.startswith("RUS") and target.startswith("USA"):
            return row
    return None


def test_dashboard_table_shows_the_russian_condemnation_of_the_usa(page: Any, server: str) -> None:
    _open(page, server)
    page.fill('input[name="q"]', "condemned")
    page.press('input[name="q"]', "Enter")
    page.wait_for_url(re.compile(r"q=condemned"))
    _settle(page)
    row = _condemnation_row(page)
    assert row is not None, page.locator("#table tbody").inner_text()
    assert row.locator('td[data-column="plover"]').inner_text() == "ACCUSE"
    assert row.locator('td[data-column="date_start"]').inner_text().startswith("2015-07")


@pytest.mark.parametrize("plover", ["ACCUSE", "ASSAULT"])
def test_dashboard_plover_filter_gives_the_sql_count(page: Any, server: str, plover: str) -> None:
    _open(page, server)
    everything = _sql_count(server, "SELECT count(*) FROM countable_events")
    assert _total(page) == everything
    page.check(f'#plover input[value="{plover}"]')
    page.wait_for_url(re.compile(rf"plover={plover}"))
    _settle(page)
    expected = _sql_count(
        server, f"SELECT count(*) FROM countable_events WHERE plover = '{plover}'"
    )
    assert 0 < expected < everything
    assert _total(page) == expected
    rows = page.locator('#table tbody td[data-column="plover"]').all_inner_texts()
    assert rows and set(rows) == {plover}


def test_dashboard_header_sorts_and_pager_pages(page: Any, server: str) -> None:
    _open(page, server)
    page.click('#table th button[data-sort="date_start"]')
    page.wait_for_url(re.compile(r"sort=date_start&order=desc"))
    _settle(page)
    page.click('#table th button[data-sort="date_start"]')
    page.wait_for_url(re.compile(r"order=asc"))
    _settle(page)
    dates = page.locator('#table tbody td[data-column="date_start"]').all_inner_texts()
    first = _get(server, "/api/sql", q="SELECT min(date_start)::VARCHAR FROM countable_events")
    assert dates[0] == first["rows"][0][0]
    assert dates == sorted(dates)
    total = _total(page)
    assert total > 50
    page.click('#table [data-page="next"]')
    page.wait_for_url(re.compile(r"offset=50"))
    _settle(page)
    assert page.inner_text("#table .page-info") == f"51–{min(100, total)} of {total}"
    following = page.locator('#table tbody td[data-column="date_start"]').all_inner_texts()
    assert following[0] >= dates[-1]
    page.go_back()
    page.wait_for_url(re.compile(r"order=asc$"))
    _settle(page)
    assert page.inner_text("#table .page-info").startswith("1–50 of")


def test_dashboard_url_keeps_the_filters_across_a_reload(page: Any, server: str) -> None:
    _open(page, server)
    page.fill('input[name="actor"]', "RUS")
    page.press('input[name="actor"]', "Enter")
    page.wait_for_url(re.compile(r"actor=RUS"))
    _settle(page)
    page.check('#plover input[value="ACCUSE"]')
    page.wait_for_url(re.compile(r"plover=ACCUSE"))
    _settle(page)
    filtered = _total(page)
    assert 0 < filtered < _sql_count(server, "SELECT count(*) FROM countable_events")
    url = page.url
    page.reload()
    _settle(page)
    assert page.url == url
    assert page.input_value('input[name="actor"]') == "RUS"
    assert page.is_checked('#plover input[value="ACCUSE"]')
    assert _total(page) == filtered
    # The same URL in a new page (a shared link) shows the same view.
    shared = page.context.new_page()
    shared.goto(url)
    _settle(shared)
    assert _total(shared) == filtered


def test_dashboard_article_highlights_the_trigger_and_the_quote(page: Any, server: str) -> None:
    _open(page, server, "?q=condemned")
    row = _condemnation_row(page)
    assert row is not None
    article_id = row.get_attribute("data-article")
    event_id = row.get_attribute("data-event")
    row.click()
    panel = page.locator("#article")
    panel.locator(".article-text mark").first.wait_for()
    assert "open=" in page.url and "event=" in page.url
    assert panel.locator(".article-title").inner_text() == (
        "Baltic countries request permanent NATO troop presence"
    )
    trigger = panel.locator("mark.hl-trigger.selected")
    assert trigger.all_inner_texts() == ["condemned"]
    assert event_id in (trigger.get_attribute("data-events") or "").split()
    focus = panel.locator(".sentence.focus")
    assert "condemned" in focus.inner_text()
    # Scrolled to: the sentence is in the article panel's visible box, and that is in the window.
    assert focus.evaluate(
        """s => {
          const r = s.getBoundingClientRect(), p = s.closest('#article').getBoundingClientRect();
          return r.top >= p.top && r.bottom <= p.bottom && p.top >= 0 && r.bottom <= innerHeight;
        }"""
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(1500)  # the force layout settles
    page.screenshot(path=str(ARTIFACTS / "dashboard-article.png"), full_page=True)
    data = _get(server, f"/api/articles/{article_id}")
    quotes = [q for q in data["quotes"] if "Neimontas" in (q.get("speaker_name") or "")]
    assert quotes
    marks = panel.locator("mark.hl-quote").evaluate_all(
        "ms => ms.map(m => [Number(m.dataset.start), Number(m.dataset.end), m.textContent])"
    )
    for quote in quotes:
        inside = [m for m in marks if quote["span_start"] <= m[0] and m[1] <= quote["span_end"]]
        assert "".join(m[2] for m in inside) == quote["text"], quote


def test_dashboard_hostile_title_renders_as_text(page: Any, server: str, seen: Seen) -> None:
    hostile = _get(server, "/api/sql", q=f"SELECT id FROM articles WHERE title = '{HOSTILE_TITLE}'")
    (article_id,) = hostile["rows"][0]
    _open(page, server, f"?open={article_id}")
    panel = page.locator("#article")
    panel.locator(".article-title").wait_for()
    assert panel.locator(".article-title").inner_text() == HOSTILE_TITLE
    assert "<script>alert(2)</script>" in panel.locator(".article-text").inner_text()
    assert page.locator("img, script:not([src]):not([type]), b").count() == 0
    page.wait_for_timeout(300)
    assert seen.dialogs == []


def test_dashboard_views_draw_from_the_data(page: Any, server: str) -> None:
    _open(page, server)
    page.wait_for_selector("#network .node circle")
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#timeline .legend .key").count() > 1
    assert page.locator("#map .countries path").count() > 100
    places = _get(server, "/api/places")["items"]
    located = [p for p in places if p["lat"] is not None and p["lon"] is not None]
    assert located and page.locator("#map .places circle").count() == len(located)
    graph = _get(server, "/api/network")
    assert page.locator("#network .node").count() == len(graph["nodes"]) > 1
    assert page.locator("#network .links line").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(1500)  # the force layout settles
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)


@pytest.mark.parametrize(
    ("query", "where", "unit"),
    [
        ("", "", "year"),
        (
            "?since=2019-01-01&until=2022-12-31",
            "AND date_start BETWEEN '2019-01-01' AND '2022-12-31'",
            "month",
        ),
        (
            "?since=2015-07-01&until=2015-07-31",
            "AND date_start BETWEEN '2015-07-01' AND '2015-07-31'",
            "day",
        ),
    ],
)
def test_dashboard_timeline_bars_add_up_to_the_dated_events(
    page: Any, server: str, query: str, where: str, unit: str
) -> None:
    _open(page, server, query)
    assert page.inner_text("#timeline h2") == f"Events per {unit} by PLOVER type"
    bars = page.locator("#timeline rect.bar").evaluate_all("rs => rs.map(r => +r.dataset.count)")
    dated = _sql_count(
        server, f"SELECT count(*) FROM countable_events WHERE date_start IS NOT NULL {where}"
    )
    assert bars and sum(bars) == dated


def test_dashboard_clicking_a_chart_filters_the_table(page: Any, server: str) -> None:
    _open(page, server)
    before = _total(page)
    # A place of several countries (a sea, a region) has no country to filter on.
    with_country = page.locator("#map .places circle").filter(
        has=page.locator("title", has_text=re.compile(r", [A-Z]{3}: "))
    )
    with_country.first.click(force=True)
    page.wait_for_url(re.compile(r"country="))
    _settle(page)
    country = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["country"][0]
    assert page.input_value('input[name="country"]') == country
    expected = _get(server, "/api/events", country=country, limit=1)["total"]
    assert 0 < _total(page) == expected < before


def test_dashboard_csv_holds_the_filtered_rows(page: Any, server: str) -> None:
    _open(page, server, "?plover=ACCUSE")
    with page.expect_download() as info:
        page.click("#download")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == _total(page) > 0
    assert {row["plover"] for row in rows} == {"ACCUSE"}
    assert {"article_id", "id", "source_code", "target_code", "trigger_text"} <= set(rows[0])


def test_dashboard_makes_no_request_outside_the_server(page: Any, server: str, seen: Seen) -> None:
    _open(page, server, "?q=condemned")
    row = _condemnation_row(page)
    assert row is not None
    row.click()
    page.locator("#article .article-text mark").first.wait_for()
    assert seen.requests
    outside = [url for url in seen.requests if not url.startswith(f"{server}/")]
    assert outside == []
    assert any(url.endswith("/static/vendor/countries-110m.json") for url in seen.requests)


def test_dashboard_opened_with_a_token_keeps_it_out_of_the_address(
    browser: Any, dashboard_store: Path
) -> None:
    with tidings_serve(dashboard_store, "--token", "s3cret") as base:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        refused = page.goto(f"{base}/?plover=ACCUSE")
        assert refused is not None and refused.status == 401
        page.goto(f"{base}/?token=s3cret&plover=ACCUSE")
        _settle(page)
        assert page.url == f"{base}/?plover=ACCUSE"
        ticked = _total(page)
        assert (
            ticked == _get(base, "/api/events", plover="ACCUSE", limit=1, token="s3cret")["total"]
        )
        page.reload()
        _settle(page)
        assert _total(page) == ticked and page.is_hidden("#error")
        context.close()


def test_dashboard_inserts_data_only_as_text() -> None:
    """No code path of the page turns a string into markup, and nothing names another host."""
    sources = [*STATIC.glob("*.html"), *STATIC.glob("*.css"), *STATIC.glob("js/*.js")]
    assert len(sources) > 5
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", ".html(", "document.write"):
            assert sink not in text, f"{path.name} uses {sink}"
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", text), path.name


def test_dashboard_vendored_files_have_licences_and_versions() -> None:
    vendor = STATIC / "vendor"
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    for name, package, licence in (
        ("d3.min.js", "d3", "d3.LICENSE"),
        ("topojson-client.min.js", "topojson-client", "topojson-client.LICENSE"),
        ("countries-110m.json", "world-atlas", "world-atlas.LICENSE"),
    ):
        assert (vendor / name).stat().st_size > 5000
        assert "Permission to use" in (vendor / licence).read_text(encoding="utf-8")
        row = rf"`{re.escape(name)}` \| \[{re.escape(package)}\].+\| \d+\.\d+\.\d+ \|"
        assert re.search(row, readme), name
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    for src in re.findall(r'(?:src|href)="(static/[^"]+)"', html):
        assert (STATIC / src.removeprefix("static/")).is_file(), src


def test_dashboard_shows_each_new_generation_without_a_reload(
    browser: Any, seen: Seen, tmp_path: Path
) -> None:
    """The server starts before the store exists and the page is opened; each run then adds an
    article while both are up, and the open page shows it."""
    from tidings.corpus import run_corpus

    demo = Path(str(resources.files("tidings") / "demo"))
    db = tmp_path / "growing.duckdb"
    with tidings_serve(db) as base:
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.goto(f"{base}/")
        page.wait_for_selector("#error:not([hidden])")
        assert "no generation" in page.inner_text("#error")
        totals = []
        for articles, name in enumerate(("baltic-2015.txt", "georgia-2020.txt"), start=1):
            summary = run_corpus([str(demo / name)], Settings(db_path=db))
            assert summary.articles == 1 and not summary.failures
            totals.append(_sql_count(base, "SELECT count(*) FROM countable_events"))
            page.wait_for_function(
                f"document.querySelector('#table-total').dataset.total === '{totals[-1]}'",
                timeout=30000,
            )
            _settle(page)
            stats = page.inner_text("#stats")
            assert stats.startswith(f"{articles} article{'s' if articles > 1 else ''} ·"), stats
            assert page.is_hidden("#error")
        assert 0 < totals[0] < totals[1]
        assert page.locator("#plover input").count() > 0
        context.close()
    assert seen.errors == []
