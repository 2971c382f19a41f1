"""units.toml: the words and signs of quantities, checked once.

Number words, scales ("million", "bn", "5k"), approximators ("about", "-plus"), ranges, vague
amounts ("dozens"), units and currencies, and what is not a quantity (dates, ages, labels). Read
by :mod:`tidings.components.quantities`. Phrases are split into words as the quantities lexer
splits text (:data:`TOKEN`), so that they match its tokens one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from tidings.errors import LexiconError
from tidings.lexicons.loader import TomlDoc
from tidings.lexicons.wordregex import word_alternation

# One token of the quantities lexer: digits (with separators, or "10^400" as written), a run of
# letters, or any other single sign.
TOKEN = re.compile(r"\d(?:[\d,.]*\d)?(?:\^\d+)?|[^\W\d_]+|\S")

Phrase = tuple[str, ...]
Bounds = tuple[Decimal, Decimal]


def words(phrase: str) -> Phrase:
    """A phrase as the lower-case tokens the lexer would cut it into."""
    return tuple(m.group().lower() for m in TOKEN.finditer(phrase))


@dataclass(frozen=True, slots=True)
class Units:
    """units.toml, checked."""

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


class _Reader:
    """Typed access to the tables by dotted key; errors name the file, the line and the key."""

    def __init__(self, doc: TomlDoc) -> None:
        self.doc = doc

    def fail(self, key: str, why: str, needle: str = "") -> LexiconError:
        return self.doc.fail(f"{key}: {why}", *key.split("."), needle=needle)

    def get(self, key: str) -> Any:
        node: Any = self.doc.data
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
                raise self.fail(key, f"pattern {n} {pattern!r}: {exc}", needle=pattern) from None
        return tuple(out)

    def lists(self, key: str) -> dict[str, tuple[str, ...]]:
        table = self.table(key, list)
        for name, items in table.items():
            if not all(isinstance(v, str) for v in items):
                raise self.fail(f"{key}.{name}", "must be a list of strings")
        return {k: tuple(v) for k, v in table.items()}

    def senses(self, key: str) -> dict[Phrase, str]:
        table = self.table(key, str)
        for name, sense in table.items():
            if sense not in ("approximate", "lower", "upper"):
                raise self.fail(
                    f"{key}.{name}", f"sense must be approximate, lower or upper: {sense!r}"
                )
        return {words(k): v for k, v in table.items()}


def load_units(doc: TomlDoc) -> Units:
    """Check units.toml (merged with its extension)."""
    r = _Reader(doc)
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
    found = Units(
        max_value=limits["max_value"],
        numbers={k: int(v) for k, v in r.table("numbers", int).items()},
        articles=r.strings("scales.articles"),
        scales=r.numbers("scales.words"),
        fractions=r.numbers("scales.fractions"),
        abbreviations=r.numbers("scales.abbreviations"),
        glued_only=r.numbers("scales.glued_only"),
        before=r.senses("approximators.before"),
        after=r.senses("approximators.after"),
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
    firsts = {p[0] for p in (*found.vague_phrases, *found.multipliers)}
    signals = {
        *found.numbers,
        *found.vague,
        *found.scales,
        *(w for p in found.vague_phrases for w in p),
    }
    alternatives = word_alternation(signals - found.articles)
    return replace(
        found,
        starters=frozenset({*found.numbers, *found.articles, *found.vague, *firsts}),
        longest_before=max((len(p) for p in found.before), default=0),
        worth_reading=re.compile(rf"\d|\b{alternatives}\b", re.IGNORECASE),
    )
