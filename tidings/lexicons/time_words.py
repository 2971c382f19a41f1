"""time_words.toml: the words and forms of time expressions, checked and compiled once.

The forms are regular expressions with placeholders (``{month}``, ``{number}``, ...) filled from
the word lists; each names the kind of resolver that reads it (the resolvers live in
:mod:`tidings.components.dates.kinds`, one per name of :data:`FORM_KINDS`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tidings.lexicons.loader import TomlDoc
from tidings.lexicons.wordregex import first_char_class, word_alternation

# The kinds of form a resolver exists for (tidings/components/dates/kinds.py HANDLERS).
FORM_KINDS = frozenset(
    {
        "ymd",
        "numeric",
        "date",
        "month",
        "season",
        "quarter",
        "weekday",
        "weekend",
        "year",
        "year_range",
        "decade",
        "relative_unit",
        "relative_span",
        "this_part",
        "day_word",
        "ago",
        "offset",
        "duration",
    }
)
# Search guards: not inside a word or a number ("$1997", "3,000", "12/2015", "2015.5").
BEFORE = r"(?<![\w$€£¥.,/])"
AFTER = r"(?![\w%]|[.,/]\d)"
_WORD_LISTS = (
    "prepositions",
    "range_openers",
    "range_joiners",
    "limits",
    "month_cues",
    "year_cues",
    "year_determiners",
    "year_blockers",
    "year_blocking_next",
    "future_modals",
    "future_lemmas",
)


@dataclass(frozen=True, slots=True)
class Form:
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class TimeWords:
    """time_words.toml, checked and compiled."""

    months: Mapping[str, int]  # full names and abbreviations, as written
    weekdays: Mapping[str, int]
    numbers: Mapping[str, int]
    articles: frozenset[str]
    units: Mapping[str, tuple[int, str]]  # word -> (multiple, ISO designator)
    relative: Mapping[str, str]
    relative_after_the: Mapping[str, str]
    day_words: Mapping[str, int]
    seasons: Mapping[str, tuple[int, int]]
    quarters: Mapping[str, int]
    decade_parts: Mapping[str, tuple[int, int]]
    words: Mapping[str, frozenset[str]]  # the word lists of [context], lower-cased
    weekday_blockers: frozenset[str]  # as written: "Black Friday", not "black"
    skip_entities: tuple[re.Pattern[str], ...]
    year: re.Pattern[str]
    modifier_prefix: re.Pattern[str]
    modifier_before: re.Pattern[str]
    preposition_before: re.Pattern[str]
    opener_before: re.Pattern[str]
    range_joint: re.Pattern[str]
    forms: tuple[Form, ...]
    form_starts: re.Pattern[str]  # zero-width: where any of the forms can match

    @property
    def prepositions(self) -> frozenset[str]:
        return self.words["prepositions"]

    @property
    def limits(self) -> frozenset[str]:
        return self.words["limits"]

    @property
    def range_openers(self) -> frozenset[str]:
        return self.words["range_openers"]


class _Reader:
    """Typed access to the tables of the file; errors name the file and the line."""

    def __init__(self, doc: TomlDoc) -> None:
        self.doc = doc
        self.raw = doc.data

    def table(self, name: str, size: int = 1) -> dict[str, Any]:
        """A table of words whose values are ints (size 1) or lists of `size` items."""
        table = self.raw.get(name)
        if not isinstance(table, dict) or not table:
            raise self.doc.fail(f"missing or empty table [{name}]", name)
        for key, value in table.items():
            ok = isinstance(value, int) if size == 1 else _is_pair(value, size)
            if not ok:
                raise self.doc.fail(f"[{name}] {key}: bad value {value!r}", name, key)
        return {k: (v if size == 1 else tuple(v)) for k, v in table.items()}

    def strings(self, table: str, name: str) -> list[str]:
        return self.doc.strings(table, name)

    def strings_table(self, name: str) -> dict[str, str]:
        table = self.raw.get(name)
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise self.doc.fail(f"[{name}] must map words to strings", name)
        return table

    def regex(
        self, pattern: str, flags: int = re.IGNORECASE, *keys: str, needle: str = ""
    ) -> re.Pattern[str]:
        try:
            return re.compile(pattern, flags)
        except re.error as exc:
            raise self.doc.fail(f"bad regular expression: {exc}", *keys, needle=needle) from None


def _is_pair(value: Any, size: int) -> bool:
    return isinstance(value, list) and len(value) == size and isinstance(value[0], int)


def load_time_words(doc: TomlDoc) -> TimeWords:
    """Check and compile time_words.toml (merged with its extension)."""
    r = _Reader(doc)
    patterns = r.raw.get("patterns", {})
    months = r.table("months") | r.table("month_abbreviations")
    words = {name: frozenset(w.lower() for w in r.strings("context", name)) for name in _WORD_LISTS}
    places = _placeholders(r, months)
    forms = _forms(r, places)
    modifier = patterns.get("modifier", "(?!)")
    return TimeWords(
        months=months,
        weekdays=r.table("weekdays"),
        numbers=r.table("numbers"),
        articles=frozenset(r.strings("counts", "articles")),
        units=r.table("units", 2),
        relative=r.strings_table("relative"),
        relative_after_the=r.strings_table("relative_after_the"),
        day_words=r.table("day_words"),
        seasons=r.table("seasons", 2),
        quarters=r.table("quarters"),
        decade_parts=r.table("decade_parts", 2),
        words=words,
        weekday_blockers=frozenset(r.strings("context", "weekday_blockers")),
        skip_entities=tuple(
            r.regex(p, re.IGNORECASE, "context", "skip_entities", needle=p)
            for p in r.strings("context", "skip_entities")
        ),
        year=r.regex(BEFORE + places["year"] + AFTER, re.IGNORECASE, "patterns", "year"),
        modifier_prefix=r.regex(f"^(?:{modifier})", re.IGNORECASE, "patterns", "modifier"),
        modifier_before=r.regex(rf"\b(?:{modifier})$", re.IGNORECASE, "patterns", "modifier"),
        preposition_before=r.regex(rf"\b(?:{word_alternation(words['prepositions'])})\s+$"),
        opener_before=r.regex(rf"\b(?:{word_alternation(words['range_openers'])})\s+$"),
        range_joint=r.regex(_joint(words["range_joiners"])),
        forms=forms,
        form_starts=_form_starts(forms, r),
    )


def _form_starts(forms: tuple[Form, ...], r: _Reader) -> re.Pattern[str]:
    """A zero-width search for every position where some form matches. One pass of it costs
    about half of every form's own pass, because the guard before a match (not inside a word or
    number) is tested once per position instead of once per form and position."""
    bodies = []
    for form in forms:
        if "(?P=" in form.pattern.pattern:
            raise r.doc.fail("forms cannot refer back to a named group", needle="(?P=")
        # One alternation cannot hold the same group name twice; the groups are not read here.
        body = re.sub(r"\(\?P<\w+>", "(?:", form.pattern.pattern[len(BEFORE) :])
        # re tries every branch at every word start; a one-character look first drops most.
        first = first_char_class(body, form.pattern.flags)
        bodies.append(f"(?={first}){body}" if first else body)
    return r.regex(BEFORE + "(?=" + "|".join(bodies) + ")", re.IGNORECASE, "forms")


def _joint(joiners: frozenset[str]) -> str:
    worded = [w for w in joiners if w.isalpha()]
    marks = [w for w in joiners if not w.isalpha()]
    return rf"\s+{word_alternation(worded)}\s+|\s*{word_alternation(marks)}\s*"


def _placeholders(r: _Reader, months: dict[str, int]) -> dict[str, str]:
    """The regular expression each {name} of a form stands for."""
    patterns = r.raw.get("patterns", {})
    for name in ("year", "day", "modifier"):
        if not isinstance(patterns.get(name), str):
            raise r.doc.fail(f"[patterns] needs a string {name!r}", "patterns")
    names = r.table("months")
    words = word_alternation(r.table("numbers"))
    number = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{words}(?:-{words})?)"
    relative = r.strings_table("relative")
    return {
        "month": word_alternation(months, cased=True),
        "month_name": word_alternation(names, cased=True),
        "month_abbreviation": word_alternation(set(months) - set(names), cased=True),
        "weekday": word_alternation(r.table("weekdays"), cased=True),
        "number": number,
        "count": rf"(?:{number}|{word_alternation(r.strings('counts', 'vague'))}|"
        rf"{word_alternation(r.strings('counts', 'articles'))})",
        "unit": word_alternation(r.table("units", 2)),
        "calendar_unit": word_alternation(r.strings("context", "calendar_units")),
        "rel": word_alternation(relative),
        "rel_any": word_alternation(set(relative) | set(r.strings_table("relative_after_the"))),
        "day_word": word_alternation(r.table("day_words")),
        "season": word_alternation(r.table("seasons", 2)),
        "quarter": word_alternation(r.table("quarters")),
        "decade_part": word_alternation(r.table("decade_parts", 2)),
        "year": patterns["year"],
        "day": patterns["day"],
    }


def _forms(r: _Reader, places: dict[str, str]) -> tuple[Form, ...]:
    forms = r.raw.get("forms")
    if not isinstance(forms, list) or not forms:
        raise r.doc.fail("no [[forms]]", needle="[[forms]]")
    out = []
    for form in forms:
        if not isinstance(form, dict):
            raise r.doc.fail("[[forms]] must be tables of kind and pattern", needle="forms")
        kind, pattern = form.get("kind"), form.get("pattern")
        if kind not in FORM_KINDS or not isinstance(pattern, str):
            needle = f"kind = {kind!r}".replace("'", '"')
            raise r.doc.fail(f"unknown form kind {kind!r}", needle=needle)
        written = pattern
        for name, regex in places.items():
            pattern = pattern.replace("{" + name + "}", regex)
        if leftover := re.search(r"\{([a-z_]+)\}", pattern):
            raise r.doc.fail(f"unknown placeholder {leftover.group()}", needle=leftover.group())
        try:
            compiled = re.compile(BEFORE + f"(?:{pattern})" + AFTER, re.IGNORECASE)
        except re.error as exc:
            raise r.doc.fail(f"bad regular expression: {exc}", needle=written[:30]) from None
        out.append(Form(kind, compiled))
    return tuple(out)
