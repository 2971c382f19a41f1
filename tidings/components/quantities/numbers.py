"""Reading numbers for the quantities extractor: the word lists of data/units.toml (loaded and
checked once), a lexer that cuts a sentence into digits, words and signs, and the readers of
digits ("1,200.5", "1.2bn"), number words ("two hundred and fifty") and vague amounts ("dozens")."""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from tidings.errors import ConfigError
from tidings.lexicons import DATA_DIR
from tidings.lexicons.wordregex import word_alternation

log = logging.getLogger(__name__)

DATA = DATA_DIR / "units.toml"
# Digits (with separators, or "10^400" as written), runs of letters, or any other single sign.
_LEX = re.compile(r"\d(?:[\d,.]*\d)?(?:\^\d+)?|[^\W\d_]+|\S")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
DASHES = frozenset("-–—")

Phrase = tuple[str, ...]
Bounds = tuple[Decimal, Decimal]


class Lex(NamedTuple):
    """One lexer token: `glued` when no space separates it from the token before. A named
    tuple: every number-bearing sentence makes dozens, and a tuple is the cheapest to make."""

    text: str
    low: str
    start: int
    end: int
    glued: bool


def lex(text: str, start: int = 0, end: int | None = None) -> list[Lex]:
    out: list[Lex] = []
    last = -1
    for m in _LEX.finditer(text, start, len(text) if end is None else end):
        word, (first, after) = m.group(), m.span()
        out.append(Lex(word, word.lower(), first, after, first == last))
        last = after
    return out


def words(phrase: str) -> Phrase:
    return tuple(m.group().lower() for m in _LEX.finditer(phrase))


@dataclass(frozen=True, slots=True)
class Lexicon:
    max_value: Decimal
    numbers: dict[str, int]
    articles: frozenset[str]
    scales: dict[str, Decimal]
    fractions: dict[str, Decimal]
    abbreviations: dict[str, Decimal]
    glued_only: dict[str, Decimal]
    before: dict[Phrase, str]
    after: dict[Phrase, str]
    openers: frozenset[str]
    joiners: frozenset[str]
    needs_opener: frozenset[str]
    approximate_joiners: frozenset[str]
    vague: dict[str, Bounds]
    needs_of: frozenset[str]
    vague_phrases: dict[Phrase, Bounds]
    multipliers: dict[Phrase, Bounds]
    units: dict[Phrase, tuple[str, str]]
    symbols: dict[str, str]
    codes: dict[str, str]
    ambiguous: frozenset[str]
    months: frozenset[str]
    reference_nouns: frozenset[str]
    age_before: frozenset[str]
    age_after: frozenset[str]
    year_before: frozenset[str]
    year_range: tuple[int, int]
    relative_after: frozenset[str]
    skip_patterns: tuple[re.Pattern[str], ...]
    of_preps: frozenset[str]
    money_preps: frozenset[str]
    modifier_deps: frozenset[str]
    measure_nouns: frozenset[str]
    fallback: dict[str, tuple[str, ...]]
    # Derived: the words a number expression can begin with (digits aside), the longest
    # approximator.
    starters: frozenset[str] = frozenset()
    longest_before: int = 0
    # Sentences this does not match hold no quantity and are not read further.
    worth_reading: re.Pattern[str] = re.compile(r"\d")

    def match(self, toks: list[Lex], i: int, phrase: Phrase) -> bool:
        return i + len(phrase) <= len(toks) and all(
            toks[i + k].low == w for k, w in enumerate(phrase)
        )

    def unit_at(self, toks: list[Lex], i: int) -> tuple[int, str, str]:
        """(length, kind, unit) of the longest unit phrase at toks[i], or (0, "", "")."""
        for size in (3, 2, 1):
            phrase = tuple(t.low for t in toks[i : i + size])
            if len(phrase) == size and phrase in self.units:
                return (size, *self.units[phrase])
        return 0, "", ""

    def starts_unit(self, toks: list[Lex], i: int) -> bool:
        return self.unit_at(toks, i)[0] > 0


