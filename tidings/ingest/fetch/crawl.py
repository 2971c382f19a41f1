"""Polite, bounded fetching of pages and feeds into a directory.

Each page is saved as `<hash of its URL>.html` and listed in the fetch index beside it (see
`tidings/ingest/fetch_index.py`: URL, where its redirects ended, the feed, the item's title and
date). robots.txt is obeyed, and its Crawl-delay when longer than ours, up to a cap (a notice says
when it caps); requests to one host are spaced by `per_host_delay`. Every request has a deadline
for the whole of it and a maximum body size; redirects are followed one hop at a time, at most
`max_redirects`, each hop checked: http or https only, an address that is public (unless
`allow_private`), allowed by robots.txt. A URL that fails is recorded, never raised. A page
already saved and indexed is not fetched again, so an interrupted run can simply be started again.
"""

from __future__ import annotations

import logging
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from tidings import __version__
from tidings.errors import IngestError
from tidings.ingest.feeds import FeedListing, feed_items
from tidings.ingest.fetch.net import (
    AddressGuard,
    Deadline,
    FetchError,
    GuardedBackend,
    Resolver,
    guarded_client,
    system_resolver,
)
from tidings.ingest.fetch_index import INDEX, index_line, read_index
from tidings.ingest.html import MAX_HTML_BYTES
from tidings.models import content_hash

log = logging.getLogger(__name__)

