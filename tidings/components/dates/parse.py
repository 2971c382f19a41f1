"""Resolving one time expression against a publication date: pure logic, no spaCy.

The words and forms are read from data/time_words.toml. `resolve_in_context("In March",
date(2015, 7, 28), "past")` gives the ISO value at the expression's own precision ("2015-03");
ranges keep their start in `value` and their end in `end`; durations are ISO 8601 ("P3M").
Whatever cannot be resolved (no publication date for a relative expression, 31 February, a
vague count) comes back with value None: resolution never raises.
"""

from __future__ import annotations

import logging
import re
import tomllib
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from tidings.components.dates.kinds import (
    HANDLERS,
    Context,
    Resolution,
    Unresolved,
    iso_month,
    iso_year,
    precision_of,
    start_date,
)
from tidings.components.dates.words import Form, Lexicon
from tidings.errors import ConfigError
from tidings.lexicons import DATA_DIR
from tidings.lexicons.wordregex import first_char_class, word_alternation

log = logging.getLogger(__name__)

DATA = DATA_DIR / "time_words.toml"
TENSES = frozenset({"past", "present", "future"})
# Names matched with their capital only: "may" is a verb, "march" a noun.
_CASED = ("month", "month_name", "month_abbreviation", "weekday")
# Search guards: not inside a word or a number ("$1997", "3,000", "12/2015", "2015.5").
_BEFORE = r"(?<![\w$€£¥.,/])"
_AFTER = r"(?![\w%]|[.,/]\d)"
_WORD_LISTS = (
    "prepositions",
    "range_openers",
    "range_joiners",
    "month_cues",
    "year_cues",
    "year_determiners",
    "year_blockers",
    "year_blocking_next",
    "future_modals",
    "future_lemmas",
)


