"""Polite, bounded fetching, tested against a real HTTP server on 127.0.0.1 (never the
internet) with allow_private=True; the refusal of private addresses with a stub resolver and a
mock transport, never by connecting to one."""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Callable
from datetime import date
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import duckdb
import httpx
import pytest
from conftest import Route, Site
from typer.testing import CliRunner

from tidings import __version__
from tidings.cli import app
from tidings.ingest import iter_inputs
from tidings.ingest.fetch import INDEX, FetchError, FetchOptions, fetch, page_file
from tidings.ingest.fetch.net import (
    AddressGuard,
    Deadline,
    GuardedBackend,
    address_kind,
    guarded_client,
)
from tidings.models import RawDocument

Web = Callable[[dict[str, Route]], Site]

PARAGRAPHS = (
    "Police detained dozens of protesters in the capital on Sunday, witnesses said. The "
    "rally had been going on for three hours when officers moved in with batons.",
    "The government said the gathering was illegal and promised an inquiry into the clashes, "
    "in which several people were hurt. Opposition leaders called for the minister to resign.",
)


def _page(title: str) -> bytes:
    """A news page; pages with different titles have different texts (and so are different
    articles)."""
    body = "".join(f"<p>{p}</p>" for p in (*PARAGRAPHS, f"The story was called {title}."))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local News</title><link>/</link><description>d</description>
