"""The resolver of each kind of time expression, and the calendar arithmetic they share.

Each form of data/time_words.toml names a kind; its resolver reads the form's named groups and
returns the ISO value(s) at the expression's precision. A resolver raises Unresolved when the
expression is understood but has no value here (no publication date, a vague count) and
ValueError for impossible dates; parse.resolve_in_context turns both into value None.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from tidings.lexicons.time_words import TimeWords

_DIRECTIONS = {"previous": "last", "trailing": "last", "next": "next", "current": "nearest"}
_DAY_FRACTION = {"W": 7.0, "D": 1.0, "H": 1 / 24, "MIN": 1 / 1440, "S": 1 / 86400}

Groups = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Resolution:
    """The resolved fields of a TimeRef: ISO value(s) and granularity."""

    value: str | None
    end: str | None = None
    granularity: str = "day"


@dataclass(frozen=True, slots=True)
class Context:
    anchor: date | None
    tense: str
    preposition: str
    lex: TimeWords


class Unresolved(Exception):
    """Raised inside a resolver: the expression is understood but has no value here."""

    def __init__(self, granularity: str = "day") -> None:
        super().__init__(granularity)
        self.granularity = granularity


# -- values at a precision -------------------------------------------------------------------


def iso_year(year: int) -> str:
    date(year, 1, 1)  # raises ValueError outside 1..9999
    return f"{year:04d}"


def iso_month(year: int, month: int) -> str:
    date(year, month, 1)
    return f"{year:04d}-{month:02d}"


def precision_of(designator: str) -> str:
    return {"Y": "year", "M": "month"}.get(designator, "day")


def at_precision(day: date, precision: str) -> str:
    if precision == "year":
        return iso_year(day.year)
    if precision == "month":
        return iso_month(day.year, day.month)
    return day.isoformat()


def start_date(value: str) -> date:
    """The first day of an ISO value at any precision ("2015", "2015-03", "2015-03-04")."""
    parts = [int(p) for p in value.split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: date, amount: float, designator: str) -> date:
    if designator == "Y":
        return add_months(day, round(amount * 12))
    if designator == "M":
        return add_months(day, round(amount))
    return day + timedelta(days=round(amount * _DAY_FRACTION[designator]))


def iso_duration(amount: float, designator: str) -> str:
    number = f"{amount:g}" if amount != int(amount) else str(int(amount))
    if designator in ("H", "MIN", "S"):
        return f"PT{number}{designator[0]}"
    return f"P{number}{designator}"


def choose(occurrences: Sequence[tuple[int, int]], at: int, mode: str) -> tuple[int, int]:
    """Pick the occurrence (start, end ordinals) a mode means: past = latest started by `at`;
    future = earliest not over; last/next = strictly before/after; else the nearest (ties:
    the earlier one, as news mostly reports what has happened)."""
    tests: dict[str, Callable[[tuple[int, int]], bool]] = {
        "past": lambda o: o[0] <= at,
        "future": lambda o: o[1] >= at,
        "last": lambda o: o[1] < at,
        "next": lambda o: o[0] > at,
    }
    if mode in tests:
        pool = [o for o in occurrences if tests[mode](o)]
        if not pool:
            raise ValueError(f"no occurrence for mode {mode}")
        return max(pool) if mode in ("past", "last") else min(pool)
    return min(occurrences, key=lambda o: (max(o[0] - at, at - o[1], 0), o[0] > at))


def mode_of(rel: str | None, ctx: Context) -> str:
    direction = ctx.lex.relative.get(rel.lower(), "") if rel else ""
    if direction in _DIRECTIONS:
        return _DIRECTIONS[direction]
    return {"past": "past", "future": "future"}.get(ctx.tense, "nearest")


def need_anchor(ctx: Context, granularity: str) -> date:
    if ctx.anchor is None:
        raise Unresolved(granularity)
    return ctx.anchor


def number_of(text: str | None, lex: TimeWords) -> float | None:
    """A count as a number; None for a vague one ("several")."""
    if text is None:
        return None
    words = text.lower().replace(",", "")
    try:
        return float(words)
    except ValueError:
        pass
    if words in lex.articles:
        return 1.0
    total = 0.0
    for word in re.split(r"[\s-]+", words):
        if word not in lex.numbers:
            return None
        value = lex.numbers[word]
        total = max(total, 1) * value if value == 100 else total + value
    return total


# -- one resolver per form kind (the `kind` of [[forms]] in time_words.toml) -----------------


def _ymd(g: Groups, ctx: Context) -> Resolution:
    return Resolution(date(int(g["year"]), int(g["month"]), int(g["day"])).isoformat())


def _numeric(g: Groups, ctx: Context) -> Resolution:
    first, second = int(g["first"]), int(g["second"])
    if first > 12 or first == second:
        first, second = second, first
    elif second <= 12:
        raise Unresolved("day")  # 03/04/2015: day-month order unknown
    return Resolution(date(int(g["year"]), first, second).isoformat())


def _date(g: Groups, ctx: Context) -> Resolution:
    month, day = ctx.lex.months[g["month"]], int(g["day"])
    if g["year"]:
        start = date(int(g["year"]), month, day)
    else:
        anchor = need_anchor(ctx, "day")
        days = []
        for year in range(anchor.year - 1, anchor.year + 2):
            if day <= calendar.monthrange(year, month)[1]:
                ordinal = date(year, month, day).toordinal()
                days.append((ordinal, ordinal))
        if not days:
            raise ValueError(f"no day {day} in month {month}")
        start = date.fromordinal(choose(days, anchor.toordinal(), mode_of(None, ctx))[0])
    if not g["day2"]:
        return Resolution(start.isoformat())
    end = date(start.year, month, int(g["day2"]))
    if end <= start:
        raise ValueError("a day range that runs backwards")
    return Resolution(start.isoformat(), end.isoformat(), "range")


def _months_around(anchor: date, first: int, length: int) -> list[tuple[int, int]]:
    """Occurrences of a run of months starting at month `first`, as month indices."""
    starts = [year * 12 + first - 1 for year in range(anchor.year - 2, anchor.year + 2)]
    return [(s, s + length) for s in starts]


def _month(g: Groups, ctx: Context) -> Resolution:
    month = ctx.lex.months[g["month"]]
    if g["year"]:
        return Resolution(iso_month(int(g["year"]), month), None, "month")
    anchor = need_anchor(ctx, "month")
    at = anchor.year * 12 + anchor.month - 1
    index = choose(_months_around(anchor, month, 0), at, mode_of(g.get("rel"), ctx))[0]
    return Resolution(iso_month(index // 12, index % 12 + 1), None, "month")


def _season(g: Groups, ctx: Context) -> Resolution:
    first, last = ctx.lex.seasons[g["season"].lower()]
    return _month_run(first, (last - first) % 12, g, ctx)


def _quarter(g: Groups, ctx: Context) -> Resolution:
    number = ctx.lex.quarters[g["quarter"].lower()] if g.get("quarter") else int(g["number"])
    return _month_run(3 * number - 2, 2, g, ctx)


def _month_run(first: int, length: int, g: Groups, ctx: Context) -> Resolution:
    """A run of months (a season, a quarter): in the year given, else chosen by tense."""
    if g["year"]:
        start = int(g["year"]) * 12 + first - 1
    else:
        anchor = need_anchor(ctx, "range")
        at = anchor.year * 12 + anchor.month - 1
        start = choose(_months_around(anchor, first, length), at, mode_of(g.get("rel"), ctx))[0]
    end = start + length
    return Resolution(
        iso_month(start // 12, start % 12 + 1), iso_month(end // 12, end % 12 + 1), "range"
    )


def _days_around(anchor: date, weekday: int, length: int) -> list[tuple[int, int]]:
    latest = anchor.toordinal() - (anchor.weekday() - weekday) % 7
    return [(latest + 7 * k, latest + 7 * k + length) for k in range(-2, 3)]


def _weekday(g: Groups, ctx: Context) -> Resolution:
    anchor = need_anchor(ctx, "day")
    days = _days_around(anchor, ctx.lex.weekdays[g["weekday"]], 0)
    day = choose(days, anchor.toordinal(), mode_of(g.get("rel"), ctx))[0]
    return Resolution(date.fromordinal(day).isoformat())


def _weekend(g: Groups, ctx: Context) -> Resolution:
    anchor = need_anchor(ctx, "range")
    days = _days_around(anchor, 5, 1)
    start, end = choose(days, anchor.toordinal(), mode_of(g.get("rel"), ctx))
    return Resolution(
        date.fromordinal(start).isoformat(), date.fromordinal(end).isoformat(), "range"
    )


def _year(g: Groups, ctx: Context) -> Resolution:
    return Resolution(iso_year(int(g["year"])), None, "year")


def _year_range(g: Groups, ctx: Context) -> Resolution:
    start = int(g["year"])
    end = start // 100 * 100 + int(g["year2"])
    if end <= start:
        end += 100
    if end - start > 10:
        raise Unresolved("range")  # "1998-45" is not a span of years
    return Resolution(iso_year(start), iso_year(end), "range")


def _decade(g: Groups, ctx: Context) -> Resolution:
    if g["decade"]:
        decade = int(g["decade"])
    else:
        now = ctx.anchor.year if ctx.anchor else 1999
        decade = now // 100 * 100 + int(g["decade2"])
        if decade > now:
            decade -= 100
    first, last = ctx.lex.decade_parts.get((g["part"] or "").lower(), (0, 9))
    return Resolution(iso_year(decade + first), iso_year(decade + last), "range")


def _direction(g: Groups, ctx: Context) -> str:
    rel = g["rel"].lower()
    if g.get("the") and rel in ctx.lex.relative_after_the:
        return ctx.lex.relative_after_the[rel]
    return ctx.lex.relative.get(rel, "anaphoric")


def _period(anchor: date, unit: str) -> tuple[date, date]:
    """The calendar period of `unit` holding `anchor`: first and last day."""
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=6)
    if unit == "month":
        last = calendar.monthrange(anchor.year, anchor.month)[1]
        return anchor.replace(day=1), anchor.replace(day=last)
    size = {"year": 1, "decade": 10, "century": 100}[unit]
    first = anchor.year // size * size
    return date(first, 1, 1), date(first + size - 1, 12, 31)


def _relative_unit(g: Groups, ctx: Context) -> Resolution:
    unit = g["unit"].lower()
    direction = _direction(g, ctx)
    multiple, designator = ctx.lex.units[unit]
    anchor = need_anchor(ctx, precision_of(designator) if unit in ("month", "year") else "range")
    if direction == "trailing":
        start = shift(anchor, -multiple, designator)
        return Resolution(
            at_precision(start, precision_of(designator)), anchor.isoformat(), "range"
        )
    step = {"previous": -1, "current": 0, "next": 1}.get(direction)
    if step is None:
        raise Unresolved("range")
    first, last = _period(shift(anchor, step * multiple, designator), unit)
    if unit in ("month", "year"):
        precision = precision_of(designator)
        return Resolution(at_precision(first, precision), None, precision)
    precision = "day" if unit == "week" else "year"
    return Resolution(at_precision(first, precision), at_precision(last, precision), "range")


def _relative_span(g: Groups, ctx: Context) -> Resolution:
    # With a count, "the next three years" points from the article's date, as "next" does.
    direction = ctx.lex.relative.get(g["rel"].lower(), "anaphoric")
    amount = number_of(g["num"], ctx.lex)
    multiple, designator = ctx.lex.units[g["unit"].lower()]
    if amount is None or direction not in ("trailing", "previous", "next"):
        raise Unresolved("range")
    anchor = need_anchor(ctx, "range")
    sign = 1 if direction == "next" else -1
    other = shift(anchor, sign * amount * multiple, designator)
    start, end = sorted((anchor, other))
    precision = precision_of(designator)
    return Resolution(at_precision(start, precision), at_precision(end, precision), "range")


def _this_part(g: Groups, ctx: Context) -> Resolution:
    anchor = need_anchor(ctx, "range")
    first, last = _period(anchor, g["unit"].lower())
    if g["dir"].lower() == "earlier":
        return Resolution(first.isoformat(), anchor.isoformat(), "range")
    return Resolution(anchor.isoformat(), last.isoformat(), "range")


def _day_word(g: Groups, ctx: Context) -> Resolution:
    offset = ctx.lex.day_words[" ".join(g["word"].lower().split())]
    return Resolution((need_anchor(ctx, "day") + timedelta(days=offset)).isoformat())


def _ago(g: Groups, ctx: Context) -> Resolution:
    multiple, designator = ctx.lex.units[g["unit"].lower()]
    precision = precision_of(designator)
    amount = number_of(g["num"], ctx.lex)
    if amount is None:
        raise Unresolved(precision)
    sign = -1 if g["dir"].lower() == "ago" else 1
    day = shift(need_anchor(ctx, precision), sign * amount * multiple, designator)
    return Resolution(at_precision(day, precision), None, precision)


def _offset(g: Groups, ctx: Context) -> Resolution:
    raise Unresolved(precision_of(ctx.lex.units[g["unit"].lower()][1]))


def _duration(g: Groups, ctx: Context) -> Resolution:
    amount = number_of(g["num"], ctx.lex)
    multiple, designator = ctx.lex.units[g["unit"].lower()]
    if amount is None:
        raise Unresolved("duration")
    if ctx.preposition == "in" and ctx.tense == "future" and ctx.anchor is not None:
        # "will meet in two weeks": a point ahead, not a length of time.
        precision = precision_of(designator)
        day = shift(ctx.anchor, amount * multiple, designator)
        return Resolution(at_precision(day, precision), None, precision)
    return Resolution(iso_duration(amount * multiple, designator), None, "duration")


Handler = Callable[[Groups, Context], Resolution]
HANDLERS: dict[str, Handler] = {
    "ymd": _ymd,
    "numeric": _numeric,
    "date": _date,
    "month": _month,
    "season": _season,
    "quarter": _quarter,
    "weekday": _weekday,
    "weekend": _weekend,
    "year": _year,
    "year_range": _year_range,
    "decade": _decade,
    "relative_unit": _relative_unit,
    "relative_span": _relative_span,
    "this_part": _this_part,
    "day_word": _day_word,
    "ago": _ago,
    "offset": _offset,
    "duration": _duration,
}
