"""Polite fetching, tested against a real HTTP server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings import __version__
from tidings.cli import app
from tidings.ingest import iter_inputs
from tidings.ingest.fetch import INDEX, fetch, page_file
from tidings.models import RawDocument

PARAGRAPHS = (
    "Police detained dozens of protesters in the capital on Sunday, witnesses said. The "
    "rally had been going on for three hours when officers moved in with batons.",
    "The government said the gathering was illegal and promised an inquiry into the clashes, "
    "in which several people were hurt. Opposition leaders called for the minister to resign.",
)


def _page(title: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Local News</title><link>/</link><description>d</description>
<item><title>One</title><link>/news/1.html</link><description>first</description></item>
<item><title>Two</title><link>HOST/news/2.html</link><description>second</description></item>
<item><title>Secret</title><link>/private/secret.html</link><description>no</description></item>
</channel></rss>"""


@dataclass
class Site:
    """A local web site: routes by path, and a log of every request it answered."""

    routes: dict[str, tuple[int, str, bytes, dict[str, str]]]
    log: list[tuple[str, str, float]] = field(default_factory=list)
    base: str = ""

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.log]


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.log.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
            status, media, body, headers = site.routes.get(
                self.path, (404, "text/plain", b"not found", {})
            )
            if self.path == "/slow":
                time.sleep(1.0)
            try:
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body.replace(b"HOST", site.base.encode()))
            except OSError:
                pass  # the client gave up (timeout test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _routes(robots: tuple[int, bytes]) -> dict[str, tuple[int, str, bytes, dict[str, str]]]:
    html = "text/html; charset=utf-8"
    return {
        "/robots.txt": (robots[0], "text/plain", robots[1], {}),
        "/feed.xml": (200, "application/rss+xml", FEED, {}),
        "/news/1.html": (200, html, _page("First story"), {}),
        "/news/2.html": (200, html, _page("Second story"), {}),
        "/private/secret.html": (200, html, _page("Secret"), {}),
        "/moved": (302, html, b"", {"Location": "/private/secret.html"}),
        "/hop": (301, html, b"", {"Location": "/news/1.html"}),
        "/logo.png": (200, "image/png", b"\x89PNG\r\n", {}),
        "/slow": (200, html, _page("Late"), {}),
    }


@pytest.fixture
def serve() -> Iterator[Callable[..., Site]]:
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(robots: tuple[int, bytes] = (200, b"User-agent: *\nDisallow: /private/\n")) -> Site:
        site = Site(_routes(robots))
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
        server.daemon_threads = True
        site.base = f"http://127.0.0.1:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        servers.append((server, thread))
        return site

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _index(out: Path) -> list[dict[str, object]]:
    lines = (out / INDEX).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_fetch_feed_items_saved_robots_obeyed(serve: Callable[..., Site], tmp_path: Path) -> None:
    site = serve()
    out = tmp_path / "pages"
    summary = fetch([f"{site.base}/feed.xml"], out, per_host_delay=0)
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
    documents = [i for i in iter_inputs([str(out / page_file(u)) for u in sorted(saved)])]
    assert all(isinstance(d, RawDocument) for d in documents)
    assert [d.title for d in documents if isinstance(d, RawDocument)] == [
        "First story",
        "Second story",
    ]


def test_fetch_user_agent_names_tidings(serve: Callable[..., Site], tmp_path: Path) -> None:
    site = serve()
    fetch([f"{site.base}/news/1.html"], tmp_path, per_host_delay=0)
    agents = {agent for _, agent, _ in site.log}
    assert agents == {f"tidings/{__version__} (+https://github.com/tidings)"}


