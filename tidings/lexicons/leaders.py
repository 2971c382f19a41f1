"""Political leaders: who held which office when, so that a bare name can be coded.

An article may write "Putin offered ..." or "President Museveni threatened ..." without naming
the country; :func:`lookup` turns such a name into the office its holder had at the article's
date (RUSGOV, UGAGOV). The table is ``tidings/lexicons/data/leaders.tsv``, one office a row: name,
aliases, country, sector, role, start year, end year (empty while in office). Rows sharing a name
are one person's offices; aliases given on any of them name the person. The actor code is
country + sector, where country is ISO 3166 alpha-3, or ``IGO`` / ``IMG`` followed by the rest of
an organisation code from ``organizations.tsv`` (IGO + UNO = IGOUNO, IMG + MUSALQ = IMGMUSALQ).

The file is validated when loaded; a bad file raises :class:`~tidings.lexicons.LexiconError`
naming the file and the line.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from tidings.lexicons.loader import LexiconFile, fail, tsv_rows
from tidings.lexicons.tables import SECTORS, Country, OrganizationEntry, Role

if TYPE_CHECKING:
    from collections.abc import Sequence

LEADER_COLUMNS = ("name", "aliases", "country", "sector", "role", "start", "end")
# Country prefixes of non-state actors: the sector cell then holds the rest of the code.
NON_STATE = frozenset({"IGO", "IMG"})

_ISO3 = re.compile(r"[A-Z]{3}")
_SUBCODE = re.compile(r"[A-Z][A-Z0-9]{2,8}")
_YEAR = re.compile(r"(19|20)[0-9]{2}")
_OPEN_END = 9999

# Letters that Unicode decomposition leaves alone, spelled as English-language news spells them.
_FOLD = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "ð": "d"})
_POSSESSIVE = re.compile(r"['’]s$")
# "al-Assad", "Bashar Assad" and "Bashar al Assad" are one name; "El Chapo" keeps its article.
_ARTICLE = re.compile(r"\b(?:al|el)-|\bal\s+(?=\w)")
_APOSTROPHE = re.compile(r"['’`ʼ‘]")
_SEPARATOR = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Leader:
    """One office held by one person: name, aliases, actor code parts, role and years."""

    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str
    role: str
    start: int
    end: int | None

    @property
    def code(self) -> str:
        """The CAMEO actor code, country + sector (RUSGOV, IGOUNO, IMGMUSALQ)."""
        return self.country + self.sector

    def covers(self, year: int, slack: int = 0) -> bool:
        """Whether the term, widened by ``slack`` years each side, contains ``year``."""
        end = _OPEN_END if self.end is None else self.end
        return self.start - slack <= year <= end + slack


def normalize(name: str) -> str:
    """The matching key of a name: case, accents, punctuation and Arabic articles folded."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).strip()
    text = _POSSESSIVE.sub("", text)
    text = _APOSTROPHE.sub("", _ARTICLE.sub("", text))
    return " ".join(_SEPARATOR.sub(" ", text).split())


# ---------------------------------------------------------------- loading and checking


def _split(cell: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in cell.split("|") if item.strip())


def _year(path: Path, line: int, cell: str, what: str) -> int:
    if not _YEAR.fullmatch(cell):
        raise fail(path, line, f"{what} {cell!r} is not a year 1900-2099")
    return int(cell)


def _code_parts(
    path: Path, line: int, country: str, sector: str, known: tuple[frozenset[str], frozenset[str]]
) -> None:
    countries, organizations = known
    if country in NON_STATE:
        code = country + sector
        if not _SUBCODE.fullmatch(sector) or code not in organizations:
            raise fail(path, line, f"{code!r} is not an organisation code in organizations.tsv")
        return
    if not _ISO3.fullmatch(country) or country not in countries:
        raise fail(path, line, f"country {country!r} is not a code in countries.tsv, IGO or IMG")
    if sector not in SECTORS:
        raise fail(path, line, f"sector {sector!r} is not one of {sorted(SECTORS)}")


