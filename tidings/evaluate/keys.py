"""Scoring one article against a hand-made key (the format of examples/*/expected.json).

The rules are the key's own ("about"): an event item matches when one extracted event meets
every constraint it states (an event without a modality counts as asserted); an 'each_source'
item wants one such event per source; not_events are broken only by
asserted events; quotes, people, places, quantities and time expressions are matched field by
field. `false_alarms` lists the events the key forbids or does not expect.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.errors import IngestError
from tidings.models import COUNTABLE, Actor, ArticleRecord, Event, to_plain

Item = dict[str, Any]
_QUOTES = re.compile(r"[\"“”‘’'`]+")


@dataclass
class Section:
    name: str
    found: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.found += int(ok)
        if not ok:
            self.failures.append(what)


def _prefixed(code: str, prefixes: Iterable[str]) -> bool:
    """Does an actor code start with one of the prefixes ('' matches only no actor)?"""
    return any((code == "" if p == "" else code.startswith(p)) for p in prefixes)


def _date_ok(event: Event, bounds: list[str]) -> bool:
    """Does the event's date, at its own precision, lie in the inclusive range?"""
    value = event.date.value if event.date else None
    if not value:
        return False
    low, high = bounds
    return low[: len(value)] <= value <= high[: len(value)]


def _place_ok(event: Event, names: list[str]) -> bool:
    """Does the event's place name contain one of the names ("" accepts an event with no
    place)?"""
    place = event.place.name.lower() if event.place else ""
    if not place:
        return "" in names
    return any(n and n.lower() in place for n in names)


def _code(actor: Actor | None) -> str:
    return actor.code if actor else ""


# What an event item may state, with the test each makes of an extracted event.
_EVENT_CHECKS: dict[str, Callable[[Event, Any], bool]] = {
    "root": lambda e, v: e.cameo[:2] in v,
    "codes_any_of": lambda e, v: any(e.cameo.startswith(c) for c in v),
    "plover": lambda e, v: e.plover == v,
    "plover_any_of": lambda e, v: e.plover in v,
    "source_any_of": lambda e, v: _prefixed(_code(e.source), v),
    "target_any_of": lambda e, v: _prefixed(_code(e.target), v),
    "date_between": _date_ok,
    "place_any_of": lambda e, v: _place_ok(e, v),
    "modality_any_of": lambda e, v: (e.modality or "asserted") in v,
}
# What each check looks at, as `--errors` shows it for an event that fails it (same keys).
_EVENT_SHOWN: dict[str, Callable[[Event], str]] = {
    "root": lambda e: e.cameo[:2],
    "codes_any_of": lambda e: e.cameo,
    "plover": lambda e: e.plover,
    "plover_any_of": lambda e: e.plover,
    "source_any_of": lambda e: _code(e.source) or "none",
    "target_any_of": lambda e: _code(e.target) or "none",
    "date_between": lambda e: (e.date.value if e.date else "") or "none",
    "place_any_of": lambda e: (e.place.name if e.place else "") or "none",
    "modality_any_of": lambda e: e.modality or "asserted",
}
assert _EVENT_SHOWN.keys() == _EVENT_CHECKS.keys()
# What a not_events item may state: an asserted event that meets all of it breaks it.
_FORBIDDING_CHECKS: dict[str, Callable[[Event, Any], bool]] = {
    "root_in": _EVENT_CHECKS["root"],
    "codes_in": _EVENT_CHECKS["codes_any_of"],
    "plover_in": _EVENT_CHECKS["plover_any_of"],
    "source_in": _EVENT_CHECKS["source_any_of"],
    "target_in": _EVENT_CHECKS["target_any_of"],
    "date_in": _date_ok,
}


def event_meets(event: Event, item: Item, source_prefixes: list[str] | None = None) -> bool:
    """Does one extracted event meet every constraint a key item states? `source_prefixes`
    narrows its sources to one group of an 'each_source' item."""
    if source_prefixes is not None and not _prefixed(_code(event.source), source_prefixes):
        return False
    return all(check(event, item[key]) for key, check in _EVENT_CHECKS.items() if key in item)


def _variants(item: Item) -> list[Item]:
    return [item] + [{**item, **alt} for alt in item.get("alternatives", [])]


def meeting_events(events: tuple[Event, ...], item: Item) -> list[Event] | None:
    """The extracted events that meet a key item (for an 'each_source' item, one event for
    each of its sources), or None when it is not met."""
    for variant in _variants(item):
        groups = variant.get("each_source")
        if groups:
            found = [
                next((e for e in events if event_meets(e, variant, [g])), None) for g in groups
            ]
            if all(found):
                return [e for e in found if e is not None]
        else:
            met = [e for e in events if event_meets(e, variant)]
            if met:
                return met
    return None


def event_item_found(events: tuple[Event, ...], item: Item) -> bool:
    return meeting_events(events, item) is not None


