"""`tidings show`: one stored article with everything found in it, each item under the
sentence it comes from (the CLI layer: this module may print).

The article's record is read back whole from the store (`store.queries.read_record`). Every
item carries character spans into the article's text and so does every sentence, so each item
is shown with its sentence, the item's own words in bold. Long sentences
are cut around the item with an ellipsis, so the output reads well in an 80-column terminal.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from tidings.models import (
    Actor,
    ArticleRecord,
    Event,
    EventDate,
    EventPlace,
    Organization,
    Person,
    Place,
    Problem,
    Quantity,
    Quote,
    Sentence,
    Setting,
    Span,
    TimeRef,
)
from tidings.terminal import line, safe

Item = TypeVar("Item")
# A sentence longer than this many characters is cut around the item it is shown for.
SENTENCE_CHARS = 240
INDENT = 6


class Sentences:
    """The article's text and sentences, to find the sentence of a span."""

    def __init__(self, text: str, sentences: Sequence[Sentence]) -> None:
        self.text = text
        self.rows = sorted(sentences, key=lambda s: s.span[0])
        self.starts = [s.span[0] for s in self.rows]

    def at(self, position: int) -> Sentence | None:
        k = bisect_right(self.starts, position) - 1
        return self.rows[k] if k >= 0 else (self.rows[0] if self.rows else None)

    def number(self, position: int) -> int | None:
        sentence = self.at(position)
        return None if sentence is None else sentence.index

    def context(self, start: int | None, end: int | None) -> Text:
        """The sentence(s) a span lies in, the span in bold, cut to SENTENCE_CHARS."""
        if start is None or end is None:
            return Text("(not in the text: from the dateline or metadata)", style="dim italic")
        first, last = self.at(start), self.at(max(start, end - 1))
        if first is None or last is None:
            return safe(self.text[start:end], "bold")
        low, high = first.span[0], max(last.span[1], end)
        body, a, b = window(self.text[low:high], start - low, end - low, SENTENCE_CHARS)
        label = f"s{first.index}" if first is last else f"s{first.index}-{last.index}"
        # Each part made safe on its own: an escaped control character is longer than itself.
        return line(
            (f"{label} ", "cyan"), (body[:a], "dim"), (body[a:b], "bold"), (body[b:], "dim")
        )


