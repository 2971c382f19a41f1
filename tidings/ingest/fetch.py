"""Polite fetching of pages and feeds into a directory (the only module that uses the network).

Each page is saved as `<hash of its URL>.html` and listed in `.index.jsonl` (url, file, status,
fetched_at, error; a dot file, so `tidings run DIR` does not read it as an article).
robots.txt is obeyed (and its Crawl-delay, when longer than ours), requests to one host are
spaced by `per_host_delay`, redirects are followed one hop at a time so every hop is
checked, and a URL that fails is recorded, never raised. A page already saved is not
fetched again, so an interrupted run can simply be started again.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from tidings import __version__
from tidings.errors import IngestError
from tidings.ingest.feeds import feed_links
from tidings.ingest.html import MAX_HTML_BYTES
from tidings.models import content_hash

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

USER_AGENT = f"tidings/{__version__} (+https://github.com/tidings)"
INDEX = ".index.jsonl"
MAX_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


@dataclass(frozen=True, slots=True)
class Fetched:
    """One URL's outcome: the saved file, or the reason it was not saved."""

    url: str
    file: str = ""
    status: int = 0
    fetched_at: str = ""
    error: str = ""
    kind: str = "page"
    # False for a page saved by an earlier run (not fetched again, not indexed again).
    fresh: bool = True


@dataclass(frozen=True, slots=True)
class FetchSummary:
    results: tuple[Fetched, ...] = ()

    @property
    def saved(self) -> tuple[Fetched, ...]:
        return tuple(r for r in self.results if r.file and r.fresh and not r.error)

    @property
    def already(self) -> tuple[Fetched, ...]:
        return tuple(r for r in self.results if not r.fresh)

    @property
    def failed(self) -> tuple[Fetched, ...]:
        return tuple(r for r in self.results if r.error)

    @property
    def feeds(self) -> tuple[Fetched, ...]:
        return tuple(r for r in self.results if r.kind == "feed" and not r.error)


@dataclass(frozen=True, slots=True)
class _Body:
    url: str
    status: int
    content_type: str
    data: bytes


class FetchError(Exception):
    """Why one URL was not fetched (recorded in the summary, never raised to the caller)."""


@dataclass
class _Polite:
    """Robots rules, per-host pacing and size limits around one httpx client."""

    client: httpx.Client
    user_agent: str
    delay: float
    timeout: float
    respect_robots: bool
    sleep: Callable[[float], None] = time.sleep
    # Per host: its rules, or why it is not crawled (robots.txt unreachable), asked once.
    robots: dict[str, urllib.robotparser.RobotFileParser | str] = field(default_factory=dict)
    last: dict[str, float] = field(default_factory=dict)

    def _wait(self, host: str) -> None:
        rules = self.robots.get(host)
        delay = self.delay
        if isinstance(rules, urllib.robotparser.RobotFileParser):
            delay = max(delay, float(rules.crawl_delay(self.user_agent) or 0))
        since = time.monotonic() - self.last.get(host, -1e9)
        if since < delay:
            self.sleep(delay - since)
        self.last[host] = time.monotonic()

    def _robots(self, host: str) -> urllib.robotparser.RobotFileParser:
        if host not in self.robots:
            self.robots[host] = self._load_robots(host)
        rules = self.robots[host]
        if isinstance(rules, str):
            raise FetchError(rules)
        return rules

    def _load_robots(self, host: str) -> urllib.robotparser.RobotFileParser | str:
        """The host's rules; a host whose robots.txt cannot be read is not crawled at all."""
        import httpx

        rules = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        url = f"{host}/robots.txt"
        try:
            for _ in range(MAX_REDIRECTS + 1):
                body = self._request(url, max_bytes=512 * 1024)
                if body.url == url:
                    break
                url = body.url
        except (httpx.HTTPError, FetchError) as exc:
            return f"robots.txt could not be fetched ({exc or type(exc).__name__}); host skipped"
        if body.status in (401, 403):
            rules.parse(["User-agent: *", "Disallow: /"])
        elif body.status >= 500:
            return f"robots.txt answered HTTP {body.status}; host skipped"
        elif body.status == 200:
            rules.parse(body.data.decode("utf-8", "replace").splitlines())
        else:
            rules.parse([])
        return rules

    def _request(self, url: str, max_bytes: int) -> _Body:
        host = _host(url)
        self._wait(host)
        headers = {"User-Agent": self.user_agent}
        with self.client.stream(
            "GET", url, headers=headers, timeout=self.timeout, follow_redirects=False
        ) as response:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"larger than {max_bytes:,} bytes; not saved")
                chunks.append(chunk)
            location = response.headers.get("location", "")
            body = _Body(
                urljoin(url, location) if response.is_redirect else url,
                response.status_code,
                response.headers.get("content-type", "").lower(),
                b"".join(chunks),
            )
        return body

    def get(self, url: str) -> _Body:
        """The final response for a URL, checking robots.txt at every redirect hop."""
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise FetchError("not an http(s) URL")
            rules = self._robots(_host(url)) if self.respect_robots else None
            if rules is not None and not rules.can_fetch(self.user_agent, url):
                raise FetchError("disallowed by robots.txt")
            body = self._request(url, MAX_HTML_BYTES)
            if body.url == url or not 300 <= body.status < 400:
                return body
            url = body.url
        raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _is_feed(body: _Body) -> bool:
    from tidings.ingest import sniff

    media = body.content_type.split(";")[0].strip()
    looks = sniff(body.data[:4096], "") == "feed"
    return looks and (media in FEED_TYPES or not media.startswith("text/html"))