class _Reader:
    """Typed access to the TOML tables; errors name the file, the line and the key."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.lines = path, text.splitlines()
        try:
            self.raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: {exc}") from exc

    def fail(self, key: str, why: str) -> ConfigError:
        leaf = re.escape(key.rsplit(".", 1)[-1])
        where = re.compile(rf"""^\s*(?:["']?{leaf}["']?\s*=|\[{re.escape(key)}\])""")
        line = next((n for n, s in enumerate(self.lines, 1) if where.match(s)), 0)
        return ConfigError(f"{self.path}{f':{line}' if line else ''}: {key}: {why}")

    def get(self, key: str) -> Any:
        node: Any = self.raw
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise self.fail(key, "missing")
            node = node[part]
        return node

    def table(self, key: str, kind: type | tuple[type, ...]) -> dict[str, Any]:
        node = self.get(key)
        if not isinstance(node, dict):
            raise self.fail(key, "must be a table")
        for name, value in node.items():
            if isinstance(value, bool) or not isinstance(value, kind):
                kinds = kind if isinstance(kind, tuple) else (kind,)
                wanted = " or ".join(k.__name__ for k in kinds)
                raise self.fail(f"{key}.{name}", f"must be {wanted}, not {value!r}")
        return node

    def numbers(self, key: str) -> dict[str, Decimal]:
        table = self.table(key, (int, float))
        for name, value in table.items():
            if value <= 0:
                raise self.fail(f"{key}.{name}", f"must be positive, not {value!r}")
        return {k: Decimal(str(v)) for k, v in table.items()}

    def strings(self, key: str) -> frozenset[str]:
        node = self.get(key)
        if not isinstance(node, list) or not all(isinstance(v, str) for v in node):
            raise self.fail(key, "must be a list of strings")
        return frozenset(node)

    def bounds(self, key: str) -> dict[str, Bounds]:
        out = {}
        for name, pair in self.table(key, list).items():
            ok = len(pair) == 2 and all(isinstance(v, int | float) for v in pair)
            if not ok or pair[0] > pair[1]:
                raise self.fail(f"{key}.{name}", "must be [min, max] with min <= max")
            out[name] = (Decimal(str(pair[0])), Decimal(str(pair[1])))
        return out

    def patterns(self, key: str) -> tuple[re.Pattern[str], ...]:
        self.strings(key)
        out = []
        for n, pattern in enumerate(self.get(key), 1):
            try:
                out.append(re.compile(pattern, re.IGNORECASE))
            except re.error as exc:
                raise self.fail(key, f"pattern {n} {pattern!r}: {exc}") from exc
        return tuple(out)

    def lists(self, key: str) -> dict[str, tuple[str, ...]]:
        table = self.table(key, list)
        for name, items in table.items():
            if not all(isinstance(v, str) for v in items):
                raise self.fail(f"{key}.{name}", "must be a list of strings")
        return {k: tuple(v) for k, v in table.items()}


@cache
def lexicon(path: Path = DATA) -> Lexicon:
    r = _Reader(path, path.read_text(encoding="utf-8"))
    units: dict[Phrase, tuple[str, str]] = {}
    for kind in ("percent", "duration", "measure"):
        units.update({words(k): (kind, v) for k, v in r.table(f"units.{kind}", str).items()})
    units.update({words(k): ("currency", v) for k, v in r.table("currency.names", str).items()})
    years = r.get("skip.year_range")
    if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)):
        raise r.fail("skip.year_range", "must be [first, last] years")
    limits = r.numbers("limits")
    if "max_value" not in limits:
        raise r.fail("limits.max_value", "missing")
    lexi = Lexicon(
        max_value=limits["max_value"],
        numbers={k: int(v) for k, v in r.table("numbers", int).items()},
        articles=r.strings("scales.articles"),
        scales=r.numbers("scales.words"),
        fractions=r.numbers("scales.fractions"),
        abbreviations=r.numbers("scales.abbreviations"),
        glued_only=r.numbers("scales.glued_only"),
        before={words(k): v for k, v in _senses(r, "approximators.before").items()},
        after={words(k): v for k, v in _senses(r, "approximators.after").items()},
        openers=r.strings("ranges.openers"),
        joiners=r.strings("ranges.joiners"),
        needs_opener=r.strings("ranges.needs_opener"),
        approximate_joiners=r.strings("ranges.approximate"),
        vague=r.bounds("vague.plural"),
        needs_of=r.strings("vague.needs_of"),
        vague_phrases={words(k): v for k, v in r.bounds("vague.phrases").items()},
        multipliers={words(k): v for k, v in r.bounds("vague.multipliers").items()},
        units=units,
        symbols=r.table("currency.symbols", str),
        codes=r.table("currency.codes", str),
        ambiguous=r.strings("currency.ambiguous"),
        months=r.strings("skip.months"),
        reference_nouns=r.strings("skip.reference_nouns"),
        age_before=r.strings("skip.age_before"),
        age_after=r.strings("skip.age_after"),
        year_before=r.strings("skip.year_before"),
        year_range=(years[0], years[1]),
        relative_after=r.strings("skip.relative_after"),
        skip_patterns=r.patterns("skip.patterns"),
        of_preps=r.strings("objects.of"),
        money_preps=r.strings("objects.money"),
        modifier_deps=r.strings("objects.modifier_deps"),
        measure_nouns=r.strings("objects.measure_nouns"),
        fallback=r.lists("objects.fallback"),
    )
    firsts = {p[0] for p in (*lexi.vague_phrases, *lexi.multipliers)}
    signals = {
        *lexi.numbers,
        *lexi.vague,
        *lexi.scales,
        *(w for p in lexi.vague_phrases for w in p),
    }
    alternatives = word_alternation(signals - lexi.articles)
    return replace(
        lexi,
        starters=frozenset({*lexi.numbers, *lexi.articles, *lexi.vague, *firsts}),
        longest_before=max((len(p) for p in lexi.before), default=0),
        worth_reading=re.compile(rf"\d|\b{alternatives}\b", re.IGNORECASE),
    )


