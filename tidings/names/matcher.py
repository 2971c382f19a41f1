"""Where in a parsed doc the lexicons' names match - countries (names, short names,
demonyms, capitals), organisations and regions: the one surface-form match of an article, run
once and shared by every component. Country and organisation forms match in their exact case;
a region matches in any case when its first word is capitalised. At each word the longest form
wins; a body's alias that ends a longer proper name ("National Security Council") is no match.
Places (towns, provinces) are looked up in the gazetteer (names/gazetteer.py), not here."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from tidings.lexicons import Lexicons, OrganizationEntry
from tidings.models import Span
from tidings.nlp import doc_text, token_column, token_starts

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


MatchKind = Literal["country", "org", "region"]


@dataclass(frozen=True, slots=True)
class NameMatch:
    """One lexicon name in the text: tokens [start, end), its kind, and its key in the
    lexicons' forms (the form as written; lower-cased for a region)."""

    start: int
    end: int
    kind: MatchKind
    key: str


def _first_words(forms: Iterable[str], lower: bool) -> dict[str, int]:
    firsts: dict[str, int] = {}
    for form in forms:
        words = re.findall(r"\w+|[^\w\s]", form)
        for first in {words[0], form.split()[0]}:
            key = first.lower() if lower else first
            firsts[key] = max(firsts.get(key, 0), len(words))
    return firsts


def first_words(lexicons: Lexicons) -> dict[str, int]:
    """First token of every country or organisation form -> the most tokens a form has."""
    return _first_words((*lexicons.country_forms, *lexicons.organization_forms), lower=False)


def region_first_words(lexicons: Lexicons) -> dict[str, int]:
    """The same for region forms, lower-cased."""
    return _first_words(lexicons.region_forms, lower=True)


@dataclass
class NameMatches:
    """Where in one doc the country and organisation lexicons match, by token index; the
    lexicons matched with, for the helpers that read further tables."""

    lexicons: Lexicons
    country_at: dict[int, tuple[str, str]] = field(default_factory=dict)
    org_at: dict[int, OrganizationEntry] = field(default_factory=dict)
    org_matches: list[tuple[Span, OrganizationEntry]] = field(default_factory=list)
    country_counts: Counter[str] = field(default_factory=Counter)
    capitals: set[str] = field(default_factory=set)
    matches: list[NameMatch] = field(default_factory=list)
    # Token index -> the index in `matches` of the name it is part of.
    match_at: dict[int, int] = field(default_factory=dict)

    def matches_in(self, tokens: Iterable[Token]) -> list[NameMatch]:
        """The names some tokens are part of, in the tokens' order, each once."""
        seen = {self.match_at[t.i]: None for t in tokens if t.i in self.match_at}
        return [self.matches[k] for k in seen]

    def _add(self, start: int, end: int, kind: MatchKind, key: str) -> None:
        self.match_at.update(dict.fromkeys(range(start, end), len(self.matches)))
        self.matches.append(NameMatch(start, end, kind, key))

    @classmethod
    def of(cls, doc: Doc, lexicons: Lexicons) -> NameMatches:
        """Longest matches of token n-grams starting with a known first word."""
        lex, text = cls(lexicons), doc_text(doc)
        firsts = lexicons.derive(first_words)
        region_firsts = lexicons.derive(region_first_words)
        # Offsets and words from arrays: iterating the doc would build a Token object per word.
        starts = token_starts(doc)
        words = token_column(doc, "ORTH")
        candidates = [
            n
            for n, word in enumerate(words)
            if word in firsts or (word[:1].isupper() and word.lower() in region_firsts)
        ]
        i = 0
        for first in candidates:
            if first < i:
                continue  # inside the last match
            i = first
            most = max(firsts.get(words[i], 0), region_firsts.get(words[i].lower(), 0))
            for j in range(min(len(words), i + most), i, -1):
                form = text[starts[i] : starts[j - 1] + len(words[j - 1])]
                if not lex._match(doc, i, j, form, starts[i]):
                    continue
                i = j - 1
                break
            i += 1
        return lex

    def _match(self, doc: Doc, i: int, j: int, form: str, offset: int) -> bool:
        countries, orgs = self.lexicons.country_forms, self.lexicons.organization_forms
        if form in countries and not _first_name(doc, i, j):
            code, how = countries[form]
            self.country_at.update(dict.fromkeys(range(i, j), countries[form]))
            self.country_counts[code] += 1
            if how == "capital":
                self.capitals.add(code)
            self._add(i, j, "country", form)
        elif form in orgs and not _inside_name(doc, i, j):
            self.org_at.update(dict.fromkeys(range(i, j), orgs[form]))
            self.org_matches.append(((offset, offset + len(form)), orgs[form]))
            self._add(i, j, "org", form)
        elif form[:1].isupper() and form.lower() in self.lexicons.region_forms:
            self._add(i, j, "region", form.lower())
        else:
            return False
        return True


def _first_name(doc: Doc, i: int, j: int) -> bool:
    """ "Chad Miller", "Kenya Barris", "Israel Katz": a country's name that begins a person's
    name the NER found, followed by more of that name, is a first name."""
    return (
        j < len(doc)
        and doc[i].ent_type_ == "PERSON"
        and doc[i].ent_iob_ == "B"
        and doc[j].ent_iob_ == "I"
        and doc[j].pos_ == "PROPN"
        and doc[j].text[:1].isupper()
    )


def _inside_name(doc: Doc, i: int, j: int) -> bool:
    """ "National Security Council": a body's name that ends in another body's alias."""
    if j - i < 2 or i == 0 or doc[i].is_sent_start:
        return False
    before = doc[i - 1]
    return before.pos_ == "PROPN" and before.text[:1].isupper() and before.is_alpha