@dataclass(frozen=True, slots=True)
class Verdict:
    """One countable event judged against a complete list of an article's events."""

    event: Event
    item_id: str | None
    # For a wrong event: the item of its sentence it comes closest to, and what it fails there.
    nearest: str | None = None
    failed: tuple[str, ...] = ()

    @property
    def right(self) -> bool:
        return self.item_id is not None

    def describe(self) -> str:
        if self.right or self.nearest is None:
            return _describe(self.event)
        return f"{_describe(self.event)} (nearest {self.nearest}: {', '.join(self.failed)})"


def _read_json(path: Path, what: str) -> Any:
    """A JSON file's content; an IngestError naming the file when it cannot be read or parsed."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise IngestError(str(path), f"cannot be read as {what}: {reason}") from None
    except json.JSONDecodeError as exc:
        raise IngestError(str(path), f"not JSON: {exc}") from None


def load_all_events(path: Path) -> list[Item]:
    """The items of a complete-events file (every countable event an article reports, judged
    by hand): an IngestError naming the file and the item at fault."""
    data = _read_json(path, "a list of events")
    items = data.get("events") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise IngestError(str(path), "an events file is an object with an 'events' list")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "what" not in item:
            raise IngestError(str(path), f"item {number} of 'events' lacks what")
        unknown = set(item) - {*_EVENT_CHECKS, *_ITEM_NOTES}
        if unknown:
            raise IngestError(str(path), f"item {number}: unknown fields {sorted(unknown)}")
    return items


# Fields of an event item that describe it or group its variants rather than test an event.
_ITEM_NOTES = {"id", "what", "note", "alternatives", "each_source", "sentence_contains"}


def _in_sentences(event: Event, record: ArticleRecord, snippets: list[str]) -> bool:
    text = next((s.text for s in record.sentences if s.index == event.sentence), "")
    return any(snippet in text for snippet in snippets)


def judge_events(items: list[Item], record: ArticleRecord) -> list[Verdict]:
    """Each countable event of the record, right when it meets every constraint of one item
    (or of one of its alternatives) and comes from a sentence the item names."""
    verdicts = []
    for event in record.events:
        if (event.modality or "asserted") not in COUNTABLE:
            continue
        match = None
        nearest: tuple[str, tuple[str, ...]] | None = None
        for item in items:
            snippets = item.get("sentence_contains")
            if snippets and not _in_sentences(event, record, snippets):
                continue
            name = str(item.get("id", item["what"]))
            if any(event_meets(event, variant) for variant in _variants(item)):
                match = name
                break
            failed = min((_failed_checks(event, v) for v in _variants(item)), key=len)
            if nearest is None or len(failed) < len(nearest[1]):
                nearest = (name, failed)
        if match is None and nearest is not None:
            verdicts.append(Verdict(event, None, nearest[0], nearest[1]))
        else:
            verdicts.append(Verdict(event, match))
    return verdicts


def _failed_checks(event: Event, item: Item) -> tuple[str, ...]:
    """What of an item an event does not meet, with the event's own value ("target GEOCVL")."""
    return tuple(
        f"{key.removesuffix('_any_of').removesuffix('_between')} {_EVENT_SHOWN[key](event)}"
        for key, check in _EVENT_CHECKS.items()
        if key in item and not check(event, item[key])
    )


def _breaks(event: Event, item: Item) -> bool:
    if (event.modality or "asserted") != "asserted":
        return False
    return all(check(event, item[key]) for key, check in _FORBIDDING_CHECKS.items() if key in item)


def _describe(event: Event) -> str:
    """ "s4 192 RUS -> UKR «annexed» asserted"."""
    source, target = _code(event.source) or "-", _code(event.target) or "-"
    return (
        f"s{event.sentence} {event.cameo} {source} -> {target} «{event.trigger.text}» "
        f"{event.modality}"
    )


def false_alarms(key: Item, record: ArticleRecord) -> list[str]:
    """Countable events the key does not expect: asserted events a not_events item forbids,
    and events of sentences that hold no key event (no extracted event there meets an item
    of the key's events). A key is a floor, so the second kind are to be judged by hand."""
    out = []
    for item in key.get("not_events", []):
        out += [
            f"forbidden ({item['what']}): {_describe(e)}" for e in record.events if _breaks(e, item)
        ]
    keyed = {
        e.sentence
        for item in key.get("events", [])
        for e in meeting_events(record.events, item) or ()
    }
    out += [
        f"no key event in its sentence: {_describe(e)}"
        for e in record.events
        if (e.modality or "asserted") in COUNTABLE and e.sentence not in keyed
    ]
    return out


def _norm(text: str) -> str:
    return " ".join(_QUOTES.sub("", text).lower().split())


def _quote_found(record: ArticleRecord, item: Item) -> bool:
    surname = item["speaker"].split()[-1].lower()
    for quote in record.quotes:
        if _norm(item["text_contains"]) not in _norm(quote.text):
            continue
        if "kind" in item and quote.kind != item["kind"]:
            continue
        if quote.speaker and surname in quote.speaker.name.lower():
            return True
    return False


def _person_found(record: ArticleRecord, item: Item) -> bool:
    surname = item["name"].split()[-1].lower()
    for person in record.people:
        if surname not in person.name.lower():
            continue
        if "actor_any_of" in item and not _prefixed(person.code, item["actor_any_of"]):
            continue
        if "role_contains" in item and item["role_contains"].lower() not in person.role.lower():
            continue
        return True
    return False