USER_AGENT = f"tidings/{__version__} (+https://github.com/tidings)"
ROBOTS_BYTES = 512 * 1024
PAGE_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How politely and how far a fetch goes; every limit applies to each request."""

    user_agent: str = USER_AGENT
    # Seconds between two requests to one host (robots.txt may ask for more).
    per_host_delay: float = 1.0
    # Seconds for the whole of one request: connecting, the headers and the entire body.
    deadline: float = 30.0
    # The largest body read; a longer one is abandoned when it passes this size.
    max_bytes: int = MAX_HTML_BYTES
    max_redirects: int = 5
    # The longest robots.txt Crawl-delay obeyed (seconds); a longer one is capped, with a notice.
    max_crawl_delay: float = 60.0
    respect_robots: bool = True
    # Fetch from loopback, private, link-local and other non-public addresses too.
    allow_private: bool = False

    def __post_init__(self) -> None:
        numbers = {
            "per_host_delay": self.per_host_delay,
            "max_crawl_delay": self.max_crawl_delay,
            "max_redirects": self.max_redirects,
        }
        for name, value in numbers.items():
            if value < 0:
                raise ValueError(f"{name} must be 0 or more, not {value}")
        if self.deadline <= 0 or self.max_bytes <= 0:
            raise ValueError("deadline and max_bytes must be more than 0")


@dataclass(frozen=True, slots=True)
class FeedOrigin:
    """The feed a page was listed in: what the fetch index keeps about it."""

    feed: str
    feed_title: str = ""
    title: str = ""
    published: date | None = None
    feed_published: date | None = None


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
    # Where the redirects ended, when they went somewhere else.
    final_url: str = ""
    origin: FeedOrigin | None = None

    def index_line(self) -> str:
        origin = self.origin or FeedOrigin("")
        return index_line(
            url=self.url,
            file=self.file or None,
            status=self.status or None,
            fetched_at=self.fetched_at,
            final_url=self.final_url if self.final_url != self.url else "",
            kind="" if self.kind == "page" else self.kind,
            error=self.error,
            feed=origin.feed,
            feed_title=origin.feed_title,
            title=origin.title,
            published=origin.published,
            feed_published=origin.feed_published,
        )


@dataclass(frozen=True, slots=True)
class FetchSummary:
    results: tuple[Fetched, ...] = ()
    # Said once each, for the person running the fetch (a robots.txt crawl delay capped).
    notices: tuple[str, ...] = ()

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
    # The absolute URL of a redirect's Location, else "".
    location: str = ""

    @property
    def media(self) -> str:
        return self.content_type.split(";")[0].strip()


@dataclass
class _Polite:
    """Robots rules, per-host pacing, address checks and limits around one httpx client."""

    client: httpx.Client
    options: FetchOptions
    guard: AddressGuard
    deadline: Deadline
    sleep: Callable[[float], None] = time.sleep
    # Per host: its rules, or why it is not crawled (robots.txt unreachable), asked once.
    robots: dict[str, urllib.robotparser.RobotFileParser | str] = field(default_factory=dict)
    last: dict[str, float] = field(default_factory=dict)
    notices: dict[str, str] = field(default_factory=dict)

    def _crawl_delay(self, host: str) -> float:
        rules = self.robots.get(host)
        if not isinstance(rules, urllib.robotparser.RobotFileParser):
            return 0.0
        try:
            asked = float(rules.crawl_delay(self.options.user_agent) or 0)
        except (TypeError, ValueError):
            return 0.0
        cap = self.options.max_crawl_delay
        if asked > cap and host not in self.notices:
            self.notices[host] = (
                f"{host}/robots.txt asks for {asked:g} s between requests; waiting "
                f"{cap:g} s instead (--max-crawl-delay)"
            )
        return min(asked, cap)

    def _wait(self, host: str) -> None:
        delay = max(self.options.per_host_delay, self._crawl_delay(host))
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
        rules = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        try:
            body = self._follow(f"{host}/robots.txt", ROBOTS_BYTES, robots=False)
        except (httpx.HTTPError, FetchError, ValueError) as exc:
            return f"robots.txt could not be fetched ({_reason(exc)}); host skipped"
        if body.status in (401, 403):
            rules.parse(["User-agent: *", "Disallow: /"])
        elif body.status >= 500:
            return f"robots.txt answered HTTP {body.status}; host skipped"
        elif body.status == 200:
            rules.parse(body.data.decode("utf-8", "replace").splitlines())
        else:
            rules.parse([])
        return rules

    def _check(self, url: str, hop: int) -> None:
        """Refuse a URL before anything is asked of its host: scheme, then addresses."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(
                f"redirected to {url[:200]}, not an http(s) URL" if hop else "not an http(s) URL"
            )
        port = parts.port or (443 if parts.scheme == "https" else 80)
        self.guard.addresses(parts.hostname, port)

    def _request(self, url: str, max_bytes: int) -> _Body:
        self._wait(_host(url))
        seconds = self.options.deadline
        self.deadline.start(seconds)
        try:
            return self._read(url, max_bytes)
        except httpx.TimeoutException:
            why = f"timed out: no whole answer within {seconds:g} s (--deadline)"
            raise FetchError(why) from None
        finally:
            self.deadline.stop()

    def _read(self, url: str, max_bytes: int) -> _Body:
        too_large = f"larger than {max_bytes:,} bytes (--max-bytes); not saved"
        headers = {"User-Agent": self.options.user_agent}
        timeout = httpx.Timeout(self.options.deadline)
        with self.client.stream(
            "GET", url, headers=headers, timeout=timeout, follow_redirects=False
        ) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(too_large)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(too_large)
                if self.deadline.passed():
                    raise httpx.ReadTimeout("the request's deadline has passed")
                chunks.append(chunk)
            location = response.headers.get("location", "") if response.is_redirect else ""
            return _Body(
                url,
                response.status_code,
                response.headers.get("content-type", "").lower(),
                b"".join(chunks),
                urljoin(url, location) if location else "",
            )

    def _follow(self, url: str, max_bytes: int, robots: bool) -> _Body:
        """The final answer for a URL, every hop checked (and allowed by robots.txt)."""
        for hop in range(self.options.max_redirects + 1):
            self._check(url, hop)
            if robots:
                rules = self._robots(_host(url))
                if not rules.can_fetch(self.options.user_agent, url):
                    raise FetchError("disallowed by robots.txt")
            body = self._request(url, max_bytes)
            if not body.location:
                return body
            url = body.location
        raise FetchError(f"more than {self.options.max_redirects} redirects (--max-redirects)")

    def get(self, url: str) -> _Body:
        return self._follow(url, self.options.max_bytes, robots=self.options.respect_robots)


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _is_feed(body: _Body) -> bool:
    from tidings.ingest import sniff

    looks = sniff(body.data[:4096], "") == "feed"
    return looks and (body.media in FEED_TYPES or not body.media.startswith("text/html"))


