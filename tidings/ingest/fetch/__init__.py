"""Fetching pages and feeds into a directory for `tidings run`: the only code that touches the
network (`crawl.py` the polite crawl, `net.py` where and for how long it may connect)."""

from tidings.ingest.fetch.crawl import (
    USER_AGENT,
    Fetched,
    FetchOptions,
    FetchSummary,
    fetch,
    page_file,
)
from tidings.ingest.fetch.net import FetchError, system_resolver
from tidings.ingest.fetch_index import INDEX

__all__ = [
    "INDEX",
    "USER_AGENT",
    "FetchError",
    "FetchOptions",
    "FetchSummary",
    "Fetched",
    "fetch",
    "page_file",
    "system_resolver",
]