<lastBuildDate>Tue, 03 Mar 2020 08:00:00 GMT</lastBuildDate>
<item><title>One</title><link>/news/1.html</link><description>first</description>
<pubDate>Sun, 01 Mar 2020 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>HOST/news/2.html</link><description>second</description></item>
<item><title>Secret</title><link>/private/secret.html</link><description>no</description></item>
</channel></rss>"""
HTML = "text/html; charset=utf-8"
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def _slow(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(1.0)
    body = _page("Late")
    handler.send_response(200)
    handler.send_header("Content-Type", HTML)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _routes(robots: tuple[int, bytes] = (200, ROBOTS)) -> dict[str, Route]:
    return {
        "/robots.txt": (robots[0], "text/plain", robots[1], {}),
        "/feed.xml": (200, "application/rss+xml", FEED, {}),
        "/news/1.html": (200, HTML, _page("First story"), {}),
        "/news/2.html": (200, HTML, _page("Second story"), {}),
        "/private/secret.html": (200, HTML, _page("Secret"), {}),
        "/moved": (302, HTML, b"", {"Location": "/private/secret.html"}),
        "/hop": (301, HTML, b"", {"Location": "/news/1.html"}),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n", {}),
        "/slow": _slow,
    }


def _options(**changes: object) -> FetchOptions:
    """The options of a test against the local site: no pacing, loopback allowed."""
    defaults: dict[str, object] = {"per_host_delay": 0.0, "allow_private": True}
    return FetchOptions(**{**defaults, **changes})  # type: ignore[arg-type]


def _index(out: Path) -> list[dict[str, object]]:
    lines = (out / INDEX).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_fetch_feed_items_saved_robots_obeyed(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    out = tmp_path / "pages"
    summary = fetch([f"{site.base}/feed.xml"], out, _options())
    saved = {r.url for r in summary.saved}
    assert saved == {f"{site.base}/news/1.html", f"{site.base}/news/2.html"}
    assert [r.url for r in summary.feeds] == [f"{site.base}/feed.xml"]
    (blocked,) = summary.failed
    assert blocked.url == f"{site.base}/private/secret.html"
    assert blocked.error == "disallowed by robots.txt"
    assert "/private/secret.html" not in site.paths()
    assert site.paths().count("/robots.txt") == 1
    lines = _index(out)
    assert {line["url"] for line in lines} == {*saved, f"{site.base}/feed.xml", blocked.url}
    for line in lines:
        assert set(line) >= {"url", "file", "status", "fetched_at"}
        if line["url"] in saved:
            assert line["status"] == 200 and line["file"] == page_file(str(line["url"]))
    documents = list(iter_inputs([str(out / page_file(u)) for u in sorted(saved)]))
    assert all(isinstance(d, RawDocument) for d in documents)
    assert [d.title for d in documents if isinstance(d, RawDocument)] == [
        "First story",
        "Second story",
    ]


def test_fetch_index_keeps_feed_title_and_dates(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    fetch([f"{site.base}/feed.xml"], tmp_path, _options())
    by_url = {line["url"]: line for line in _index(tmp_path)}
    one, two = by_url[f"{site.base}/news/1.html"], by_url[f"{site.base}/news/2.html"]
    feed = f"{site.base}/feed.xml"
    assert one == {
        "url": f"{site.base}/news/1.html",
        "file": page_file(f"{site.base}/news/1.html"),
        "status": 200,
        "fetched_at": one["fetched_at"],
        "feed": feed,
        "feed_title": "Local News",
        "title": "One",
        "published": "2020-03-01",
        "feed_published": "2020-03-03",
    }
    assert two["title"] == "Two" and "published" not in two
    assert two["feed_published"] == "2020-03-03"
    assert by_url[feed]["kind"] == "feed" and by_url[feed]["file"] is None


def test_fetch_then_read_keeps_url_and_date(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    fetch([f"{site.base}/feed.xml", f"{site.base}/hop"], tmp_path, _options())
    documents = [d for d in iter_inputs([str(tmp_path)]) if isinstance(d, RawDocument)]
    found = {Path(d.source.location).name: (d.url, d.published, d.outlet) for d in documents}
    one, two = f"{site.base}/news/1.html", f"{site.base}/news/2.html"
    assert found == {
        # The item's date; the outlet from the feed, as the page names none.
        page_file(one): (one, date(2020, 3, 1), "Local News"),
        # No date for the item: the feed's own.
        page_file(two): (two, date(2020, 3, 3), "Local News"),
        # Fetched by itself, through a redirect: where the redirect ended, and no date.
        page_file(f"{site.base}/hop"): (one, None, ""),
    }


def test_fetch_then_run_stores_url_and_date(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    out, db = tmp_path / "pages", tmp_path / "store.duckdb"
    fetch([f"{site.base}/feed.xml"], out, _options())
    result = CliRunner().invoke(app, ["run", str(out), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT url, published, outlet FROM articles ORDER BY url").fetchall()
    finally:
        con.close()
    assert rows == [
        (f"{site.base}/news/1.html", date(2020, 3, 1), "Local News"),
        (f"{site.base}/news/2.html", date(2020, 3, 3), "Local News"),
    ]


def test_fetch_user_agent_names_tidings(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    fetch([f"{site.base}/news/1.html"], tmp_path, _options())
    agents = {agent for _, agent, _ in site.log}
    assert agents == {f"tidings/{__version__} (+https://github.com/tidings)"}


def test_fetch_per_host_delay_spaces_requests(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    urls = [f"{site.base}/news/1.html", f"{site.base}/news/2.html"]
    waits: list[float] = []
    fetch(urls, tmp_path, _options(per_host_delay=30.0), sleep=waits.append)
    assert len(site.log) == 3  # robots.txt, then the two pages, each after a wait
    assert len(waits) == 2 and all(25.0 < wait <= 30.0 for wait in waits), waits


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_fetch_bad_urls_recorded_not_raised(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    urls = [
        f"{site.base}/missing",
        f"{site.base}/logo.png",
        f"{site.base}/slow",
        f"{site.base}/moved",
        "ftp://127.0.0.1/file.html",
        "http://[::1/broken",
        f"http://127.0.0.1:{_closed_port()}/news.html",
        f"{site.base}/hop",
    ]
    summary = fetch(urls, tmp_path, _options(deadline=0.3))
    errors = {r.url.replace(site.base, ""): r.error for r in summary.failed}
    assert errors["/missing"] == "HTTP 404"
    assert errors["/logo.png"] == "not an HTML page (image/png)"
    assert errors["/slow"] == "timed out: no whole answer within 0.3 s (--deadline)"
    assert errors["/moved"] == "disallowed by robots.txt"
    assert errors["ftp://127.0.0.1/file.html"] == "not an http(s) URL"
    assert "IPv6" in errors["http://[::1/broken"]
    assert any("robots.txt could not be fetched" in e for e in errors.values())
    assert [r.url for r in summary.saved] == [f"{site.base}/hop"]
    assert (tmp_path / page_file(f"{site.base}/hop")).read_bytes() == _page("First story")


def _drip(head: bytes, body: bytes, where: str, site: dict[str, int]) -> Route:
    """An answer sent one byte every 50 ms: the status line, then `head` (headers), then
    `body`; how many bytes of it went out before the client left is kept under `where`."""

    def respond(handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        for sent, byte in enumerate(b"HTTP/1.1 200 OK\r\n" + head + body, start=1):
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            site[where] = sent
            time.sleep(0.05)

    return respond


@pytest.mark.parametrize("where", ["body", "headers"])
def test_fetch_deadline_covers_a_dripping_answer(web: Web, tmp_path: Path, where: str) -> None:
    """One byte every 50 ms never trips a per-read timeout; the deadline for the whole request
    ends it, whether the bytes drip in the headers or in the body."""
    body = _page("Drip")
    sent: dict[str, int] = {}
    head = f"Content-Type: text/html\r\nContent-Length: {len(body)}\r\n".encode()
    if where == "headers":
        head = b"X-Padding: " + b"x" * 400 + b"\r\n" + head
    site = web({**_routes(), "/drip": _drip(head + b"\r\n", body, where, sent)})
    summary = fetch([f"{site.base}/drip"], tmp_path, _options(deadline=0.5))
    (result,) = summary.results
    assert result.error == "timed out: no whole answer within 0.5 s (--deadline)"
    assert not list(tmp_path.glob("*.html"))
    if where == "headers":
        assert sent[where] < len(head)  # it left while the headers were still dripping


def _endless(handler: BaseHTTPRequestHandler) -> None:
    """A body with no length that never ends (chunks of 64 KiB until the client leaves)."""
    handler.close_connection = True
    handler.send_response(200)
    handler.send_header("Content-Type", HTML)
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_536 + b"</p>"
    for _ in range(10_000):
        handler.wfile.write(chunk)


@pytest.mark.parametrize("path", ["/long", "/endless"])
def test_fetch_max_bytes_stops_reading(web: Web, tmp_path: Path, path: str) -> None:
    """A body over the limit is abandoned, whether its length is declared or not."""
    long = (200, HTML, _page("Long") + b"<!-- " + b"x" * 5000 + b" -->", {})
    site = web({**_routes(), "/endless": _endless, "/long": long})
    summary = fetch([f"{site.base}{path}"], tmp_path, _options(max_bytes=1000))
    (result,) = summary.failed
    assert result.error == "larger than 1,000 bytes (--max-bytes); not saved"
    assert not list(tmp_path.glob("*.html"))
    assert _index(tmp_path)[0]["error"] == result.error


def _chain(length: int) -> dict[str, Route]:
    """/r{length} -> ... -> /r1 -> /news/1.html"""
    routes: dict[str, Route] = {"/r1": (302, HTML, b"", {"Location": "/news/1.html"})}
    for n in range(2, length + 1):
        routes[f"/r{n}"] = (302, HTML, b"", {"Location": f"HOST/r{n - 1}"})
    return routes


@pytest.mark.parametrize(
    ("limit", "error"), [(2, "more than 2 redirects (--max-redirects)"), (3, "")]
)
def test_fetch_redirects_at_most_n(web: Web, tmp_path: Path, limit: int, error: str) -> None:
    site = web({**_routes(), **_chain(3)})
    summary = fetch([f"{site.base}/r3"], tmp_path, _options(max_redirects=limit))
    (result,) = summary.results
    assert result.error == error
    assert ("/news/1.html" in site.paths()) == (not error)
    if not error:
        assert _index(tmp_path)[0]["final_url"] == f"{site.base}/news/1.html"


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/news.html", "file:///etc/passwd"])
def test_fetch_redirect_to_other_scheme_refused(web: Web, tmp_path: Path, target: str) -> None:
    site = web({**_routes(), "/away": (302, HTML, b"", {"Location": target})})
    summary = fetch([f"{site.base}/away"], tmp_path, _options())
    (result,) = summary.failed
    assert result.error == f"redirected to {target}, not an http(s) URL"


def _stub_resolver(table: dict[str, str], asked: list[str]) -> Callable[[str, int], list[str]]:
    def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        return [table[host]]

    return resolve


def _mock_client(answers: dict[str, httpx.Response], requested: list[str]) -> httpx.Client:
    """A client that connects nowhere: it answers from the table and notes every request."""

    def handle(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return answers.get(str(request.url), httpx.Response(404))

    return httpx.Client(transport=httpx.MockTransport(handle))


PUBLIC = "93.184.216.34"  # never connected to: these tests answer through a mock transport


def test_fetch_private_address_refused_before_robots(tmp_path: Path) -> None:
    asked: list[str] = []
    requested: list[str] = []
    resolve = _stub_resolver({"intranet.example": "10.0.0.7"}, asked)
    with _mock_client({}, requested) as client:
        summary = fetch(
            ["http://intranet.example/admin"],
            tmp_path,
            FetchOptions(),
            client=client,
            resolve=resolve,
        )
    (result,) = summary.failed
    assert result.error == (
        "refused: intranet.example resolves to 10.0.0.7, a private address "
        "(--allow-private fetches from such addresses)"
    )
    assert asked == ["intranet.example"] and requested == []  # not even robots.txt


def test_fetch_private_address_refused_on_a_redirect_hop(tmp_path: Path) -> None:
    asked: list[str] = []
    requested: list[str] = []
    resolve = _stub_resolver({"news.example": PUBLIC, "intranet.example": "169.254.169.254"}, asked)
    answers = {
        "http://news.example/robots.txt": httpx.Response(200, text=""),
        "http://news.example/story": httpx.Response(
            302, headers={"Location": "http://intranet.example/latest/meta-data/"}
        ),
    }
    with _mock_client(answers, requested) as client:
        summary = fetch(
            ["http://news.example/story"],
            tmp_path,
            FetchOptions(per_host_delay=0),
            client=client,
            resolve=resolve,
        )
    (result,) = summary.failed
    assert result.error.startswith(
        "refused: intranet.example resolves to 169.254.169.254, a link-local address"
    )
    assert requested == ["http://news.example/robots.txt", "http://news.example/story"]


def test_fetch_private_address_allowed_when_asked(tmp_path: Path) -> None:
    requested: list[str] = []
    resolve = _stub_resolver({"intranet.example": "10.0.0.7"}, [])
    answers = {
        "http://intranet.example/robots.txt": httpx.Response(404),
        "http://intranet.example/a": httpx.Response(
            200, headers={"Content-Type": HTML}, content=_page("Inside")
        ),
    }
    with _mock_client(answers, requested) as client:
        summary = fetch(
            ["http://intranet.example/a"],
            tmp_path,
            FetchOptions(per_host_delay=0, allow_private=True),
            client=client,
            resolve=resolve,
        )
    assert [r.url for r in summary.saved] == ["http://intranet.example/a"]


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback"),
        ("10.1.2.3", "a private"),
        ("192.168.0.10", "a private"),
        ("172.16.5.4", "a private"),
        ("169.254.169.254", "a link-local"),
        ("224.0.0.251", "a multicast"),
        ("0.0.0.0", "an unspecified"),
        ("240.0.0.1", "a reserved"),
        ("100.64.0.1", "a non-public"),
        ("::1", "a loopback"),
        ("fe80::1", "a link-local"),
        ("fc00::1", "a private"),
        ("ff02::1", "a multicast"),
        ("::ffff:10.0.0.1", "a private"),
        ("::ffff:127.0.0.1", "a loopback"),
        ("2002:a00:1::", "a private"),  # 6to4 of 10.0.0.1
        ("64:ff9b::7f00:1", "a loopback"),  # NAT64 of 127.0.0.1
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_fetch_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(address) == kind


def test_fetch_guarded_backend_refuses_before_connecting() -> None:
    asked: list[str] = []
    guard = AddressGuard(_stub_resolver({"intranet.example": "192.168.1.1"}, asked))
    backend = GuardedBackend(guard, Deadline())
    with pytest.raises(FetchError, match="a private address"):
        backend.connect_tcp("intranet.example", 80, timeout=1.0)
    assert asked == ["intranet.example"] and backend.connected == []


def test_fetch_every_connection_goes_through_the_guard(web: Web) -> None:
    """The guarded client connects where the guard's resolver says, to the address it checked
    (the system resolver knows no `news.test`), and resolves each host once."""
    site = web(_routes())
    port = int(site.base.rsplit(":", 1)[1])
    asked: list[str] = []
    guard = AddressGuard(_stub_resolver({"news.test": "127.0.0.1"}, asked), allow_private=True)
    backend = GuardedBackend(guard, Deadline())
    with guarded_client(backend, "tidings-test") as client:
        first = client.get(f"http://news.test:{port}/news/1.html")
        second = client.get(f"http://news.test:{port}/news/2.html")
    assert first.status_code == second.status_code == 200
    assert backend.connected and set(backend.connected) == {("127.0.0.1", port)}
    assert asked == ["news.test"]


def test_fetch_crawl_delay_capped_with_notice(web: Web, tmp_path: Path) -> None:
    site = web(_routes((200, b"User-agent: *\nCrawl-delay: 100000\n")))
    waits: list[float] = []
    urls = [f"{site.base}/news/1.html", f"{site.base}/news/2.html"]
    summary = fetch(urls, tmp_path, _options(max_crawl_delay=2.5), sleep=waits.append)
    assert len(summary.saved) == 2
    assert waits and max(waits) <= 2.5 and max(waits) > 2.0
    assert summary.notices == (
        f"{site.base}/robots.txt asks for 100000 s between requests; waiting 2.5 s instead "
        "(--max-crawl-delay)",
    )


def test_fetch_crawl_delay_under_the_cap_obeyed(web: Web, tmp_path: Path) -> None:
    site = web(_routes((200, b"User-agent: *\nCrawl-delay: 2\n")))
    waits: list[float] = []
    urls = [f"{site.base}/news/1.html", f"{site.base}/news/2.html"]
    summary = fetch(urls, tmp_path, _options(max_crawl_delay=5), sleep=waits.append)
    assert len(summary.saved) == 2 and not summary.notices
    assert max(waits) > 1.5


@pytest.mark.parametrize(
    ("robots", "expected"),
    [
        ((500, b"oops"), "robots.txt answered HTTP 500; host skipped"),
        ((403, b"no"), "disallowed by robots.txt"),
        ((200, b"User-agent: tidings\nDisallow: /news/\n"), "disallowed by robots.txt"),
        ((404, b""), ""),
    ],
)
def test_fetch_robots_answers(
    web: Web, tmp_path: Path, robots: tuple[int, bytes], expected: str
) -> None:
    site = web(_routes(robots))
    summary = fetch([f"{site.base}/news/1.html"], tmp_path, _options())
    (result,) = summary.results
    assert result.error == expected
    assert ("/news/1.html" in site.paths()) == (not expected)


def test_fetch_ignore_robots_when_asked(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    summary = fetch([f"{site.base}/private/secret.html"], tmp_path, _options(respect_robots=False))
    assert len(summary.saved) == 1 and "/robots.txt" not in site.paths()


def test_fetch_rerun_skips_saved_pages(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    urls = [f"{site.base}/news/1.html", f"{site.base}/news/2.html"]
    first = fetch(urls, tmp_path, _options())
    requests = len(site.log)
    second = fetch(urls, tmp_path, _options())
    assert len(first.saved) == 2 and not second.saved and len(second.already) == 2
    assert len(site.log) == requests
    assert len(_index(tmp_path)) == 2


def test_fetch_rerun_fetches_a_page_saved_but_not_indexed(web: Web, tmp_path: Path) -> None:
    """A fetch killed between saving a page and writing its index line fetches it again."""
    site = web(_routes())
    url = f"{site.base}/news/1.html"
    fetch([url], tmp_path, _options())
    (tmp_path / INDEX).write_text("", encoding="utf-8")
    again = fetch([url], tmp_path, _options())
    assert [r.url for r in again.saved] == [url]
    assert [line["url"] for line in _index(tmp_path)] == [url]


def test_fetch_cli_command(web: Web, tmp_path: Path) -> None:
    site = web(_routes())
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        app,
        ["fetch", f"{site.base}/feed.xml", "--out", str(out), "--delay", "0", "--allow-private"],
    )
    assert result.exit_code == 0, result.output
    assert "saved 2 pages" in result.output and "1 failed" in result.output
    assert "1 feed read" in result.output
    assert result.output.count("disallowed by robots.txt") == 1
    assert len(list(out.glob("*.html"))) == 2


def test_fetch_cli_refuses_loopback_without_allow_private(web: Web, tmp_path: Path) -> None:
    """No connection is made: the address is refused before robots.txt is asked for."""
    site = web(_routes())
    out = tmp_path / "o"
    result = CliRunner().invoke(app, ["fetch", f"{site.base}/news/1.html", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert result.output.count("refused: 127.0.0.1 resolves to 127.0.0.1, a loopback") == 1
    assert site.log == []


def test_fetch_cli_help_names_every_limit() -> None:
    result = CliRunner().invoke(app, ["fetch", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for option in (
        "--out",
        "--allow-private",
        "--max-bytes",
        "--max-redirects",
        "--deadline",
        "--max-crawl-delay",
        "--delay",
        "--ignore-robots",
    ):
        assert option in result.output, option


def test_fetch_cli_defaults_are_the_library_defaults() -> None:
    import inspect

    from tidings.cli import fetch as fetch_command

    defaults = FetchOptions()
    parameters = inspect.signature(fetch_command).parameters
    assert parameters["deadline"].default == defaults.deadline
    assert parameters["max_bytes"].default == defaults.max_bytes
    assert parameters["max_redirects"].default == defaults.max_redirects
    assert parameters["max_crawl_delay"].default == defaults.max_crawl_delay
    assert parameters["delay"].default == defaults.per_host_delay


def test_fetch_cli_crawl_delay_note_printed_once(web: Web, tmp_path: Path) -> None:
    site = web(_routes((200, b"User-agent: *\nCrawl-delay: 100000\n")))
    urls = [f"{site.base}/news/1.html", f"{site.base}/news/2.html"]
    args = ["fetch", *urls, "--out", str(tmp_path / "o"), "--delay", "0", "--allow-private"]
    result = CliRunner().invoke(app, [*args, "--max-crawl-delay", "0"])
    assert result.exit_code == 0, result.output
    assert result.output.count("asks for 100000 s between requests") == 1, result.output
    assert "saved 2 pages" in result.output


@pytest.mark.parametrize("verbose", [[], ["--verbose"]])
def test_fetch_each_error_printed_once(web: Web, tmp_path: Path, verbose: list[str]) -> None:
    site = web(_routes())
    logging.getLogger().setLevel(logging.WARNING)
    out = str(tmp_path / "o")
    args = [*verbose, "fetch", f"{site.base}/missing", "--out", out, "--delay", "0"]
    result = CliRunner().invoke(app, [*args, "--allow-private"])
    logging.getLogger().setLevel(logging.WARNING)
    assert result.exit_code == 1, result.output
    assert result.output.count("HTTP 404") == 1, result.output
    assert "saved 0 pages" in result.output and "0 feeds read" in result.output


def test_fetch_out_a_file_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x")
    result = CliRunner().invoke(app, ["fetch", "http://127.0.0.1:9/x", "--out", str(target)])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"error: --out {target} is a file; name a directory to save pages in"
    ]


def test_fetch_options_refuse_nonsense() -> None:
    with pytest.raises(ValueError, match="deadline"):
        FetchOptions(deadline=0)
    with pytest.raises(ValueError, match="max_redirects"):
        FetchOptions(max_redirects=-1)


def test_fetch_guarded_client_refusal_reaches_the_caller() -> None:
    """Through httpx too, a refused address is refused before any connection is made."""
    guard = AddressGuard(_stub_resolver({"intranet.example": "10.9.8.7"}, []))
    backend = GuardedBackend(guard, Deadline())
    with guarded_client(backend, "tidings-test") as client, pytest.raises(FetchError):
        client.get("http://intranet.example/admin")
    assert backend.connected == []
