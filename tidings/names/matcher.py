"""Where in a parsed doc the country and organisation lexicons match: the one surface-form
match of an article, run once and shared by every component."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.lexicons import Lexicons, Organization
from tidings.models import Span
from tidings.nlp import doc_text, token_column, token_starts

if TYPE_CHECKING:
    from spacy.tokens import Doc


def first_words(lexicons: Lexicons) -> dict[str, int]:
    """First token of every country or organisation form -> the most tokens a form has."""
    firsts: dict[str, int] = {}
    for form in (*lexicons.country_forms, *lexicons.organization_forms):
        words = re.findall(r"\w+|[^\w\s]", form)
        for first in {words[0], form.split()[0]}:
            firsts[first] = max(firsts.get(first, 0), len(words))
    return firsts


@dataclass
class NameMatches:
    """Where in one doc the country and organisation lexicons match, by token index; the
    lexicons matched with, for the helpers that read further tables."""

    lexicons: Lexicons
    country_at: dict[int, tuple[str, str]] = field(default_factory=dict)
    org_at: dict[int, Organization] = field(default_factory=dict)
    org_matches: list[tuple[Span, Organization]] = field(default_factory=list)
    country_counts: Counter[str] = field(default_factory=Counter)
    capitals: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, doc: Doc, lexicons: Lexicons) -> NameMatches:
        """Longest matches of token n-grams starting with a known first word."""
        lex, countries, text = cls(lexicons), lexicons.country_forms, doc_text(doc)
        orgs, firsts = lexicons.organization_forms, lexicons.derive(first_words)
        # Offsets and words from arrays: iterating the doc would build a Token object per word.
        starts = token_starts(doc)
        words = token_column(doc, "ORTH")
        i = 0
        for first in [n for n, word in enumerate(words) if word in firsts]:
            if first < i:
                continue  # inside the last match
            i = first
            most = firsts[words[i]]
            for j in range(min(len(words), i + most), i, -1):
                form = text[starts[i] : starts[j - 1] + len(words[j - 1])]
                if form in countries:
                    lex.country_at.update({k: countries[form] for k in range(i, j)})
                    lex.country_counts[countries[form][0]] += 1
                    if countries[form][1] == "capital":
                        lex.capitals.add(countries[form][0])
                elif form in orgs and not _inside_name(doc, i, j):
                    lex.org_at.update({k: orgs[form] for k in range(i, j)})
                    lex.org_matches.append(((starts[i], starts[i] + len(form)), orgs[form]))
                else:
                    continue
                i = j - 1
                break
            i += 1
        return lex


def _inside_name(doc: Doc, i: int, j: int) -> bool:
    """ "National Security Council": a body's name that ends in another body's alias."""
    if j - i < 2 or i == 0 or doc[i].is_sent_start:
        return False
    before = doc[i - 1]
    return before.pos_ == "PROPN" and before.text[:1].isupper() and before.is_alpha