def test_fetch_per_host_delay_spaces_requests(serve: Callable[..., Site], tmp_path: Path) -> None:
    site = serve()
    fetch([f"{site.base}/news/1.html", f"{site.base}/news/2.html"], tmp_path, per_host_delay=0.3)
    times = [stamp for _, _, stamp in site.log]
    assert len(times) == 3  # robots.txt, then the two pages
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= 0.25, gaps


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_fetch_bad_urls_recorded_not_raised(serve: Callable[..., Site], tmp_path: Path) -> None:
    site = serve()
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
    summary = fetch(urls, tmp_path, per_host_delay=0, timeout=0.3)
    errors = {r.url.replace(site.base, ""): r.error for r in summary.failed}
    assert errors["/missing"] == "HTTP 404"
    assert errors["/logo.png"] == "not an HTML page (image/png)"
    assert "timed out" in errors["/slow"].lower() or "timeout" in errors["/slow"].lower()
    assert errors["/moved"] == "disallowed by robots.txt"
    assert errors["ftp://127.0.0.1/file.html"] == "not an http(s) URL"
    assert "IPv6" in errors["http://[::1/broken"]
    assert any("robots.txt could not be fetched" in e for e in errors.values())
    assert [r.url for r in summary.saved] == [f"{site.base}/hop"]
    assert (tmp_path / page_file(f"{site.base}/hop")).read_bytes() == _page("First story")


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
    serve: Callable[..., Site], tmp_path: Path, robots: tuple[int, bytes], expected: str
) -> None:
    site = serve(robots)
    summary = fetch([f"{site.base}/news/1.html"], tmp_path, per_host_delay=0)
    (result,) = summary.results
    assert result.error == expected
    assert ("/news/1.html" in site.paths()) == (not expected)


def test_fetch_ignore_robots_when_asked(serve: Callable[..., Site], tmp_path: Path) -> None:
    site = serve()
    summary = fetch(
        [f"{site.base}/private/secret.html"], tmp_path, per_host_delay=0, respect_robots=False
    )
    assert len(summary.saved) == 1 and "/robots.txt" not in site.paths()


def test_fetch_rerun_skips_saved_pages(serve: Callable[..., Site], tmp_path: Path) -> None:
    site = serve()
    urls = [f"{site.base}/news/1.html", f"{site.base}/news/2.html"]
    first = fetch(urls, tmp_path, per_host_delay=0)
    requests = len(site.log)
    second = fetch(urls, tmp_path, per_host_delay=0)
    assert len(first.saved) == 2 and not second.saved and len(second.already) == 2
    assert len(site.log) == requests
    assert len(_index(tmp_path)) == 2


def test_fetch_cli_command(serve: Callable[..., Site], tmp_path: Path) -> None:
    site = serve()
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        app, ["fetch", f"{site.base}/feed.xml", "--out", str(out), "--delay", "0"]
    )
    assert result.exit_code == 0, result.output
    assert "saved 2 pages" in result.output and "1 failed" in result.output
    assert "1 feed read" in result.output
    assert "disallowed by robots.txt" in result.output
    assert len(list(out.glob("*.html"))) == 2
    help_text = CliRunner().invoke(app, ["fetch", "--help"])
    assert help_text.exit_code == 0 and "--out" in help_text.output


def test_fetch_oversized_page_not_saved(
    serve: Callable[..., Site], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tidings.ingest.fetch

    monkeypatch.setattr(tidings.ingest.fetch, "MAX_HTML_BYTES", 100)
    site = serve()
    summary = fetch([f"{site.base}/news/1.html"], tmp_path, per_host_delay=0)
    (result,) = summary.failed
    assert result.error == "larger than 100 bytes; not saved"
    assert not list(tmp_path.glob("*.html"))


def test_fetch_each_error_printed_once(serve: Callable[..., Site], tmp_path: Path) -> None:
    import logging

    site = serve()
    logging.getLogger().setLevel(logging.WARNING)  # as the CLI sets it without --verbose
    result = CliRunner().invoke(
        app, ["fetch", f"{site.base}/missing", "--out", str(tmp_path / "o"), "--delay", "0"]
    )
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
