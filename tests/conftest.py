"""Shared fixtures: settings with a temporary store, one pipeline per session, the cases."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tidings import nlp as nlp_stage
from tidings.build import build_pipeline
from tidings.config import Settings
from tidings.lexicons import Lexicons, load_lexicons
from tidings.models import Article, ArticleRecord, Problem, Setting, SourceRef
from tidings.pipeline.run import Pipeline

if TYPE_CHECKING:
    from spacy.language import Language

TESTS = Path(__file__).parent
CASES = TESTS / "cases"
FIXTURES = TESTS / "fixtures"


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return build_pipeline(Settings())


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default model as the pipeline loads it, for tests of rules over a real parse."""
    return nlp_stage.load(Settings())


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    """The bundled lexicons, loaded once, for tests of rules that read them."""
    return load_lexicons()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db_path=tmp_path / "test.duckdb", batch_size=4)


@pytest.fixture(scope="session")
def baltic_text() -> str:
    return (CASES / "baltic-2015" / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def baltic_key() -> dict[str, Any]:
    return json.loads((CASES / "baltic-2015" / "expected.json").read_text(encoding="utf-8"))


def store_snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every data table of a store (and the merged events), rows sorted: for comparing stores.
    The time each article was added is left out: two runs never share it."""
    import duckdb

    from tidings.store.schema import DATA_TABLES

    def select(table: str) -> str:
        return "SELECT * EXCLUDE (added_at)" if table == "articles" else "SELECT *"

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            table: sorted(con.execute(f"{select(table)} FROM {table}").fetchall(), key=repr)
            for table in (*DATA_TABLES, "story_events")
        }
    finally:
        con.close()


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if (p / "expected.json").exists())


@pytest.fixture(scope="session")
def golden_records(pipeline: Pipeline) -> dict[str, ArticleRecord]:
    """Each golden case's record, with problems set by hand, and a setting set by hand where the
    pipeline gives none (so that tests of records and the store cover both)."""
    from tidings.ingest import iter_inputs

    out = {}
    for name in case_names():
        (raw,) = iter_inputs([str(CASES / name / "article.txt")])
        record = pipeline(raw)
        assert isinstance(record, ArticleRecord), record
        setting = record.setting
        if not setting.home and not any(setting.scenes):
            scenes = tuple("AFG" if i == 1 else "" for i in range(min(3, len(record.sentences))))
            setting = Setting(home="PAK", reason="dateline", scenes=scenes)
        out[name] = dataclasses.replace(
            record,
            setting=setting,
            problems=(
                Problem("quotes", "error", "ValueError: no [speaker] in 'x'"),
                Problem("events", "warning", "skipped: quotes failed"),
            ),
        )
    return out


# Input values that a terminal would interpret: Rich markup, an OSC retitle, a clear screen.
EVIL = "Evil [/] title \x1b]0;pwned\x07 \x1b[2J [bold]x"


@pytest.fixture
def hostile_titles(tmp_path: Path) -> Path:
    """A folder with a JSONL file whose title and date hold markup and escape sequences."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    lines = [
        {
            "id": "t1",
            "title": EVIL,
            "text": "Rebels attacked a convoy near Goma on Monday, officials said. "
            "The army said it would respond [/] to the attack.",
            "date": "2023-02-01",
        },
        {"id": "t2", "text": "Police detained protesters in Nairobi.", "date": "[/]\x1b[31m"},
    ]
    (folder / "evil.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    return folder


def write_articles(db: Path, articles: list[Article], duplicates: tuple[Article, ...] = ()) -> None:
    """Store bare articles (no NLP) with their sources; `duplicates` are further inputs that
    read an article already in the list (a source row each, status "duplicate")."""
    from tidings import store
    from tidings.store.writer import StoreWriter

    con = store.connect(db)
    try:
        StoreWriter(con).write([ArticleRecord(article) for article in articles], duplicates)
    finally:
        con.close()


def bare_article(aid: str, external_id: str = "", title: str = "", where: str = "") -> Article:
    """An article with a given id (a real one is its text's hash) and a short text."""
    text = f"Article {aid} says the army moved into Riga on Monday."
    source = SourceRef(where or f"{aid}.txt")
    return Article(aid, aid, text, title=title, source=source, external_id=external_id)


def event_record(text: str, where: str, day: str | None, cameo: str = "0234") -> ArticleRecord:
    """A record built by hand (no NLP): an article keyed by its text's hash, with one event
    dated `day` (a day, a month, or None), for tests of clustering and merged events."""
    from tidings.components.dates.periods import period
    from tidings.models import Actor, Event, Trigger, content_hash

    aid = content_hash(text)
    event = Event(
        id="e0",
        cameo=cameo,
        cameo_label="appeal",
        plover="REQUEST",
        plover_mode="",
        plover_context="",
        quad_class=1,
        goldstein=3.0,
        source=Actor("Lithuania", "LTU", "LTU"),
        target=Actor("NATO", "IGOWSTNAT"),
        modality="asserted",
        date=_dated("on Tuesday", day, period) if day else None,
        place=None,
        sentence=0,
        span=(0, 20),
        trigger=Trigger("asked", (10, 15)),
    )
    return ArticleRecord(Article(aid, aid, text, source=SourceRef(where)), events=(event,))


def _page(title: str, lead: str) -> bytes:
    paragraphs = "".join(
        f"<p>{lead} In paragraph {n} officials said that talks would resume in Geneva.</p>"
        for n in range(4)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head><body><article>"
        f"<h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _warc_records(*records: tuple[str | None, bytes, str], compressed: bool = True) -> list[bytes]:
    """WARC response records (status 200) as bytes, each (target URI or None, body, media)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = []
    for uri, body, media in records:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=compressed)
        headers = StatusAndHeaders("200 OK", [("Content-Type", media)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            uri or "https://x.test/",
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
        )
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
        out.append(buffer.getvalue())
    return out


@dataclasses.dataclass
class HostileCorpus:
    """A folder of inputs built at test time, good ones among bad ones of every class ingest
    must survive: `failures` is the exact failure each bad input must leave, by (file name,
    record), and `articles` the (file name, record) of every input that must be stored."""

    root: Path
    failures: dict[tuple[str, str], str]
    articles: set[tuple[str, str]]
    duplicates: set[tuple[str, str]]


HTML = "text/html; charset=utf-8"
GOOD_TEXTS = {
    "army": "The army moved two brigades to the northern border on Monday, the ministry said.",
    "talks": "Negotiators from both countries met in Vienna on Tuesday and agreed to meet in May.",
    "police": "Police detained 40 protesters in the capital on Sunday, witnesses told reporters.",
    "aid": "The European Union pledged 30 million euros in aid to flood victims on Friday.",
    "wide": "Rebels attacked a convoy near Goma on Wednesday, a United Nations spokesman said.",
}


def build_hostile_corpus(root: Path) -> HostileCorpus:
    """Write the hostile corpus into `root` (small files, made fresh for each test)."""
    import json
    import os

    root.mkdir(parents=True, exist_ok=True)
    failures: dict[tuple[str, str], str] = {}
    articles: set[tuple[str, str]] = set()
    # A WARC whose middle response has no target URI: that record fails alone.
    pages = _warc_records(
        ("https://x.test/army", _page("Army moves", GOOD_TEXTS["army"]), HTML),
        (None, _page("No address", GOOD_TEXTS["police"]), HTML),
        ("https://x.test/talks", _page("Talks", GOOD_TEXTS["talks"]), HTML),
    )
    (root / "nouri.warc.gz").write_bytes(b"".join(pages))
    articles |= {
        ("nouri.warc.gz", "record at 0"),
        ("nouri.warc.gz", f"record at {len(pages[0]) + len(pages[1])}"),
    }
    failures[("nouri.warc.gz", f"record at {len(pages[0])}")] = (
        "response record without a WARC-Target-URI"
    )
    # A WARC.gz cut in the middle of its second record.
    first, second = _warc_records(
        ("https://x.test/aid", _page("Aid", GOOD_TEXTS["aid"]), HTML),
        ("https://x.test/cut", _page("Cut", GOOD_TEXTS["police"]), HTML),
    )
    cut = len(second) // 2
    (root / "cut.warc.gz").write_bytes(first + second[:cut])
    articles.add(("cut.warc.gz", "record at 0"))
    failures[("cut.warc.gz", f"record at {len(first)}")] = (
        f"truncated archive: {cut} bytes after the last whole record"
    )
    # A WARC with no HTML page in it.
    (root / "nohtml.warc").write_bytes(
        b"".join(
            _warc_records(
                ("https://x.test/logo.png", b"\x89PNG\r\n", "image/png"), compressed=False
            )
        )
    )
    failures[("nohtml.warc", "")] = (
        "no HTML page in this archive: 1 records, none an HTML response with status 200"
    )
    # JSONL: good lines around an invalid byte and a malformed line; one id reused for another
    # text (both stored, the second with a warning); one text given twice (one article).
    lines = [
        json.dumps({"id": "7", "text": GOOD_TEXTS["police"], "date": "2020-08-16"}).encode(),
        b'{"id": "8", "text": "Caf\xe9 owners protested in the capital on Sunday."}',
        b'{"id": "9", "text": broken',
        json.dumps({"id": "7", "text": GOOD_TEXTS["talks"] + " Both sides said so."}).encode(),
        json.dumps({"id": "10", "text": GOOD_TEXTS["police"], "date": "2020-08-16"}).encode(),
    ]
    (root / "lines.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    articles |= {("lines.jsonl", "line 1"), ("lines.jsonl", "line 4")}
    failures[("lines.jsonl", "line 2")] = (
        "not valid UTF-8: byte 0xe9 at byte 24 of the line; re-encode it as UTF-8"
    )
    failures[("lines.jsonl", "line 3")] = "malformed JSON: Expecting value at column 21"
    duplicates = {("lines.jsonl", "line 5")}
    # UTF-16 text with a byte-order mark is read; an empty file, binary data and a named pipe
    # are not, each with its reason.
    (root / "wide.txt").write_bytes(GOOD_TEXTS["wide"].encode("utf-16"))
    articles.add(("wide.txt", ""))
    (root / "empty.txt").write_bytes(b"")
    failures[("empty.txt", "")] = "empty input: no text to read"
    (root / "binary.bin").write_bytes(bytes(range(256)) * 8)
    failures[("binary.bin", "")] = "binary data (NUL bytes), not a text article"
    os.mkfifo(root / "pipe.txt")
    failures[("pipe.txt", "")] = "not a regular file (a named pipe): skipped without reading it"
    # A folder `tidings fetch` saved, whose fetch index has a line cut short: the page keeps the
    # URL and date of its good line, the bad line is one failure naming it.
    fetched = root / "fetched"
    fetched.mkdir()
    (fetched / "f0.html").write_bytes(_page("Fetched", GOOD_TEXTS["police"].replace("40", "41")))
    good = {"url": "https://x.test/fetched", "file": "f0.html", "published": "2020-08-17"}
    (fetched / ".tidings-fetch.jsonl").write_text(
        json.dumps(good) + '\n{"url": "https://x.test/half", "fi\n', encoding="utf-8"
    )
    articles.add(("f0.html", ""))
    failures[(".tidings-fetch.jsonl", "line 2")] = (
        "fetch index line unreadable: not JSON (Unterminated string starting at, column 32)"
    )
    return HostileCorpus(root, failures, articles, duplicates)


# A local web site for the fetch tests: on 127.0.0.1 only, never the internet (fetch is told
# --allow-private / allow_private=True for it; the refusal of private addresses is tested with a
# stub resolver instead).
Respond = Callable[[BaseHTTPRequestHandler], None]
Route = tuple[int, str, bytes, dict[str, str]] | Respond


@dataclass
class Site:
    """Routes by path (an answer, or a function that answers by hand), and every request."""

    routes: dict[str, Route]
    log: list[tuple[str, str, float]] = field(default_factory=list)
    base: str = ""
    # Bytes of body each hand-made answer managed to send before the client went away.
    sent: dict[str, int] = field(default_factory=dict)

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.log]


def _site_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            site.log.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
            route = site.routes.get(self.path, (404, "text/plain", b"not found", {}))
            try:
                if callable(route):
                    route(self)
                    return
                status, media, raw, headers = route
                body = raw.replace(b"HOST", site.base.encode())
                self.send_response(status)
                self.send_header("Content-Type", media)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value.replace("HOST", site.base))
                self.end_headers()
                self.wfile.write(body)
            except OSError:
                self.close_connection = True  # the client gave up (a deadline or size test)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def web() -> Iterator[Callable[[dict[str, Route]], Site]]:
    """Start a local site with the given routes (several may run at once); stopped after."""
    servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []

    def start(routes: dict[str, Route]) -> Site:
        site = Site(dict(routes))
        server = ThreadingHTTPServer(("127.0.0.1", 0), _site_handler(site))
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


def _dated(text: str, value: str, period: Any) -> Any:
    """The event date of a day or month value written by hand."""
    from tidings.models import EventDate

    start, _, precision = period(value)
    return EventDate(text, value, start, None, precision, "sentence")


# query / sql / export: one store built by the pipeline from the bundled demo corpus, per
# session; tests open it read-only (or copy it) and never change it.
@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from importlib import resources

    from tidings.corpus import run_corpus

    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    corpus = Path(str(resources.files("tidings") / "demo"))
    summary = run_corpus([str(corpus)], Settings(db_path=db))
    assert summary.articles and not summary.failures
    return db


# serve: a real uvicorn server on a free port in a background thread, spoken to over HTTP.
@contextlib.contextmanager
def serving(db: Path, options: Any = None) -> Iterator[Any]:
    """An httpx client of a server (tidings.serve) over the store at `db`, stopped after."""
    import httpx

    from tidings.serve.app import create_app
    from tidings.serve.server import listen, server, url_of

    app = create_app(Settings(db_path=db), options)
    sock = listen("127.0.0.1", 0)
    running = server(app)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=url_of(sock), timeout=60) as client:
            yield client
    finally:
        running.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="session")
def demo_api(demo_store: Path) -> Iterator[Any]:
    """A server over the demo store's generation (published by the run that built it)."""
    with serving(demo_store) as client:
        yield client


# Event arguments (tests/test_dyads_*.py)


def dyad_events(
    pipeline: Pipeline, text: str, day: str = "2024-05-06"
) -> list[tuple[str, str, str]]:
    """(PLOVER type, source country, target country) of each event coded in a text: the
    first three letters of the actor codes, as the gold sets score them."""
    import datetime

    from tidings.models import RawDocument

    record = pipeline(
        RawDocument(
            SourceRef("t"), text, published=datetime.date.fromisoformat(day), has_header=False
        )
    )
    return [
        (
            e.plover or "",
            (e.source.code if e.source else "")[:3],
            (e.target.code if e.target else "")[:3],
        )
        for e in record.events
        if e.plover
    ]