def window(body: str, a: int, b: int, limit: int) -> tuple[str, int, int]:
    """At most about `limit` characters of `body` around [a, b), cut at spaces, with
    ellipses; returns the shown text and where [a, b) lies in it."""
    body = body.replace("\n", " ")  # same length: the offsets still hold
    if len(body) <= limit:
        return body, a, b
    room = max(0, limit - (b - a))
    low = max(0, min(a - room // 2, len(body) - limit))
    high = min(len(body), low + limit)
    if low > 0:
        space = body.find(" ", low, a)
        low = space + 1 if space >= 0 else low
    if high < len(body):
        space = body.rfind(" ", max(b, low + 1), high)
        high = space if space > 0 else high
    head = "… " if low > 0 else ""
    tail = " …" if high < len(body) else ""
    shift = len(head) - low
    inside = (len(head), len(head) + high - low)
    return (
        head + body[low:high] + tail,
        min(max(a + shift, inside[0]), inside[1]),
        min(max(b + shift, inside[0]), inside[1]),
    )


def _actor(actor: Actor | None) -> str:
    if actor is None or not actor.text:
        return "-"
    return f"{actor.text} [{actor.code}]" if actor.code else actor.text


def _section(
    out: Console,
    title: str,
    items: Iterable[Item],
    describe: Callable[[Item], Text],
    where: Callable[[Item], Text] | None = None,
) -> None:
    shown = list(items)
    if not shown:
        return
    out.print()
    out.print(Text.assemble((title, "bold underline"), f" ({len(shown)})"))
    for item in shown:
        out.print(Padding(describe(item), (0, 0, 0, 2), expand=False), soft_wrap=False)
        if where is not None:
            out.print(Padding(where(item), (0, 0, 0, INDENT), expand=False), soft_wrap=False)


def _value(q: Quantity) -> str:
    if q.value is not None:
        return f"{q.value:g}"
    if q.min is not None:
        return f"{q.min:g}-{q.max:g}" if q.max is not None else f">={q.min:g}"
    return "?"


def _mentioned(spans: Sequence[Span], sentences: Sentences) -> str:
    numbers = dict.fromkeys(sentences.number(a) for a, _ in spans)
    return " ".join(f"s{n}" for n in numbers if n is not None)


def _first(spans: Sequence[Span]) -> tuple[int | None, int | None]:
    return spans[0] if spans else (None, None)


def _event_date(d: EventDate | None) -> str:
    """ "2015-03-01 (month, clause)"; a range as "start..end"."""
    if d is None:
        return "-"
    end = f"..{d.end.isoformat()}" if d.end else ""
    return f"{d.start.isoformat()}{end} ({d.precision}, {d.source})"


def _event_place(p: EventPlace | None) -> str:
    """ "Geneva CHE (city, venue)"."""
    if p is None:
        return "-"
    return f"{p.name} {p.country or '-'} ({p.precision}, {p.source})"


def _event(e: Event) -> Text:
    return safe(
        f"{e.cameo} {e.plover or '-'} {e.modality}: {_actor(e.source)} -> "
        f"{_actor(e.target)} «{e.trigger.text}» date={_event_date(e.date)} "
        f"place={_event_place(e.place)}"
    )


def _quote(q: Quote) -> Text:
    speaker = q.speaker.name if q.speaker else ""
    return safe(f"[{q.kind}] {speaker or '?'} ({q.verb or '-'})")


def _place(p: Place) -> Text:
    return safe(f"{p.text} -> {p.name} {p.country or '-'} ({p.kind})")


def _quantity(q: Quantity) -> Text:
    return safe(f"{q.text} = {_value(q)} {q.unit} {q.object}")


def _date(d: TimeRef) -> Text:
    return safe(f"{d.text} -> {d.value or '?'} ({d.granularity})")


def _problem(p: Problem) -> Text:
    style = "bold red" if p.severity == "error" else "yellow"
    return line((p.severity, style), f" in {p.component}: {p.message}")


def setting_line(setting: Setting) -> str:
    """Where the article is set: "set in: AFG (dateline); sentence 3: PAK"."""
    home = f"{setting.home} ({setting.reason})" if setting.home else "no country named"
    scenes = [f"sentence {i}: {c}" for i, c in enumerate(setting.scenes) if c]
    return "; ".join([f"set in: {home}", *scenes])


def print_article(record: ArticleRecord, out: Console) -> None:
    """The article's metadata and setting, the problems components had with it, then events,
    quotes, people, organisations, places, quantities and dates, each item over the sentence it
    comes from, then the text."""
    art = record.article
    out.print(line((art.title or "(untitled)", "bold"), "  ", (art.id, "dim")))
    metadata: dict[str, Any] = {
        "standfirst": art.standfirst,
        "byline": art.byline,
        "dateline": art.dateline,
        "published": art.published,
        "dateline date": art.dateline_date,
        "outlet": art.outlet,
        "url": art.url,
        "source": str(art.source),
    }
    for key, value in metadata.items():
        if value:
            out.print(safe(f"{key}: {value}"), soft_wrap=False)
    out.print(safe(setting_line(record.setting)), soft_wrap=False)
    sentences = Sentences(art.text, record.sentences)

    def span_of(item: Quote | Place | Quantity | TimeRef) -> Text:
        start, end = item.span if item.span else (None, None)
        return sentences.context(start, end)

    def first_of(item: Person | Organization) -> Text:
        return sentences.context(*_first(item.spans))

    def person(p: Person) -> Text:
        where = _mentioned(p.spans, sentences)
        return safe(f"{p.name}  {p.role or '-'} [{p.code or '-'}]  mentioned in {where}")

    def organization(o: Organization) -> Text:
        # The spans give the names the article uses, as written.
        written = dict.fromkeys(art.text[a:b].removeprefix("the ") for a, b in o.spans)
        other = [w for w in written if w.removeprefix("The ") != o.name]
        also = f" (as {', '.join(other)})" if other else ""
        where = _mentioned(o.spans, sentences)
        return safe(f"{o.name}{also} [{o.code or '-'}]  mentioned in {where}")

    def trigger_of(e: Event) -> Text:
        return sentences.context(*e.trigger.span)

    _section(out, "Problems", record.problems, _problem)
    in_text_order = sorted(record.events, key=lambda e: (e.sentence, e.span[0]))
    _section(out, "Events", in_text_order, _event, trigger_of)
    _section(out, "Quotes", record.quotes, _quote, span_of)
    _section(out, "People", record.people, person, first_of)
    _section(out, "Organizations", record.organizations, organization, first_of)
    _section(out, "Places", record.places, _place, span_of)
    _section(out, "Quantities", record.quantities, _quantity, span_of)
    _section(out, "Dates", record.dates, _date, span_of)
    size = f" ({len(art.text)} characters, {len(record.sentences)} sentences)"
    out.print()
    out.print(Text.assemble(("Text", "bold underline"), size))
    out.print(safe(art.text, lines=True), soft_wrap=False)