def _row(
    path: Path, line: int, cells: list[str], known: tuple[frozenset[str], frozenset[str]]
) -> Leader:
    name, aliases, country, sector, role, start, end = cells
    forms = (name, *_split(aliases))
    if not all(normalize(form) for form in forms):
        raise fail(path, line, "empty name or alias")
    _code_parts(path, line, country, sector, known)
    if not role or role != role.lower() or "  " in role:
        raise fail(path, line, f"role {role!r} must be lower case with single spaces")
    first = _year(path, line, start, "start")
    last = _year(path, line, end, "end") if end else None
    if last is not None and last < first:
        raise fail(path, line, f"end {last} is before start {first}")
    return Leader(name, forms[1:], country, sector, role, first, last)


def load_leaders(
    files: Sequence[LexiconFile],
    countries: Mapping[str, Country],
    organizations: Sequence[OrganizationEntry],
) -> tuple[Leader, ...]:
    """Read and check the leaders table; rows in file order. Countries and organisation codes
    must be in countries.tsv and organizations.tsv."""
    found: list[Leader] = []
    seen: set[tuple[str, str, str, int]] = set()
    known = (frozenset(countries), frozenset(org.code for org in organizations))
    for path, line, cells in tsv_rows(files, LEADER_COLUMNS):
        leader = _row(path, line, cells, known)
        key = (leader.name, leader.code, leader.role, leader.start)
        if key in seen:
            raise fail(path, line, f"duplicate office {leader.role!r} of {leader.name!r}")
        seen.add(key)
        found.append(leader)
    return tuple(found)


# ---------------------------------------------------------------- looking names up


@dataclass(frozen=True, slots=True)
class _Index:
    forms: Mapping[str, tuple[str, ...]]  # matching key -> names of the people it names
    offices: Mapping[str, tuple[Leader, ...]]  # person's name -> their offices
    tokens: Mapping[str, frozenset[str]]  # person's name -> every word of every form
    roles: tuple[tuple[str, ...], ...]  # role phrases as words, longest first
    surnames: Mapping[str, tuple[str, ...]]  # last word of a name -> the people it ends


def _index(leaders: Sequence[Leader], role_phrases: Iterable[str]) -> _Index:
    forms: dict[str, list[str]] = {}
    offices: dict[str, list[Leader]] = {}
    tokens: dict[str, set[str]] = {}
    surnames: dict[str, list[str]] = {}
    for leader in leaders:
        offices.setdefault(leader.name, []).append(leader)
        for form in (leader.name, *leader.aliases):
            key = normalize(form)
            people = forms.setdefault(key, [])
            if leader.name not in people:
                people.append(leader.name)
            tokens.setdefault(leader.name, set()).update(key.split())
            ending = surnames.setdefault(key.split()[-1], [])
            if leader.name not in ending:
                ending.append(leader.name)
    roles = sorted({tuple(normalize(p).split()) for p in role_phrases}, key=len, reverse=True)
    return _Index(
        forms=MappingProxyType({key: tuple(names) for key, names in forms.items()}),
        offices=MappingProxyType({name: tuple(rows) for name, rows in offices.items()}),
        tokens=MappingProxyType({name: frozenset(words) for name, words in tokens.items()}),
        roles=tuple(role for role in roles if role),
        surnames=MappingProxyType({key: tuple(names) for key, names in surnames.items()}),
    )


def _strip_roles(words: list[str], roles: tuple[tuple[str, ...], ...]) -> list[str]:
    """Drop leading role phrases ("president", "prime minister") from a name's words."""
    return _title(words, roles)[1]


def _title(
    words: list[str], roles: tuple[tuple[str, ...], ...]
) -> tuple[tuple[str, ...], list[str]]:
    """The leading role phrase of a name's words (the last of several) and the rest."""
    title: tuple[str, ...] = ()
    stripped = True
    while stripped and len(words) > 1:
        stripped = False
        for role in roles:
            if len(role) < len(words) and tuple(words[: len(role)]) == role:
                title, words, stripped = role, words[len(role) :], True
                break
    return title, words


