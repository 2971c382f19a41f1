"""Page furniture: header lines (title, standfirst, credits, stamps, bylines), wire datelines
and closing lines, recognised by the patterns in data/boilerplate.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from tidings.lexicons import DATA_DIR

DATA = DATA_DIR / "boilerplate.toml"
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_FORMS = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b"),
    re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\b"),
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
)


@dataclass(frozen=True, slots=True)
class Patterns:
    credit: tuple[re.Pattern[str], ...]
    stamp: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    body_dateline: re.Pattern[str]
    trailer_drop: tuple[re.Pattern[str], ...]
    trailer_outlet: tuple[re.Pattern[str], ...]


@cache
def patterns(path: Path = DATA) -> Patterns:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))

    def many(items: list[str], flags: int = re.IGNORECASE) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, flags) for p in items)

    return Patterns(
        credit=many(raw["header"]["credit"]),
        stamp=many(raw["header"]["dateline"]),
        byline=many(raw["header"]["byline"], 0),
        body_dateline=re.compile(raw["body"]["dateline"]),
        trailer_drop=many(raw["trailer"]["drop"]),
        trailer_outlet=many(raw["trailer"]["outlet"], 0),
    )


def parse_stamp_date(text: str) -> date | None:
    """The calendar date in a page stamp such as 'Jul 28, 2015' or '10:32 GMT, 3 May 2019'."""
    for form in _DATE_FORMS:
        if match := form.search(text):
            month = match["month"]
            number = int(month) if month.isdigit() else MONTHS.get(month.lower())
            if number is None:
                continue
            try:
                return date(int(match["year"]), number, int(match["day"]))
            except ValueError:
                continue
    return None


def is_credit(line: str) -> bool:
    return any(p.search(line) for p in patterns().credit)


def stamp_date(line: str) -> date | bool | None:
    """A page stamp's date; True for a stamp with no readable date; None if not a stamp."""
    for pattern in patterns().stamp:
        if match := pattern.match(line):
            return parse_stamp_date(match["date"]) or True
    return None


def byline(line: str) -> str | None:
    for pattern in patterns().byline:
        if match := pattern.match(line):
            return match["name"].strip(" ,")
    return None


def split_dateline(paragraph: str) -> tuple[str, str, str]:
    """(place, outlet, rest) for a paragraph opening with a wire dateline, else ('', '', it)."""
    match = patterns().body_dateline.match(paragraph)
    if not match or not (match["outlet"] or match["day"] or len(match["place"]) >= 4):
        return "", "", paragraph
    place = match["place"].strip()
    if len(place) < 3 or not any(c.isalpha() for c in place):
        return "", "", paragraph
    return place, match["outlet"] or "", paragraph[match.end() :]


def trailer(line: str) -> tuple[bool, str]:
    """(is a closing line, the outlet it names)."""
    for pattern in patterns().trailer_outlet:
        if match := pattern.match(line):
            return True, match["outlet"].strip()
    return any(p.search(line) for p in patterns().trailer_drop), ""