def page_file(url: str) -> str:
    """The file name a page fetched from `url` is saved under."""
    return f"{content_hash(url)}.html"


@dataclass
class _Crawl:
    """One fetch into one directory: what is saved and indexed there, and the outcomes."""

    polite: _Polite
    out: Path
    indexed: set[str]

    def _save(self, url: str, body: _Body, origin: FeedOrigin | None) -> Fetched:
        name = page_file(url)
        partial = self.out / f".{name}.part"
        partial.write_bytes(body.data)
        partial.replace(self.out / name)
        self.indexed.add(name)
        return Fetched(url, name, body.status, _now(), final_url=body.url, origin=origin)

    def one(self, url: str, origin: FeedOrigin | None = None) -> list[Fetched]:
        """The outcome for one URL, and for each item of it when it is a feed (not in a feed)."""
        name = page_file(url)
        if name in self.indexed and (self.out / name).is_file():
            return [Fetched(url, name, fresh=False, origin=origin)]
        try:
            body = self.polite.get(url)
        except (httpx.HTTPError, httpx.InvalidURL, FetchError, ValueError) as exc:
            return [Fetched(url, error=_reason(exc), fetched_at=_now(), origin=origin)]
        failed = Fetched(
            url, status=body.status, fetched_at=_now(), final_url=body.url, origin=origin
        )
        if body.status != 200:
            return [replace(failed, error=f"HTTP {body.status}")]
        if origin is None and _is_feed(body):
            try:
                listing = feed_items(body.data, url)
            except IngestError as exc:
                return [replace(failed, error=exc.reason, kind="feed")]
            return [replace(failed, kind="feed"), *self._items(url, listing)]
        if body.media and body.media not in PAGE_TYPES:
            return [replace(failed, error=f"not an HTML page ({body.media})")]
        return [self._save(url, body, origin)]

    def _items(self, url: str, listing: FeedListing) -> list[Fetched]:
        results: list[Fetched] = []
        for item in listing.items:
            origin = FeedOrigin(url, listing.title, item.title, item.published, listing.published)
            results.extend(self.one(urljoin(url, item.link), origin))
        return results


def fetch(
    urls_or_feeds: Iterable[str],
    out_dir: Path | str,
    options: FetchOptions | None = None,
    *,
    client: httpx.Client | None = None,
    resolve: Resolver = system_resolver,
    sleep: Callable[[float], None] = time.sleep,
) -> FetchSummary:
    """Download pages (and the items of feeds) into out_dir, politely; see the module doc.

    `resolve` turns a host name into its addresses (tests inject one); `client` replaces the
    guarded httpx client (its own transport then decides where it connects: every hop is still
    checked against `resolve` first)."""
    opts = options or FetchOptions()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    guard = AddressGuard(resolve, opts.allow_private)
    deadline = Deadline()
    http = client or guarded_client(GuardedBackend(guard, deadline), opts.user_agent)
    polite = _Polite(http, opts, guard, deadline, sleep)
    known = read_index(out)
    crawl = _Crawl(polite, out, set(known.entries) if known is not None else set())
    results: list[Fetched] = []
    try:
        with (out / INDEX).open("a", encoding="utf-8") as index:
            for url in dict.fromkeys(u.strip() for u in urls_or_feeds if u.strip()):
                for result in crawl.one(url):
                    results.append(result)
                    if result.fresh:
                        index.write(result.index_line() + "\n")
                        index.flush()
                    if result.error:
                        # Quietly: the summary carries it, and the CLI prints it once.
                        log.debug("%s: %s", result.url, result.error)
    finally:
        if client is None:
            http.close()
    return FetchSummary(tuple(results), tuple(polite.notices.values()))
