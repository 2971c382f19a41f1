"""The record types: frozen, slotted dataclasses; dicts appear only at the edges."""

from __future__ import annotations

import dataclasses
import hashlib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final, Literal, Self, TypeVar

if TYPE_CHECKING:
    from tidings.errors import IngestError

Span = tuple[int, int]
Modality = Literal["asserted", "negated", "hypothetical", "future", "reported"]
# The modalities of the events that are counted (the store's countable view, `tidings eval`):
# negated, hypothetical and future events are kept and flagged, never counted.
COUNTABLE: frozenset[str] = frozenset({"asserted", "reported"})

T = TypeVar("T")


def content_hash(text: str) -> str:
    """A stable id for a text: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Record:
    """What every record type shares: `to_dict()` gives JSON-ready values (nested records as
    dicts, tuples as lists, dates as ISO strings) and `from_dict()` turns them back into the
    record, equal to the one they came from."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        plain = to_plain(self)
        assert isinstance(plain, dict)
        return plain

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The record `data` describes; a missing key takes the field's default, an unknown
        key is an error (it would be dropped)."""
        hints = field_types(cls)
        unknown = set(data) - set(hints)
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
        return cls(**{name: _from_plain(hints[name], value) for name, value in data.items()})


@dataclass(frozen=True, slots=True)
class SourceRef(Record):
    """Where an input came from: a path or URL, plus the record inside it (line, WARC offset)."""

    location: str
    record: str = ""

    def __str__(self) -> str:
        return f"{self.location}:{self.record}" if self.record else self.location


@dataclass(frozen=True, slots=True)
class Article(Record):
    """A cleaned article: `text` is the body every span points into. Its `id` is the content
    hash of the text (the key everywhere); the id the input gave it, if any, is `external_id`
    (two inputs may reuse an id for different texts: both are kept)."""

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
    external_id: str = ""
    # The date a wire dateline gives ("KYIV, March 3 (AP) -"): the day the story was filed,
    # which dates the events the text leaves undated.
    dateline_date: date | None = None


@dataclass(frozen=True, slots=True)
class Sentence(Record):
    index: int
    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Mention(Record):
    """An entity mention found by the NER or the lexicons."""

    text: str
    label: str
    span: Span
    sentence: int


@dataclass(frozen=True, slots=True)
class Actor(Record):
    text: str
    code: str = ""
    country: str = ""
    sector: str = ""
    name: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class TimeRef(Record):
    text: str
    value: str | None
    end: str | None = None
    granularity: str = "day"
    span: Span | None = None
    source: str = "clause"


@dataclass(frozen=True, slots=True)
class EventDate(Record):
    """When an event happened: the period its time expression names, as a real date.

    `value` is the ISO date at its precision ("2015-03"), `start` the first day of the period,
    `precision` day, month or year, `end` the last day of a range (None for one period).
    `source` says how it was found: "clause" (an expression of the event's clause), "sentence"
    (of a clause that governs it: "On Monday, officials said ..."), "narrative" (a past-tense
    event the text goes on telling from the day the sentence before or the story's lead names,
    or an act a definite event noun refers back to), "dateline" (the story's
    dateline date) or "publication" (nothing else: `text` is empty). A duration never dates
    an event."""

    text: str
    value: str
    start: date
    end: date | None = None
    precision: str = "day"
    source: str = "clause"
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class EventPlace(Record):
    """Where an event happened: a place the text gives for it, with coordinates when known.

    `precision` is country, region, city or point (a named site finer than a city); `source`
    says how it was found: "clause" (a place of the event's clause), "venue" (the place of the
    event noun: "talks in Geneva", "a summit in Brussels"), "sentence" (a place of the
    sentence, outside the clause), "narrative" (a past-tense event whose sentence names no
    place: where the sentence before, in the same paragraph, says its main clause happened, or
    where the same actor's act of the sentence before was placed, across a paragraph) or
    "retold" (where another telling of the same happening in the article - the same code, day
    and actors - places it) or "occasion" (where the happening told before that its clause says
    it was part of took place: "beaten during the arrest").
    An event whose text gives no place has none: an actor's home country is never its place
    by default."""

    text: str
    name: str
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    precision: str = "point"
    source: str = "clause"
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Place(Record):
    text: str
    name: str
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    kind: str = "other"
    span: Span | None = None
    source: str = "clause"


@dataclass(frozen=True, slots=True)
class Quantity(Record):
    text: str
    value: float | None
    min: float | None = None
    max: float | None = None
    approximate: bool = False
    unit: str = ""
    object: str = ""
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Speaker(Record):
    name: str
    code: str = ""
    role: str = ""


@dataclass(frozen=True, slots=True)
class Quote(Record):
    text: str
    kind: Literal["direct", "indirect", "partial"]
    speaker: Speaker | None
    verb: str
    span: Span


@dataclass(frozen=True, slots=True)
class Person(Record):
    name: str
    role: str = ""
    code: str = ""
    country: str = ""
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Organization(Record):
    name: str
    code: str = ""
    spans: tuple[Span, ...] = ()
    # The other names the article gives it ("SIPRI" for the Stockholm International Peace
    # Research Institute), as written, without "the".
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Trigger(Record):
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class EventMention(Record):
    article: str
    sentence: int
    span: Span


@dataclass(frozen=True, slots=True)
class Event(Record):
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
    date: EventDate | None
    place: EventPlace | None
    sentence: int
    span: Span
    trigger: Trigger
    quantities: tuple[Quantity, ...] = ()
    mentions: tuple[EventMention, ...] = ()
    pattern: str = ""
    # The paragraph its sentence is in (0: the lead); None where it was not worked out (a
    # record made before paragraphs were counted).
    paragraph: int | None = None


@dataclass(frozen=True, slots=True)
class Failure(Record):
    """An input that could not be made into a record, with the reason."""

    source: SourceRef
    stage: str
    error: str

    @classmethod
    def of_ingest(cls, error: IngestError) -> Failure:
        """The failure an input that could not be read becomes."""
        return cls(SourceRef(error.location, error.record), "ingest", error.reason)


Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem(Record):
    """Something that went wrong in one article without losing it: a component that raised (an
    error), or one skipped because a component it depends on failed (a warning)."""

    component: str
    severity: Severity
    message: str


@dataclass(frozen=True, slots=True)
class Setting(Record):
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


# The list fields of an ArticleRecord, in record order, with the type of their items: the one
# list that the JSON record, the store's tables and the pipeline's output follow.
LIST_FIELDS: Final[Mapping[str, type[Record]]] = types.MappingProxyType(
    {
        "sentences": Sentence,
        "events": Event,
        "quotes": Quote,
        "quantities": Quantity,
        "dates": TimeRef,
        "places": Place,
        "people": Person,
        "organizations": Organization,
        "mentions": Mention,
        "problems": Problem,
    }
)
# The record's lists that components extract (all but the sentences and the problems).
RECORD_LISTS: Final = tuple(name for name in LIST_FIELDS if name not in ("sentences", "problems"))
# The article's metadata in the JSON record: every Article field but `source`, which the record
# gives as "source" (the SourceRef as text) and "source_record" (its record part alone).
_ARTICLE_KEYS: Final = tuple(f.name for f in dataclasses.fields(Article) if f.name != "source")


@dataclass(frozen=True, slots=True)
class ArticleRecord(Record):
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
        """The JSON record of DESIGN.md: article metadata flattened, then the lists (in
        LIST_FIELDS order), then the setting."""
        art = self.article
        out: dict[str, Any] = {
            "id": art.id,
            "external_id": art.external_id,
            "content_hash": art.content_hash,
            "url": art.url,
            "title": art.title,
            "standfirst": art.standfirst,
            "byline": art.byline,
            "dateline": art.dateline,
            "published": art.published.isoformat() if art.published else None,
            "dateline_date": art.dateline_date.isoformat() if art.dateline_date else None,
            "outlet": art.outlet,
            "language": art.language,
            "source": str(art.source),
            "source_record": art.source.record,
            "text": art.text,
        }
        for name in LIST_FIELDS:
            out[name] = [to_plain(item) for item in getattr(self, name)]
        out["setting"] = to_plain(self.setting)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """The record `to_dict()` gave: `ArticleRecord.from_dict(r.to_dict()) == r`."""
        unknown = set(data) - {*_ARTICLE_KEYS, "source", "source_record", *LIST_FIELDS, "setting"}
        if unknown:
            raise ValueError(f"ArticleRecord: unknown fields {sorted(unknown)}")
        source, record = str(data.get("source", "")), str(data.get("source_record", ""))
        location = source.removesuffix(f":{record}") if record else source
        metadata = {key: data[key] for key in _ARTICLE_KEYS if key in data}
        article = Article.from_dict(metadata | {"source": {"location": location, "record": record}})
        lists = {
            name: tuple(kind.from_dict(item) for item in data[name])
            for name, kind in LIST_FIELDS.items()
            if name in data
        }
        setting = Setting.from_dict(data["setting"]) if "setting" in data else Setting()
        return cls(article=article, setting=setting, **lists)  # type: ignore[arg-type]


def to_plain(value: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, dates to ISO strings (JSON-ready)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


_FIELD_TYPES: dict[type[Any], dict[str, Any]] = {}


def field_types(cls: type[Any]) -> dict[str, Any]:
    """A record type's fields with their types, the annotations resolved (once a type)."""
    found = _FIELD_TYPES.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _FIELD_TYPES[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    return found


def _from_plain(kind: Any, value: Any) -> Any:
    """The inverse of `to_plain` for a value of type `kind`: dicts to records, lists to tuples,
    ISO strings to dates, whole JSON numbers in float fields to floats."""
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin is types.UnionType or origin is typing.Union:
        arms = [arm for arm in typing.get_args(kind) if arm is not type(None)]
        return _from_plain(arms[0], value) if len(arms) == 1 else value
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from_plain(args[0], v) for v in value)
        return tuple(_from_plain(a, v) for a, v in zip(args, value, strict=True))
    if isinstance(kind, type) and issubclass(kind, Record):
        return kind.from_dict(value)
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


@dataclass(frozen=True, slots=True)
class RawDocument(Record):
    """An input as read, before cleaning: the text and what the container said about it."""

    source: SourceRef
    text: str
    # The id the input gave (a JSONL "id"), kept as the article's external_id.
    id: str = ""
    published: date | None = None
    title: str = ""
    url: str = ""
    outlet: str = ""
    byline: str = ""
    language: str = ""
    # Plain text still carries its header (title, byline, credits); extracted HTML does not.
    has_header: bool = True