def _senses(r: _Reader, key: str) -> dict[str, str]:
    table = r.table(key, str)
    for name, sense in table.items():
        if sense not in ("approximate", "lower", "upper"):
            raise r.fail(f"{key}.{name}", f"sense must be approximate, lower or upper: {sense!r}")
    return table


@dataclass(frozen=True, slots=True)
class Amount:
    """One number or vague amount: lexer tokens [first, end), its value or bounds."""

    first: int
    end: int
    value: Decimal | None
    low: Decimal | None = None
    high: Decimal | None = None
    scale: Decimal | None = None
    ok: bool = True
    plain: str = ""  # the digits as written when the amount is one bare digit token


def _digits(token: str, lexi: Lexicon) -> Decimal | None:
    """The value of digits as written; None for what no reader could trust ("1,2,3,4")."""
    try:
        if "^" in token:
            base, power = token.split("^", 1)
            exponent = int(power)
            return Decimal(base) ** exponent if exponent <= 30 else None
        if _GROUPED.fullmatch(token):
            return Decimal(token.replace(",", ""))
        if _DOTTED.fullmatch(token):
            return Decimal(token.replace(".", ""))
    except (InvalidOperation, ValueError, ArithmeticError):
        log.debug("unreadable number %r", token)
    return None


def read_number(toks: list[Lex], i: int, lexi: Lexicon, allow_and: bool) -> Amount | None:
    """Digits with scales ("1.2 billion", "5k") or number words ("two hundred and fifty")."""
    tok = toks[i]
    if tok.text[0].isdigit():
        if tok.glued and i > 0 and _glued_to_word(toks, i):
            return None
        value = _digits(tok.text, lexi)
        j, scale = i + 1, None
        if j < len(toks) and toks[j].glued and toks[j].text[0].isalpha():
            scale = lexi.abbreviations.get(toks[j].low) or lexi.glued_only.get(toks[j].low)
            if scale is None and not lexi.starts_unit(toks, j):
                return None  # "3rd", "1990s", "5G": not a count
            j += scale is not None
        while j < len(toks) and (
            s := lexi.scales.get(toks[j].low) or lexi.abbreviations.get(toks[j].low)
        ):
            scale, j = (scale or 1) * s, j + 1
        plain = tok.text if j == i + 1 else ""
        if value is not None and scale is not None:
            value *= scale
        return Amount(i, j, value, scale=scale, ok=value is not None, plain=plain)
    return _read_words(toks, i, lexi, allow_and)


