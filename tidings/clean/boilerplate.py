"""Page furniture: header lines (title, standfirst, credits, stamps, bylines), wire datelines
and closing lines, recognised by the patterns of boilerplate.toml (`Lexicons.boilerplate`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tidings.lexicons.words import Boilerplate

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_FORMS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)


def parse_stamp_date(text: str, bp: Boilerplate) -> date | None:
    """The calendar date in a page stamp such as 'Jul 28, 2015' or '10:32 GMT, 3 May 2019'."""
    for form in _DATE_FORMS:
        if match := form.search(text):
            month = match["month"]
            number = int(month) if month.isdigit() else bp.months.get(month.lower())
            if number is None:
                continue
            try:
                return date(int(match["year"]), number, int(match["day"]))
            except ValueError:
                continue
    return None


def is_credit(line: str, bp: Boilerplate) -> bool:
    return any(p.search(line) for p in bp.credit)


def stamp_date(line: str, bp: Boilerplate) -> date | bool | None:
    """A page stamp's date; True for a stamp with no readable date; None if not a stamp."""
    for pattern in bp.stamp:
        if match := pattern.match(line):
            return parse_stamp_date(match["date"], bp) or True
    return None


def byline(line: str, bp: Boilerplate) -> str | None:
    for pattern in bp.byline:
        if match := pattern.match(line):
            return match["name"].strip(" ,")
    return None


@dataclass(frozen=True, slots=True)
class Dateline:
    """A wire dateline taken off the first paragraph: its place, outlet and day as written."""

    place: str = ""
    outlet: str = ""
    day: str = ""


def split_dateline(paragraph: str, bp: Boilerplate) -> tuple[Dateline, str]:
    """(the dateline, the rest) for a paragraph opening with a wire dateline, else (an empty
    Dateline, the paragraph)."""
    match = bp.body_dateline.match(paragraph)
    if not match or not (match["outlet"] or match["day"] or len(match["place"]) >= 4):
        return Dateline(), paragraph
    place = match["place"].strip()
    if len(place) < 3 or not any(c.isalpha() for c in place):
        return Dateline(), paragraph
    found = Dateline(place, match["outlet"] or "", match["day"] or "")
    return found, paragraph[match.end() :]


_DAY = re.compile(r"(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?")


def dateline_date(day: str, published: date | None, bp: Boilerplate) -> date | None:
    """The date of a dateline's day ("March 3, 2015"; "March 3", the latest March 3 on or
    before the publication date, as a story is filed before it is published); None when it
    has no year and there is no publication date, or is no date."""
    match = _DAY.fullmatch(day.strip())
    number = bp.months.get(match["month"].lower()) if match else None
    if match is None or number is None:
        return None
    try:
        if match["year"]:
            return date(int(match["year"]), number, int(match["day"]))
        if published is None:
            return None
        found = date(published.year, number, int(match["day"]))
        return found if found <= published else date(published.year - 1, number, found.day)
    except ValueError:
        return None


def trailer(line: str, bp: Boilerplate) -> tuple[bool, str]:
    """(is a closing line, the outlet it names)."""
    for pattern in bp.trailer_outlet:
        if match := pattern.match(line):
            return True, match["outlet"].strip()
    return any(p.search(line) for p in bp.trailer_drop), ""
