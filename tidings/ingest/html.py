"""HTML pages: decode honestly, then let trafilatura find the article (its only import)."""

from __future__ import annotations

import codecs
import html
import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from tidings.errors import IngestError
from tidings.models import RawDocument, SourceRef

log = logging.getLogger(__name__)

# One article page is rarely over 2 MiB; 20 MiB leaves room for inline scripts and images
# while keeping a pathological page from tying up the extractor.
MAX_HTML_BYTES = 20 * 2**20
_PRESCAN = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.I)
# Browsers read these labels as windows-1252 (WHATWG Encoding), and so do we.
_AS_CP1252 = {"iso8859-1", "ascii", "cp1252"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Block elements of HTML and of trafilatura's output XML: each starts a new paragraph.
_BLOCK_NAMES = (
    "p div section article header footer aside main blockquote pre ul ol li dl dt dd table tr "
    "h1 h2 h3 h4 h5 h6 figure figcaption head item list quote row code"
)
_BLOCKS = frozenset(_BLOCK_NAMES.split())
# Line breaks in the markup are spaces; only <br> (trafilatura's <lb>) breaks a line.
_SPACE = re.compile(r"\s+")
_BREAKS = frozenset({"br", "lb"})
_CELLS = frozenset({"td", "th", "cell"})
_SKIP = frozenset({"script", "style", "noscript", "template"})
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][A-Za-z0-9]+)*$")
# Precision over recall: a missed sidebar line costs less than a related-story headline
# parsed as news. Tables are left out: their cells make no sentences for the parser.
# Deduplication stays off: trafilatura keeps its seen-text cache across calls, so the same
# paragraph in a second page (or a second run) would silently vanish.
_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
    # The fallback extractors (readability, jusText) double the time of a page and changed
    # nothing on html-dev: they run only when the main pass finds too little (RESCUE_CHARS).
    "fast": True,
    "with_metadata": True,
    # Metadata, structured markup and the URL only: a date guessed from the body text would
    # anchor every relative date of the article to the wrong day.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}
RESCUE_CHARS = 500


def declared_charset(head: bytes) -> str | None:
    """The codec name the page's own markup declares, if Python knows it."""
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    return "cp1252" if name in _AS_CP1252 else name


def decode_html(data: bytes, location: str, charset: str = "", record: str = "") -> str:
    """Text of an HTML page: UTF-8 when the bytes are UTF-8, whatever the page claims;
    else the declared charset (HTTP header first, then markup), else windows-1252."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    if b"\x00" in data[:_PRESCAN]:
        raise IngestError(location, "binary data (NUL bytes), not an HTML page", record)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    # Valid multi-byte sequences almost never occur by chance in legacy 8-bit text: when
    # they outnumber the broken ones, this is UTF-8 with a few damaged bytes.
    non_ascii = len(lenient) - len(lenient.encode("ascii", "ignore"))
    if non_ascii - broken > broken:
        log.info("%s: %d invalid UTF-8 sequences replaced", location, broken)
        return lenient
    declared = _known(charset) or declared_charset(data[:_PRESCAN])
    for codec in dict.fromkeys(c for c in (declared, "cp1252") if c and c != "utf-8"):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    log.info("%s: undecodable bytes replaced", location)
    return data.decode(declared if declared and declared != "utf-8" else "cp1252", "replace")


def _known(charset: str) -> str | None:
    try:
        name = codecs.lookup(charset).name if charset else None
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def _walk(node: Any, parts: list[str]) -> None:
    tag = node.tag if isinstance(node.tag, str) else ""
    if tag in _SKIP:
        parts.append(_SPACE.sub(" ", node.tail or ""))
        return
    block = tag in _BLOCKS
    if block:
        parts.append("\n\n")
    elif tag in _BREAKS:
        parts.append("\n")
    # Comments and processing instructions have a non-string tag: their text is not content.
    if tag and node.text:
        parts.append(_SPACE.sub(" ", node.text))
    for child in node:
        _walk(child, parts)
    if block:
        parts.append("\n\n")
    elif tag in _CELLS:
        parts.append(" ")
    parts.append(_SPACE.sub(" ", node.tail or ""))


def element_text(root: Any) -> str:
    """Paragraphs of an element tree, separated by blank lines; runs of spaces collapsed."""
    parts: list[str] = []
    _walk(root, parts)
    blocks = []
    for block in re.split(r"\n\s*\n", "".join(parts).replace("\r", "")):
        lines = [" ".join(line.split()) for line in block.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


def fragment_text(value: str, markup: bool = True) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept."""
    if not markup or "<" not in value:
        blocks = (" ".join(b.split()) for b in re.split(r"\n\s*\n", html.unescape(value)))
        return "\n\n".join(b for b in blocks if b)
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(value, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return ""
    return element_text(root)


def _page_language(tree: Any) -> str:
    lang = str(tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
    match = _LANG.match(lang.strip().lower())
    return match.group(1) if match else ""


def _drop_title(text: str, title: str) -> str:
    """The body without leading paragraphs that repeat the headline (metadata, not body)."""
    key = " ".join(title.split()).casefold()
    blocks = text.split("\n\n")
    while key and len(blocks) > 1 and " ".join(blocks[0].split()).casefold() == key:
        blocks.pop(0)
    return "\n\n".join(blocks)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def read_html(
    data: bytes, location: str, *, url: str = "", record: str = "", charset: str = ""
) -> Iterator[RawDocument]:
    """The article of one HTML page: body paragraphs plus title, date, byline and outlet."""
    if len(data) > MAX_HTML_BYTES:
        raise IngestError(
            location,
            f"HTML page of {len(data) / 2**20:.1f} MiB is over the limit of "
            f"{MAX_HTML_BYTES // 2**20} MiB for one page; not extracted",
            record,
        )
    yield extract_page(decode_html(data, location, charset, record), location, url, record)


def _with_fallback(markup: str, url: str) -> str:
    """The body found when trafilatura may also try its fallback extractors."""
    import trafilatura

    options = {**_OPTIONS, "fast": False, "with_metadata": False}
    found = trafilatura.bare_extraction(markup, url=url or None, **options)
    body = getattr(found, "body", None)
    return element_text(body) if body is not None else ""


def extract_page(markup: str, location: str, url: str = "", record: str = "") -> RawDocument:
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(markup)
    if tree is None:
        raise IngestError(location, "not an HTML page: no document tree", record)
    language = _page_language(tree)
    found = trafilatura.bare_extraction(tree, url=url or None, **_OPTIONS)
    body = getattr(found, "body", None)
    text = element_text(body) if body is not None else ""
    if len(text) < RESCUE_CHARS:
        text = _with_fallback(markup, url) or text
    title = " ".join(str(getattr(found, "title", "") or "").split())
    text = _drop_title(text, title)
    if not text.strip():
        raise IngestError(location, "no article text found", record)
    return RawDocument(
        source=SourceRef(location, record),
        text=text,
        published=_date(getattr(found, "date", None)),
        title=title,
        url=url or str(getattr(found, "url", "") or ""),
        outlet=str(getattr(found, "sitename", "") or ""),
        byline=str(getattr(found, "author", "") or "").replace("; ", ", "),
        language=language,
        has_header=False,
    )
