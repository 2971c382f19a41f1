"""`tidings show`: one stored article with everything found in it, each item under the
sentence it comes from (the CLI layer: this module may print).

Every record row carries character spans into the article's text; the sentence rows carry
theirs, so each item is shown with its sentence, the item's own words in bold. Long sentences
are cut around the item with an ellipsis, so the output reads well in an 80-column terminal.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

Row = dict[str, Any]
# A sentence longer than this many characters is cut around the item it is shown for.
SENTENCE_CHARS = 240
INDENT = 6


class Sentences:
    """The article's text and sentence rows, to find the sentence of a span."""

    def __init__(self, text: str, rows: Sequence[Row]) -> None:
        self.text = text
        self.rows = sorted(rows, key=lambda r: r["span_start"])
        self.starts = [r["span_start"] for r in self.rows]

    def at(self, position: int) -> Row | None:
        k = bisect_right(self.starts, position) - 1
        return self.rows[k] if k >= 0 else (self.rows[0] if self.rows else None)

    def number(self, position: int) -> int | None:
        row = self.at(position)
        return None if row is None else int(row["idx"])

    def context(self, start: int | None, end: int | None) -> Text:
        """The sentence(s) a span lies in, the span in bold, cut to SENTENCE_CHARS."""
        if start is None or end is None:
            return Text("(not in the text: from the dateline or metadata)", style="dim italic")
        first, last = self.at(start), self.at(max(start, end - 1))
        if first is None or last is None:
            return Text(self.text[start:end], style="bold")
        low, high = first["span_start"], max(last["span_end"], end)
        body, a, b = window(self.text[low:high], start - low, end - low, SENTENCE_CHARS)
        label = f"s{first['idx']}" if first is last else f"s{first['idx']}-{last['idx']}"
        line = Text(f"{label} ", style="cyan")
        sentence = Text(body, style="dim")
        sentence.stylize("not dim bold", a, b)
        return line + sentence


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


def _actor(row: Row, prefix: str) -> str:
    text, code = row.get(f"{prefix}_text"), row.get(f"{prefix}_code")
    if not text:
        return "-"
    return f"{text} [{code}]" if code else str(text)


def _spans(row: Row) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in json.loads(row["spans"] or "[]")]


def _section(
    out: Console,
    title: str,
    rows: Iterable[Row],
    describe: Callable[[Row], Text],
    where: Callable[[Row], Text],
) -> None:
    shown = list(rows)
    if not shown:
        return
    out.print()
    out.print(Text.assemble((title, "bold underline"), f" ({len(shown)})"))
    for row in shown:
        out.print(Padding(describe(row), (0, 0, 0, 2), expand=False), soft_wrap=False)
        out.print(Padding(where(row), (0, 0, 0, INDENT), expand=False), soft_wrap=False)


def _value(row: Row) -> str:
    if row["value"] is not None:
        return f"{row['value']:g}"
    return f"{row['min']:g}-{row['max']:g}" if row["min"] is not None else "?"


def _mentioned(row: Row, sentences: Sentences) -> str:
    numbers = dict.fromkeys(sentences.number(a) for a, _ in _spans(row))
    return " ".join(f"s{n}" for n in numbers if n is not None)


def _first(row: Row) -> tuple[int | None, int | None]:
    spans = _spans(row)
    return spans[0] if spans else (None, None)


def _event(e: Row) -> Text:
    return Text(
        f"{e['cameo']} {e['plover'] or '-'} {e['modality']}: {_actor(e, 'source')} -> "
        f"{_actor(e, 'target')} «{e['trigger_text']}» date={e['date_value'] or '-'} "
        f"place={e['place_name'] or '-'}"
    )


def _quote(q: Row) -> Text:
    return Text(f"[{q['kind']}] {q['speaker_name'] or '?'} ({q['verb'] or '-'})")


def _place(p: Row) -> Text:
    return Text(f"{p['text']} -> {p['name']} {p['country'] or '-'} ({p['kind']})")


def _quantity(q: Row) -> Text:
    return Text(f"{q['text']} = {_value(q)} {q['unit'] or ''} {q['object'] or ''}")


def _date(d: Row) -> Text:
    return Text(f"{d['text']} -> {d['value'] or '?'} ({d['granularity']})")


def print_article(data: dict[str, Any], out: Console) -> None:
    """The article's metadata, then events, quotes, people, organisations, places,
    quantities and dates, each item over the sentence it comes from, then the text."""
    art = data["article"]
    out.print(Text.assemble((art["title"] or "(untitled)", "bold"), "  ", (art["id"], "dim")))
    for key in ("standfirst", "byline", "dateline", "published", "outlet", "url", "source"):
        if art[key]:
            out.print(Text(f"{key}: {art[key]}"), soft_wrap=False)
    sentences = Sentences(art["text"], data["sentences"])

    def span_of(row: Row) -> Text:
        return sentences.context(row.get("span_start"), row.get("span_end"))

    def first_of(row: Row) -> Text:
        return sentences.context(*_first(row))

    def person(p: Row) -> Text:
        where = _mentioned(p, sentences)
        return Text(f"{p['name']}  {p['role'] or '-'} [{p['code'] or '-'}]  mentioned in {where}")

    def organization(o: Row) -> Text:
        # The store keeps the spans, so the names the article uses can be shown as written.
        written = dict.fromkeys(art["text"][a:b].removeprefix("the ") for a, b in _spans(o))
        other = [w for w in written if w.removeprefix("The ") != o["name"]]
        also = f" (as {', '.join(other)})" if other else ""
        where = _mentioned(o, sentences)
        return Text(f"{o['name']}{also} [{o['code'] or '-'}]  mentioned in {where}")

    def trigger_of(e: Row) -> Text:
        return sentences.context(e["trigger_start"], e["trigger_end"])

    sections: list[tuple[str, str, Callable[[Row], Text], Callable[[Row], Text]]] = [
        ("Events", "events", _event, trigger_of),
        ("Quotes", "quotes", _quote, span_of),
        ("People", "people", person, first_of),
        ("Organizations", "organizations", organization, first_of),
        ("Places", "places", _place, span_of),
        ("Quantities", "quantities", _quantity, span_of),
        ("Dates", "dates", _date, span_of),
    ]
    for title, table, line, where in sections:
        _section(out, title, data[table], line, where)
    size = f" ({len(art['text'])} characters, {len(data['sentences'])} sentences)"
    out.print()
    out.print(Text.assemble(("Text", "bold underline"), size))
    out.print(Text(art["text"]), soft_wrap=False)
