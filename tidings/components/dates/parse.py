"""Resolving one time expression against a publication date: pure logic, no spaCy.

The words and forms are those of time_words.toml (`Lexicons.time_words`):
`resolve_in_context("In March", date(2015, 7, 28), "past", lexicons.time_words)` gives the ISO
value at the expression's own precision ("2015-03"); ranges keep their start in `value` and
their end in `end`; durations are ISO 8601 ("P3M"). Whatever cannot be resolved (no publication
date for a relative expression, 31 February, a vague count) comes back with value None:
resolution never raises.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from functools import cache
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
from tidings.lexicons.time_words import TimeWords

log = logging.getLogger(__name__)

TENSES = frozenset({"past", "present", "future"})


def resolve_in_context(
    expr_text: str, published: date | None, tense: str, lex: TimeWords
) -> Resolution:
    """Resolve a time expression (with or without a leading preposition) against `published`.

    `tense` is the tense of the clause the expression stands in: "past", "present" or
    "future" (anything else counts as present, where the nearest reading wins). `lex` is the
    time words of the lexicons in use.
    """
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


def _fallback(text: str, lex: TimeWords) -> Resolution | None:
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


def guess_granularity(text: str, lex: TimeWords) -> str:
    """The likely granularity of an expression that could not be resolved."""
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    units = [w for w in words if w in lex.units]
    if not units:
        return "day"
    if any(w.endswith("s") for w in units) and not set(words) & set(lex.relative):
        return "duration"
    return precision_of(lex.units[units[-1]][1])