def _fits(words: list[str], tokens: frozenset[str]) -> bool:
    """Whether given names and initials agree with a person's known forms."""
    return all(
        word in tokens or (len(word) == 1 and any(t.startswith(word) for t in tokens))
        for word in words
    )


def _people(index: _Index, key: str) -> tuple[str, ...]:
    if key in index.forms:
        return index.forms[key]
    words = _strip_roles(key.split(), index.roles)
    bare = " ".join(words)
    if bare in index.forms:
        return index.forms[bare]
    if len(words) < 2:
        return ()
    # "Yoweri Kaguta Museveni" by its distinctive surname, but not "Michelle Obama".
    return tuple(
        person
        for person in index.forms.get(words[-1], ())
        if _fits(words[:-1], index.tokens[person])
    )


def _titled(index: _Index, key: str, year: int | None) -> tuple[str, ...]:
    """'President Bush', 'Chancellor Merkel': a title and a surname name whoever held that
    office under that surname in the year (within a year of it), when the surname alone is
    too common to be an alias. Without a year, the title must fit one person only."""
    title, words = _title(key.split(), index.roles)
    if not title or len(words) != 1:
        return ()
    role = " ".join(title)
    people = tuple(
        person
        for person in index.surnames.get(words[0], ())
        if any(
            office.role == role and (year is None or office.covers(year, 1))
            for office in index.offices[person]
        )
    )
    if len(people) > 1 and year is not None:
        exact = tuple(
            p for p in people if any(o.role == role and o.covers(year) for o in index.offices[p])
        )
        people = exact or people
    return people


def _in_office(index: _Index, people: tuple[str, ...], year: int) -> tuple[str, ...]:
    """The people holding an office in ``year``, else within a year of it, else all of them."""
    for slack in (0, 1):
        hits = tuple(p for p in people if any(o.covers(year, slack) for o in index.offices[p]))
        if hits:
            return hits
    return people


def _rank(office: Leader, year: int | None) -> tuple[bool, bool, int, int]:
    end = _OPEN_END if office.end is None else office.end
    if year is None:
        return (False, False, office.start, end)
    return (office.covers(year), office.covers(year, 1), office.start, end)


class Leaders:
    """The leaders table with its name index; `lookup` codes a bare name."""

    # The event coder asks about the same few names in sentence after sentence.
    CACHE_SIZE = 4096

    def __init__(self, rows: Sequence[Leader], roles: Mapping[str, Role]) -> None:
        self.rows = tuple(rows)
        self._index = _index(self.rows, roles)
        self._found: dict[tuple[str, datetime.date | None], Leader | None] = {}

    def lookup(self, name: str, on: datetime.date | None = None) -> Leader | None:
        """The office of the leader a name refers to, at the date ``on`` when given.

        The name is matched against names and aliases (case, accents and punctuation aside; leading
        role words such as "President" are ignored), or by its last word when that word is a listed
        alias and the other words fit the person. When the name fits several people, the one whose
        term contains the date (exactly, else with a year of slack) wins; None when no one or more
        than one does. Of one person's offices, the one containing the date wins, then the latest.
        """
        key = (name, on)
        if key in self._found:
            return self._found[key]
        if len(self._found) >= self.CACHE_SIZE:
            self._found.clear()
        found = self._found[key] = self._lookup(name, on)
        return found

    def _lookup(self, name: str, on: datetime.date | None) -> Leader | None:
        index = self._index
        year = None if on is None else on.year
        key = normalize(name)
        people = _people(index, key) or _titled(index, key, year)
        if len(people) > 1 and year is not None:
            people = _in_office(index, people, year)
        if len(people) != 1:
            return None
        return max(index.offices[people[0]], key=lambda office: _rank(office, year))