def _place_found(record: ArticleRecord, item: Item) -> bool:
    for place in record.places:
        if item["name"].lower() not in place.name.lower():
            continue
        if "country" in item and place.country != item["country"]:
            continue
        if "kind" in item and place.kind != item["kind"]:
            continue
        return True
    return False


def _units_ok(words: str, item: Item) -> bool:
    if "unit" in item:
        return item["unit"].lower() in words
    if "unit_contains" in item:
        return item["unit_contains"].lower() in words
    if "unit_any_of" in item:
        return any(u.lower() in words for u in item["unit_any_of"])
    return True


def _quantity_found(record: ArticleRecord, item: Item) -> bool:
    for q in record.quantities:
        if "value" in item and q.value != item["value"]:
            continue
        if "min" in item and (q.min, q.max) != (item["min"], item["max"]):
            continue
        if item.get("approximate") and not q.approximate:
            continue
        if _units_ok(f"{q.unit} {q.object}".lower(), item):
            return True
    return False


def _has_words(text: str, words: str) -> bool:
    return f" {words} " in f" {text} "


def _time_found(record: ArticleRecord, item: Item) -> bool:
    want = item["text"].lower()
    for ref in record.dates:
        text = ref.text.lower()
        # 'on Thursday' and 'by Friday afternoon' name the key's 'Thursday' and 'Friday'.
        if not (_has_words(text, want) or _has_words(want, text)):
            continue
        value = ref.value or ""
        if "resolves_to" in item and value.startswith(item["resolves_to"]):
            return True
        if "resolves_to_between" in item:
            low, high = item["resolves_to_between"]
            if value and low[: len(value)] <= value <= high[: len(value)]:
                return True
    return False


# What each part of a key must hold: a list of objects with these fields (organisations: names).
_KEY_ITEMS: dict[str, tuple[str, ...]] = {
    "events": ("what",),
    "not_events": ("what",),
    "quotes": ("speaker", "text_contains"),
    "people": ("name",),
    "places": ("name",),
    "quantities": (),
    "time_expressions": ("text",),
}


def load_key(path: Path) -> Item:
    """A key file read and checked: an IngestError naming the file and the part at fault."""
    key = _read_json(path, "a key")
    if not isinstance(key, dict):
        raise IngestError(str(path), "a key is a JSON object")
    if not isinstance(key.get("article", {}), dict):
        raise IngestError(str(path), "'article' must be an object")
    for name, needed in _KEY_ITEMS.items():
        items = key.get(name, [])
        if not isinstance(items, list):
            raise IngestError(str(path), f"'{name}' must be a list")
        for number, item in enumerate(items, start=1):
            missing = [f for f in needed if f not in item] if isinstance(item, dict) else needed
            if not isinstance(item, dict) or missing:
                what = f"lacks {', '.join(missing)}" if isinstance(item, dict) else "no object"
                raise IngestError(str(path), f"item {number} of '{name}' {what}")
    organizations = key.get("organizations", [])
    if not isinstance(organizations, list) or not all(isinstance(o, str) for o in organizations):
        raise IngestError(str(path), "'organizations' must be a list of names")
    return key


def score_key(key: Item, record: ArticleRecord) -> list[Section]:
    """One Section per part of the key, with what was found and what was not."""
    art = key.get("article", {})
    sections = [
        Section("article"),
        Section("events"),
        Section("not_events"),
        Section("quotes"),
        Section("people"),
        Section("organizations"),
        Section("places"),
        Section("quantities"),
        Section("time_expressions"),
    ]
    by_name = {s.name: s for s in sections}
    for name in ("title", "standfirst", "published"):
        if name in art:
            got = to_plain(getattr(record.article, name)) or None
            by_name["article"].add(got == art[name], f"{name}: {got!r} != {art[name]!r}")
    for junk in art.get("not_in_body", []):
        by_name["article"].add(junk not in record.article.text, f"body contains {junk!r}")
    for item in key.get("events", []):
        by_name["events"].add(
            event_item_found(record.events, item), f"{item.get('id')}: {item['what']}"
        )
    for item in key.get("not_events", []):
        broken = [e for e in record.events if _breaks(e, item)]
        by_name["not_events"].add(
            not broken, f"{item['what']} (broken by {[e.cameo for e in broken]})"
        )
    finders: dict[str, Callable[[ArticleRecord, Item], bool]] = {
        "quotes": _quote_found,
        "people": _person_found,
        "places": _place_found,
        "quantities": _quantity_found,
        "time_expressions": _time_found,
    }
    for name, finder in finders.items():
        for item in key.get(name, []):
            by_name[name].add(
                finder(record, item), str({k: v for k, v in item.items() if k != "note"})
            )
    # An organisation is found under its name or any other name the article gives it.
    names = {n.lower() for o in record.organizations for n in (o.name, *o.aliases)}
    for org in key.get("organizations", []):
        by_name["organizations"].add(any(org.lower() in n for n in names), org)
    return [s for s in sections if s.total]