class _Source:
    """The raw file, for errors that name the file and the line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")

    def fail(self, needle: str, problem: str) -> ConfigError:
        line = next((n for n, t in enumerate(self.text.splitlines(), 1) if needle in t), 0)
        return ConfigError(f"{self.path}, line {line}: {problem}")

    def table(self, raw: dict[str, Any], name: str, size: int = 1) -> dict[str, Any]:
        """A table of words whose values are ints (size 1) or lists of `size` items."""
        table = raw.get(name)
        if not isinstance(table, dict) or not table:
            raise self.fail(f"[{name}]", f"missing or empty table [{name}]")
        for key, value in table.items():
            ok = isinstance(value, int) if size == 1 else _is_pair(value, size)
            if not ok:
                raise self.fail(f"{key} =", f"[{name}] {key}: bad value {value!r}")
        return {k: (v if size == 1 else tuple(v)) for k, v in table.items()}

    def strings(self, raw: dict[str, Any], name: str) -> list[str]:
        items = raw.get(name)
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            raise self.fail(f"{name} =", f"{name} must be a list of non-empty strings")
        return items

    def regex(self, pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        try:
            return re.compile(pattern, flags)
        except re.error as exc:
            raise self.fail(pattern[:30], f"bad regular expression: {exc}") from exc


def _is_pair(value: Any, size: int) -> bool:
    return isinstance(value, list) and len(value) == size and isinstance(value[0], int)


@cache
def lexicon(path: Path = DATA) -> Lexicon:
    """The time words and forms, loaded and checked once."""
    src = _Source(path)
    try:
        raw = tomllib.loads(src.text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    context, patterns = raw.get("context", {}), raw.get("patterns", {})
    months = src.table(raw, "months") | src.table(raw, "month_abbreviations")
    words = {name: frozenset(w.lower() for w in src.strings(context, name)) for name in _WORD_LISTS}
    places = _placeholders(raw, src, months)
    forms = _forms(raw, src, places)
    return Lexicon(
        months=months,
        weekdays=src.table(raw, "weekdays"),
        numbers=src.table(raw, "numbers"),
        articles=frozenset(src.strings(raw.get("counts", {}), "articles")),
        units=src.table(raw, "units", 2),
        relative=_strings_table(src, raw, "relative"),
        relative_after_the=_strings_table(src, raw, "relative_after_the"),
        day_words=src.table(raw, "day_words"),
        seasons=src.table(raw, "seasons", 2),
        quarters=src.table(raw, "quarters"),
        decade_parts=src.table(raw, "decade_parts", 2),
        words=words,
        weekday_blockers=frozenset(src.strings(context, "weekday_blockers")),
        skip_entities=tuple(src.regex(p) for p in src.strings(context, "skip_entities")),
        year=src.regex(_BEFORE + places["year"] + _AFTER),
        modifier_prefix=src.regex(f"^(?:{patterns.get('modifier', '(?!)')})"),
        modifier_before=src.regex(rf"\b(?:{patterns.get('modifier', '(?!)')})$"),
        preposition_before=src.regex(rf"\b(?:{word_alternation(words['prepositions'])})\s+$"),
        opener_before=src.regex(rf"\b(?:{word_alternation(words['range_openers'])})\s+$"),
        range_joint=src.regex(_joint(words["range_joiners"])),
        forms=forms,
        form_starts=_form_starts(forms, src),
    )


def _form_starts(forms: tuple[Form, ...], src: _Source) -> re.Pattern[str]:
    """A zero-width search for every position where some form matches. One pass of it costs
    about half of every form's own pass, because the guard before a match (not inside a word or
    number) is tested once per position instead of once per form and position."""
    bodies = []
    for form in forms:
        if "(?P=" in form.pattern.pattern:
            raise src.fail("(?P=", "forms cannot refer back to a named group")
        # One alternation cannot hold the same group name twice; the groups are not read here.
        body = re.sub(r"\(\?P<\w+>", "(?:", form.pattern.pattern[len(_BEFORE) :])
        # re tries every branch at every word start; a one-character look first drops most.
        first = first_char_class(body, form.pattern.flags)
        bodies.append(f"(?={first}){body}" if first else body)
    return src.regex(_BEFORE + "(?=" + "|".join(bodies) + ")")


def _strings_table(src: _Source, raw: dict[str, Any], name: str) -> dict[str, str]:
    table = raw.get(name)
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise src.fail(f"[{name}]", f"[{name}] must map words to strings")
    return table


def _joint(joiners: frozenset[str]) -> str:
    worded = [w for w in joiners if w.isalpha()]
    marks = [w for w in joiners if not w.isalpha()]
    return rf"\s+{word_alternation(worded)}\s+|\s*{word_alternation(marks)}\s*"


def _placeholders(raw: dict[str, Any], src: _Source, months: dict[str, int]) -> dict[str, str]:
    """The regular expression each {name} of a form stands for."""
    patterns = raw.get("patterns", {})
    for name in ("year", "day", "modifier"):
        if not isinstance(patterns.get(name), str):
            raise src.fail("[patterns]", f"[patterns] needs a string {name!r}")
    names = src.table(raw, "months")
    words = word_alternation(src.table(raw, "numbers"))
    number = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{words}(?:-{words})?)"
    relative = _strings_table(src, raw, "relative")
    counts, context = raw.get("counts", {}), raw.get("context", {})
    return {
        "month": word_alternation(months, cased=True),
        "month_name": word_alternation(names, cased=True),
        "month_abbreviation": word_alternation(set(months) - set(names), cased=True),
        "weekday": word_alternation(src.table(raw, "weekdays"), cased=True),
        "number": number,
        "count": rf"(?:{number}|{word_alternation(src.strings(counts, 'vague'))}|"
        rf"{word_alternation(src.strings(counts, 'articles'))})",
        "unit": word_alternation(src.table(raw, "units", 2)),
        "calendar_unit": word_alternation(src.strings(context, "calendar_units")),
        "rel": word_alternation(relative),
        "rel_any": word_alternation(
            set(relative) | set(_strings_table(src, raw, "relative_after_the"))
        ),
        "day_word": word_alternation(src.table(raw, "day_words")),
        "season": word_alternation(src.table(raw, "seasons", 2)),
        "quarter": word_alternation(src.table(raw, "quarters")),
        "decade_part": word_alternation(src.table(raw, "decade_parts", 2)),
        "year": patterns["year"],
        "day": patterns["day"],
    }


def _forms(raw: dict[str, Any], src: _Source, places: dict[str, str]) -> tuple[Form, ...]:
    forms = raw.get("forms")
    if not isinstance(forms, list) or not forms:
        raise src.fail("[[forms]]", "no [[forms]]")
    out = []
    for form in forms:
        kind, pattern = form.get("kind"), form.get("pattern")
        if kind not in HANDLERS or not isinstance(pattern, str):
            raise src.fail(f"kind = {kind!r}".replace("'", '"'), f"unknown form kind {kind!r}")
        for name, regex in places.items():
            pattern = pattern.replace("{" + name + "}", regex)
        if leftover := re.search(r"\{([a-z_]+)\}", pattern):
            raise src.fail(leftover.group(), f"unknown placeholder {leftover.group()}")
        compiled = src.regex(_BEFORE + f"(?:{pattern})" + _AFTER)
        out.append(Form(kind, compiled))
    return tuple(out)


def resolve_in_context(expr_text: str, published: date | None, tense: str) -> Resolution:
    """Resolve a time expression (with or without a leading preposition) against `published`.

    `tense` is the tense of the clause the expression stands in: "past", "present" or
    "future" (anything else counts as present, where the nearest reading wins).
    """
    lex = lexicon()
    if isinstance(published, datetime):
        published = published.date()  # a time of day would leak into ISO values
    text = " ".join(expr_text.split())
    preposition, core = split_first_word(text, lex.prepositions)
    ctx = Context(published, tense if tense in TENSES else "present", preposition, lex)
    try:
        found = _resolve_core(core, ctx)
    except Unresolved as exc:
        return Resolution(None, None, exc.granularity)
    except (ValueError, OverflowError) as exc:
        # Out-of-range parts (31 February, year 0) are kept as text, unresolved.
        log.debug("cannot resolve %r: %s", expr_text, exc)
        return Resolution(None, None, guess_granularity(core, lex))
    if preposition == "since" and found.value is not None:
        return Resolution(found.value, published.isoformat() if published else None, "range")
    return found


def split_first_word(text: str, words: frozenset[str]) -> tuple[str, str]:
    """(the first word lower-cased, the rest) when the first word is one of `words`."""
    head, _, rest = text.partition(" ")
    if rest and head.lower() in words:
        return head.lower(), rest
    return "", text


def _resolve_core(core: str, ctx: Context) -> Resolution:
    found = resolve_atom(core, ctx)
    if found is not None:
        return found
    _, rest = split_first_word(core, ctx.lex.range_openers)
    ranged = _resolve_range(rest, ctx)
    if ranged is not None:
        return ranged
    absolute = _fallback(core, ctx.lex)
    if absolute is not None:
        return absolute
    return Resolution(None, None, guess_granularity(core, ctx.lex))


def resolve_atom(text: str, ctx: Context) -> Resolution | None:
    """The resolution of the first form matching all of `text` (a modifier may lead)."""
    stripped = ctx.lex.modifier_prefix.sub("", text, count=1)
    for candidate in (text, stripped) if stripped != text else (text,):
        for form in ctx.lex.forms:
            if match := form.pattern.fullmatch(candidate):
                return HANDLERS[form.kind](match.groupdict(), ctx)
    return None


def _resolve_range(text: str, ctx: Context) -> Resolution | None:
    """ "March and May", "2012 to 2014": both ends resolved; the end never before the start."""
    for joint in ctx.lex.range_joint.finditer(text):
        left, right = text[: joint.start()], text[joint.end() :]
        if not left or not right:
            continue
        try:
            last = _range_end(left, right, ctx)
        except Unresolved:
            return None
        if last is None:
            continue
        start, end = last
        return Resolution(start, end, "range")
    return None


def _range_end(left: str, right: str, ctx: Context) -> tuple[str, str] | None:
    year = ctx.lex.year.search(right)
    first = None
    if year and not ctx.lex.year.search(left):
        first = resolve_atom(f"{left} {year.group()}", ctx)
    first = first or resolve_atom(left, ctx)
    if first is None or first.value is None:
        return None
    # An end without its own year is the first such time on or after the start.
    end_ctx = ctx if year else Context(start_date(first.value), "future", "", ctx.lex)
    second = resolve_atom(right, end_ctx)
    if second is None or second.value is None:
        return None
    end = second.end if second.granularity == "range" and second.end else second.value
    return first.value, end


@cache
def _date_parser() -> Any:
    # dateparser is slow to load and to run: only absolute dates our forms do not read get here.
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"REQUIRE_PARTS": ["year"]})


def _fallback(text: str, lex: Lexicon) -> Resolution | None:
    if not lex.year.search(text):
        return None
    try:
        data = _date_parser().get_date_data(text)
    except Exception as exc:  # a third-party parser: any failure means "not a date"
        log.debug("dateparser failed on %r: %s", text, exc)
        return None
    if data is None or data.date_obj is None:
        return None
    found = data.date_obj.date()
    if data.period == "year":
        return Resolution(iso_year(found.year), None, "year")
    if data.period == "month":
        return Resolution(iso_month(found.year, found.month), None, "month")
    return Resolution(found.isoformat(), None, "day")


def guess_granularity(text: str, lex: Lexicon) -> str:
    """The likely granularity of an expression that could not be resolved."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    units = [w for w in words if w in lex.units]
    if not units:
        return "day"
    if any(w.endswith("s") for w in units) and not set(words) & set(lex.relative):
        return "duration"
    return precision_of(lex.units[units[-1]][1])