def page_file(url: str) -> str:
    """The file name a page fetched from `url` is saved under."""
    return f"{content_hash(url)}.html"


def _save(out_dir: Path, url: str, body: _Body) -> Fetched:
    name = page_file(url)
    partial = out_dir / f".{name}.part"
    partial.write_bytes(body.data)
    partial.replace(out_dir / name)
    return Fetched(url, name, body.status, _now())


def _fetch_one(polite: _Polite, url: str, out_dir: Path, expand: bool) -> list[Fetched]:
    """The outcome for one URL, and for each item of it when it is a feed."""
    import httpx

    if (out_dir / page_file(url)).exists():
        return [Fetched(url, page_file(url), fresh=False)]
    try:
        body = polite.get(url)
    except (httpx.HTTPError, httpx.InvalidURL, FetchError, ValueError) as exc:
        return [Fetched(url, error=str(exc) or type(exc).__name__, fetched_at=_now())]
    if body.status != 200:
        return [Fetched(url, status=body.status, fetched_at=_now(), error=f"HTTP {body.status}")]
    if expand and _is_feed(body):
        try:
            links = feed_links(body.data, url)
        except IngestError as exc:
            return [Fetched(url, status=200, fetched_at=_now(), error=exc.reason, kind="feed")]
        results = [Fetched(url, status=200, fetched_at=_now(), kind="feed")]
        for link in links:
            results.extend(_fetch_one(polite, urljoin(url, link), out_dir, expand=False))
        return results
    media = body.content_type.split(";")[0].strip()
    if media and media not in PAGE_TYPES:
        return [Fetched(url, status=200, fetched_at=_now(), error=f"not an HTML page ({media})")]
    return [_save(out_dir, url, body)]


def fetch(
    urls_or_feeds: Iterable[str],
    out_dir: Path | str,
    *,
    user_agent: str = USER_AGENT,
    per_host_delay: float = 1.0,
    timeout: float = 20.0,
    respect_robots: bool = True,
    client: httpx.Client | None = None,
) -> FetchSummary:
    """Download pages (and the items of feeds) into out_dir, politely; see the module doc."""
    import httpx

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    own = client is None
    http = client or httpx.Client(headers={"User-Agent": user_agent}, timeout=timeout)
    polite = _Polite(http, user_agent, per_host_delay, timeout, respect_robots)
    results: list[Fetched] = []
    try:
        with (out / INDEX).open("a", encoding="utf-8") as index:
            for url in dict.fromkeys(u.strip() for u in urls_or_feeds if u.strip()):
                for result in _fetch_one(polite, url, out, expand=True):
                    results.append(result)
                    if not result.fresh:
                        continue
                    index.write(json.dumps(_index_line(result), ensure_ascii=False) + "\n")
                    index.flush()
                    if result.error:
                        # Logged quietly: the summary carries it, and the CLI prints it once.
                        log.info("%s: %s", result.url, result.error)
    finally:
        if own:
            http.close()
    return FetchSummary(tuple(results))


def _index_line(result: Fetched) -> dict[str, object]:
    line: dict[str, object] = {
        "url": result.url,
        "file": result.file or None,
        "status": result.status or None,
        "fetched_at": result.fetched_at,
    }
    if result.kind != "page":
        line["kind"] = result.kind
    if result.error:
        line["error"] = result.error
    return line