def _glued_to_word(toks: list[Lex], i: int) -> bool:
    """Digits stuck to a word ("MH17", "COVID-19", "mid-2015") name something, not a count."""
    prev = toks[i - 1]
    if prev.text[0].isalpha():
        return True
    return prev.text in DASHES and prev.glued and i > 1 and toks[i - 2].text[0].isalpha()


def _read_words(toks: list[Lex], i: int, lexi: Lexicon, allow_and: bool) -> Amount | None:
    n = len(toks)
    if toks[i].low in lexi.articles:
        if not (i + 1 < n and toks[i + 1].low in lexi.scales):
            return None
    elif toks[i].low not in lexi.numbers:
        return None
    total, current, last, j, scale = Decimal(0), Decimal(0), "", i, None
    while j < n:
        low = toks[j].low
        number = lexi.numbers.get(low)
        if number is not None and (last in ("", "scale") or (last == "tens" and number < 10)):
            current += number
            last = "tens" if number >= 20 and number % 10 == 0 else "unit"
        elif low in lexi.articles and j == i:
            current, last = Decimal(1), "unit"
        elif low in lexi.scales and last in ("unit", "tens", "scale"):
            scale = lexi.scales[low]
            if scale < 1000:
                current = (current or 1) * scale
            else:
                total, current = total + (current or 1) * scale, Decimal(0)
            last = "scale"
        elif (low in DASHES and last == "tens" and _next_is(toks, j, lexi.numbers, glued=True)) or (
            low == "and" and allow_and and last == "scale" and _next_is(toks, j, lexi.numbers)
        ):
            pass
        else:
            break
        j += 1
    while j > i + 1 and toks[j - 1].low in ("and", *DASHES):
        j -= 1
    return Amount(i, j, total + current, scale=scale if last == "scale" else None)


def _next_is(toks: list[Lex], j: int, words: dict[str, int], glued: bool = False) -> bool:
    if j + 1 >= len(toks) or toks[j + 1].low not in words:
        return False
    return not glued or (toks[j].glued and toks[j + 1].glued)


def read_vague(toks: list[Lex], i: int, lexi: Lexicon) -> Amount | None:
    """ "Dozens", "hundreds of thousands", "several hundred", "a handful"."""
    for phrase, (low, high) in lexi.multipliers.items():
        j = i + len(phrase)
        if lexi.match(toks, i, phrase) and j < len(toks) and toks[j].low in lexi.scales:
            scale = lexi.scales[toks[j].low]
            return Amount(i, j + 1, None, low * scale, high * scale)
    for phrase, (low, high) in lexi.vague_phrases.items():
        if lexi.match(toks, i, phrase):
            return Amount(i, i + len(phrase), None, low, high)
    word = toks[i].low
    if word not in lexi.vague:
        return None
    j = i + 1
    followed_by_of = j < len(toks) and toks[j].low == "of"
    if word in lexi.needs_of and not followed_by_of:
        return None
    low, high = lexi.vague[word]
    # "hundreds of thousands": the second plural multiplies the first.
    while j + 1 < len(toks) and toks[j].low == "of" and toks[j + 1].low[:-1] in lexi.scales:
        if toks[j + 1].low not in lexi.vague:
            break
        scale = lexi.scales[toks[j + 1].low[:-1]]
        low, high, j = low * scale, high * scale + scale - 1, j + 2
    return Amount(i, j, None, low, high)
