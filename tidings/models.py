"""The record types: frozen, slotted dataclasses; dicts appear only at the edges."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from tidings.errors import IngestError

Span = tuple[int, int]
Modality = Literal["asserted", "negated", "hypothetical", "future", "reported"]

T = TypeVar("T")


def content_hash(text: str) -> str:
    """A stable id for a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an input came from: a path or URL, plus the record inside it (line, WARC offset)."""

    location: str
    record: str = ""

    def __str__(self) -> str:
        return f"{self.location}:{self.record}" if self.record else self.location


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: `text` is the body every span points into."""

    id: str
    content_hash: str
    text: str
    title: str = ""
    standfirst: str = ""
    byline: str = ""
    dateline: str = ""
    published: date | None = None
    outlet: str = ""
    url: str = ""
    language: str = "en"
    source: SourceRef = SourceRef("")


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention found by the NER or the lexicons."""

    text: str
    label: str
    span: Span
    sentence: int


@dataclass(frozen=True, slots=True)
class Actor:
    text: str
    code: str = ""
    country: str = ""
    sector: str = ""
    name: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class TimeRef:
    text: str
    value: str | None
    end: str | None = None
    granularity: str = "day"
    span: Span | None = None
    source: str = "clause"


@dataclass(frozen=True, slots=True)
class Place:
    text: str
    name: str
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    kind: str = "other"
    span: Span | None = None
    source: str = "clause"


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    value: float | None
    min: float | None = None
    max: float | None = None
    approximate: bool = False
    unit: str = ""
    object: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    code: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    kind: Literal["direct", "indirect", "partial"]
    speaker: Speaker | None
    verb: str
    span: Span


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str = ""
    code: str = ""
    country: str = ""
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    code: str = ""
    spans: tuple[Span, ...] = ()
    # The other names the article gives it ("SIPRI" for the Stockholm International Peace
    # Research Institute), as written, without "the".
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Trigger:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class EventMention:
    article: str
    sentence: int
    span: Span


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    cameo: str
    cameo_label: str
    plover: str
    plover_mode: str
    plover_context: str
    quad_class: int
    goldstein: float
    source: Actor | None
    target: Actor | None
    modality: Modality
    date: TimeRef | None
    place: Place | None
    sentence: int
    span: Span
    trigger: Trigger
    quantities: tuple[Quantity, ...] = ()
    mentions: tuple[EventMention, ...] = ()
    pattern: str = ""


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be made into a record, with the reason."""

    source: SourceRef
    stage: str
    error: str

    @classmethod
    def of_ingest(cls, error: IngestError) -> Failure:
        """The failure an input that could not be read becomes."""
        return cls(SourceRef(error.location, error.record), "ingest", error.reason)


# The record's lists that components extract, in the order a record lists them.
RECORD_LISTS = (
    "events",
    "quotes",
    "quantities",
    "dates",
    "places",
    "people",
    "organizations",
    "mentions",
)

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """Something that went wrong in one article without losing it: a component that raised (an
    error), or one skipped because a component it depends on failed (a warning)."""

    component: str
    severity: Severity
    message: str


@dataclass(frozen=True, slots=True)
class Setting:
    """The countries an article is set in: its home country with the reason it was chosen
    ("dateline", "dominance", "capital", or "" when the text names none), and each sentence's
    scene country ("" where the sentence sets no scene of its own)."""

    home: str = ""
    reason: str = ""
    scenes: tuple[str, ...] = ()

    def country_of(self, sentence: int) -> str:
        """The country a sentence is set in: its own scene, else the article's home."""
        scene = self.scenes[sentence] if 0 <= sentence < len(self.scenes) else ""
        return scene or self.home


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """Everything tidings found in one article."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[TimeRef, ...] = ()
    places: tuple[Place, ...] = ()
    people: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), repr=False)
    setting: Setting = Setting()
    problems: tuple[Problem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON record of DESIGN.md: article metadata flattened, then the lists."""
        art = self.article
        out: dict[str, Any] = {
            "id": art.id,
            "content_hash": art.content_hash,
            "url": art.url,
            "title": art.title,
            "standfirst": art.standfirst,
            "byline": art.byline,
            "dateline": art.dateline,
            "published": art.published.isoformat() if art.published else None,
            "outlet": art.outlet,
            "language": art.language,
            "source": str(art.source),
            "text": art.text,
        }
        for name in (
            "sentences",
            "events",
            "quotes",
            "quantities",
            "dates",
            "places",
            "people",
            "organizations",
        ):
            out[name] = [to_plain(item) for item in getattr(self, name)]
        return out


def to_plain(value: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, dates to ISO strings (JSON-ready)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(frozen=True, slots=True)
class RawDocument:
    """An input as read, before cleaning: the text and what the container said about it."""

    source: SourceRef
    text: str
    id: str = ""
    published: date | None = None
    title: str = ""
    url: str = ""
    outlet: str = ""
    byline: str = ""
    language: str = ""
    # Plain text still carries its header (title, byline, credits); extracted HTML does not.
    has_header: bool = True
