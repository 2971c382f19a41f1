"""The shape of data/time_words.toml once checked and compiled: what the resolvers of each kind
(kinds.py) read and what the loader (parse.py) builds, so neither module imports the other."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Form:
    kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Lexicon:
    """data/time_words.toml, checked and compiled."""

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
    def range_openers(self) -> frozenset[str]:
        return self.words["range_openers"]
