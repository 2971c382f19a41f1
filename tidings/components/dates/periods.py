"""Resolved time expressions as calendar periods: the first day, the last day and the precision
of an ISO value ("2015" is 2015-01-01 to 2015-12-31 at year precision), and the event date a
time expression gives (a duration gives none: it says how long, not when)."""

from __future__ import annotations

import calendar
import re
from datetime import date

from tidings.models import EventDate, TimeRef

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
PRECISIONS = ("year", "month", "day")


def period(value: str | None) -> tuple[date, date, str] | None:
    """(first day, last day, precision) of an ISO date at any precision; None for anything
    else (a duration "P3M", an unresolved expression, an impossible date)."""
    match = _ISO.fullmatch(value or "")
    if match is None:
        return None
    year, month, day = (int(part) if part else 0 for part in match.groups())
    try:
        if day:
            found = date(year, month, day)
            return found, found, "day"
        if month:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, 1), date(year, month, last), "month"
        return date(year, 1, 1), date(year, 12, 31), "year"
    except ValueError:
        return None


def event_date_of(ref: TimeRef, source: str) -> EventDate | None:
    """The event date a resolved time expression gives: its period's first day at its own
    precision, and for a range the last day of its end. None for a duration or an
    expression without a value."""
    if ref.granularity == "duration":
        return None
    first = period(ref.value)
    if first is None or ref.value is None:
        return None
    start, _, precision = first
    end = None
    if ref.end:
        closing = period(ref.end)
        if closing is not None and closing[1] >= start:
            end = closing[1]
            # a range is as precise as its coarser end
            precision = min(precision, closing[2], key=PRECISIONS.index)
    return EventDate(ref.text, ref.value, start, end, precision, source, ref.span)


def day_date(day: date, source: str) -> EventDate:
    """An event dated by a day the text does not write (the dateline's, the publication's)."""
    return EventDate("", day.isoformat(), day, None, "day", source, None)
