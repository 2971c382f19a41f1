"""Quantities: numbers in digits and words, ranges, approximations, percentages, money and
durations, each with the noun it counts. A small lexer reads the number expressions of each
sentence (spaCy's tokens split "HK$5" and "10–20" inconsistently); the parse gives what they count
and the entities tell dates, times and ages apart from counts. Word lists: units.toml
(`Lexicons.units`)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from tidings.components.quantities.numbers import (
    DASHES,
    Amount,
    Lex,
    lex,
    match_phrase,
    read_number,
    read_vague,
    unit_at,
)
from tidings.lexicons.units import Units
from tidings.models import Quantity
from tidings.nlp import doc_text, token_starts

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tidings.lexicons import Lexicons
    from tidings.pipeline.state import ArticleState

_NOUNS = frozenset({"NOUN", "PROPN"})


class Quantities:
    name = "quantities"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ("quantities",)

    def __init__(self, lexicons: Lexicons) -> None:
        self.units = lexicons.units

    def __call__(self, state: ArticleState) -> None:
        spans = [s.span for s in state.sentences]
        state.quantities = tuple(find_quantities(state.doc, self.units, spans))


@dataclass(frozen=True, slots=True)
class Expr:
    first: int
    end: int
    amount: Amount
    low: Decimal | None
    high: Decimal | None
    is_range: bool = False
    approximate: bool = False
    unit: str = ""
    kind: str = ""  # percent, currency, duration, measure or ""
    sense: str = ""  # what an approximator said: approximate, lower, upper


def find_quantities(
    doc: Doc, lexi: Units, sentence_spans: list[tuple[int, int]] | None = None
) -> list[Quantity]:
    """Quantities of a parsed text, read with the word lists `lexi` (`Lexicons.units`);
    `sentence_spans` saves recomputing `doc.sents`."""
    text = doc_text(doc)
    starts = token_starts(doc)
    found: list[Quantity] = []
    if sentence_spans is None:
        sentence_spans = [(s.start_char, s.end_char) for s in doc.sents]
    for sent_start, sent_end in sentence_spans:
        if not lexi.worth_reading.search(text, sent_start, sent_end):
            continue
        toks = lex(text, sent_start, sent_end)
        zones = [
            m.span()
            for pattern in lexi.skip_patterns
            for m in pattern.finditer(text, sent_start, sent_end)
        ]
        i = 0
        while i < len(toks):
            tok = toks[i]
            if not (tok.text[0].isdigit() or tok.low in lexi.starters) or any(
                a <= tok.start < b for a, b in zones
            ):
                i += 1
                continue
            expr, skip_to = read_expression(toks, i, lexi)
            if expr is not None and keep(expr, toks, doc, starts, lexi):
                found.append(to_quantity(expr, toks, doc, text, lexi))
            i = max(skip_to, i + 1)
    return found


def read_expression(toks: list[Lex], i: int, lexi: Units) -> tuple[Expr | None, int]:
    """The quantity expression whose first number is at toks[i], and where to read on."""
    amount = read_vague(toks, i, lexi) or read_number(toks, i, lexi, allow_and=True)
    if amount is None:
        return None, i + 1
    start = i
    if i > 0 and toks[i - 1].low in lexi.fractions and toks[i].low in lexi.articles:
        start = i - 1  # "half a million"
        value = amount.value and amount.value * lexi.fractions[toks[i - 1].low]
        amount = replace(amount, first=start, value=value)
    first, currency, sense = _prefix(toks, start, lexi)
    opener = first > 0 and toks[first - 1].low in lexi.openers
    if opener and amount.value is not None:  # "between two hundred and three hundred"
        amount = read_number(toks, i, lexi, allow_and=False) or amount
    expr = Expr(first, amount.end, amount, amount.low, amount.high, unit=currency)
    vague = amount.value is None and amount.low is not None
    expr = replace(expr, kind="currency" if currency else "", approximate=vague)
    ranged = _range(toks, expr, lexi, opener)
    if ranged is False:
        return None, amount.end + 2
    if isinstance(ranged, Expr):
        expr = replace(ranged, first=first - 1 if opener else first)
    end, after = _after_approximator(toks, expr.end, lexi, glued_only=True)
    expr, dropped = _unit(toks, replace(expr, end=end), lexi)
    if dropped:
        return None, expr.end
    end, later = _after_approximator(toks, expr.end, lexi, glued_only=False)
    expr = replace(expr, end=end)
    sense = sense or after or later
    return (_with_sense(expr, sense) if sense else expr), expr.end


def _prefix(toks: list[Lex], i: int, lexi: Units) -> tuple[int, str, str]:
    """(first token, currency, approximation sense) of what stands before the number."""
    first, currency = i, ""
    if i > 0 and toks[i - 1].text in lexi.symbols:
        first, currency = i - 1, lexi.symbols[toks[i - 1].text]
        if i > 1 and toks[i - 1].glued and (toks[i - 2].text + toks[i - 1].text) in lexi.symbols:
            first, currency = i - 2, lexi.symbols[toks[i - 2].text + toks[i - 1].text]
    elif i > 0 and toks[i - 1].text in lexi.codes:
        first, currency = i - 1, lexi.codes[toks[i - 1].text]
    elif i > 1 and toks[i - 1].text == "." and toks[i - 2].text in lexi.codes:
        first, currency = i - 2, lexi.codes[toks[i - 2].text]
    for size in range(lexi.longest_before, 0, -1):
        phrase = tuple(t.low for t in toks[max(first - size, 0) : first])
        if len(phrase) == size and phrase in lexi.before:
            return first - size, currency, lexi.before[phrase]
    return first, currency, ""


def _range(toks: list[Lex], expr: Expr, lexi: Units, opener: bool) -> Expr | bool:
    """The range "700-800" / "between 20 and 25" / "two or three" starting with expr's amount;
    False when a dash joins numbers that fall ("3-1": a score, not a range)."""
    a, j = expr.amount, expr.end
    if a.value is None or j + 1 >= len(toks) or toks[j].low not in lexi.joiners:
        return True
    joiner = toks[j].low
    if joiner in lexi.needs_opener and not opener:
        return True
    k = j + 1
    if toks[k].text in lexi.symbols or toks[k].text in lexi.codes:
        k += 1
    b = read_number(toks, k, lexi, allow_and=True) if k < len(toks) else None
    if b is None or b.value is None:
        return True
    low = a.value
    if a.scale is None and b.scale is not None and a.value * b.scale <= b.value:
        low = a.value * b.scale  # "between 2 and 3 million"
    if low > b.value or (low == b.value and joiner in DASHES):
        return joiner not in DASHES  # "3-1", "2-2": a score
    return replace(
        expr,
        end=b.end,
        low=low,
        high=b.value,
        is_range=True,
        approximate=joiner in lexi.approximate_joiners,
        amount=replace(a, ok=a.ok and b.ok),
    )


def _after_approximator(toks: list[Lex], j: int, lexi: Units, glued_only: bool) -> tuple[int, str]:
    """ "3,000-plus", "40-odd" (glued) or "5,000 or more" (spaced): (new end, sense)."""
    if glued_only:
        if j + 1 < len(toks) and toks[j].text in DASHES and toks[j].glued and toks[j + 1].glued:
            sense = lexi.after.get((toks[j + 1].low,), "")
            return (j + 2, sense) if sense else (j, "")
        return j, ""
    for phrase, sense in lexi.after.items():
        if len(phrase) > 1 and match_phrase(toks, j, phrase):
            return j + len(phrase), sense
    return j, ""


def _unit(toks: list[Lex], expr: Expr, lexi: Units) -> tuple[Expr, bool]:
    """Percent, currency, duration or measure after the number; (expr, dropped) where dropped
    marks an age ("24-year-old") or a point in time ("three years ago")."""
    j = expr.end
    if j + 1 < len(toks) and toks[j].text in DASHES and toks[j].glued and toks[j + 1].glued:
        j += 1  # "three-month"
    elif expr.amount.value is None and j + 1 < len(toks) and toks[j].low == "of":
        j += 1  # "billions of dollars"
    if j < len(toks) and toks[j].text in lexi.codes and not expr.unit:
        return replace(expr, end=j + 1, unit=lexi.codes[toks[j].text], kind="currency"), False
    size, kind, unit = unit_at(toks, j, lexi)
    if not size or (expr.unit and kind == "currency"):
        return expr, False
    end = j + size
    weight = toks[end - 1].low in lexi.ambiguous and end < len(toks) and toks[end].low == "of"
    if kind == "currency" and weight:  # "500 pounds of explosives"
        return expr, False
    if expr.kind == "currency" and kind != "currency":
        return expr, False
    if kind == "duration":
        k = end + (end + 1 < len(toks) and toks[end].text in DASHES)
        if k < len(toks) and toks[k].low in lexi.age_after:
            return replace(expr, end=k + 1), True
        if k < len(toks) and toks[k].low in lexi.relative_after:
            return replace(expr, end=k + 1), True
    if j > expr.end and toks[expr.end].low == "of" and kind != "currency":
        return expr, False
    return replace(expr, end=end, unit=unit, kind=kind), False


def _with_sense(expr: Expr, sense: str) -> Expr:
    value = expr.amount.value
    expr = replace(expr, approximate=True, sense=sense)
    if expr.is_range or value is None:
        return expr
    if sense == "lower":
        return replace(expr, low=value)
    if sense == "upper":
        return replace(expr, high=value)
    return expr


def keep(expr: Expr, toks: list[Lex], doc: Doc, starts: list[int], lexi: Units) -> bool:
    """False for numbers that date, time, age or label something instead of counting it."""
    a = expr.amount
    token = doc[bisect.bisect_right(starts, toks[a.first].start) - 1]
    prev = toks[a.first - 1].low.rstrip(".") if a.first > 0 else ""
    nxt = toks[expr.end].low if expr.end < len(toks) else ""
    if a.plain.startswith("0") and len(a.plain) > 1 and a.plain[1].isdigit():
        return False  # "0958": a code or a phone number
    if prev in lexi.age_before:
        return False
    if expr.unit or expr.sense or a.value is None:
        return True
    if _labels(toks, a.first, token, lexi) or _is_person_age(toks, a, doc, starts):
        return False
    years = lexi.year_range
    if len(a.plain) == 4 and years[0] <= a.value <= years[1] and (expr.high or 0) <= years[1]:
        after = bisect.bisect_left(starts, toks[expr.end - 1].end)
        counts = after < len(doc) and doc[after].tag_ in ("NNS", "NNPS")
        return counts and token.ent_type_ != "DATE" and prev not in lexi.year_before
    if a.value <= 31 and a.value == int(a.value):
        dated = prev in lexi.months or nxt in lexi.months
        if dated or token.ent_type_ in ("DATE", "TIME"):
            return False
    if toks[a.first].low == "one" and a.end == a.first + 1:
        return token.dep_ == "nummod"  # "one of them", "no one": a pronoun
    # "10 Downing Street": a number before a singular name is part of the name.
    return not (token.dep_ == "nummod" and token.head.tag_ == "NNP" and token.head.i > token.i)


def _labels(toks: list[Lex], i: int, token: Token, lexi: Units) -> bool:
    """ "Article 5", "Resolution 2231", "Boeing 737": a number naming the noun before it."""
    if i == 0:
        return False
    prev = toks[i - 1]
    if prev.low.rstrip(".") in lexi.reference_nouns or (
        prev.low == "." and i > 1 and toks[i - 2].low == "no"
    ):
        return True
    before = token.nbor(-1) if token.i > 0 else None
    return (
        before is not None
        and before.tag_ == "NNP"
        and before.text[:1].isupper()
        and not before.is_sent_start
        and before.lower_ not in lexi.months
    )


def _is_person_age(toks: list[Lex], a: Amount, doc: Doc, starts: list[int]) -> bool:
    """ "Dervishi, 46, said" / "Dervishi (46)": a bare number set off after a person's name."""
    if a.first < 2 or toks[a.first - 1].text not in (",", "("):
        return False
    closes = a.end >= len(toks) or toks[a.end].text in (",", ")", ".", ";")
    name = doc[bisect.bisect_right(starts, toks[a.first - 2].start) - 1]
    return closes and name.ent_type_ == "PERSON" and (a.value or 0) < 130


def to_quantity(expr: Expr, toks: list[Lex], doc: Doc, text: str, lexi: Units) -> Quantity:
    start, end = toks[expr.first].start, toks[expr.end - 1].end
    a = expr.amount
    value = None if expr.is_range else a.value
    bounds = [v for v in (value, expr.low, expr.high) if v is not None]
    if not a.ok or any(v > lexi.max_value for v in bounds):
        value, low, high = None, None, None
    else:
        low, high = expr.low, expr.high
    span = doc.char_span(start, end, alignment_mode="expand")
    noun = counted_object(doc, span.start, span.end, expr.kind, lexi) if span is not None else ""
    return Quantity(
        text=text[start:end],
        value=_float(value),
        min=_float(low),
        max=_float(high),
        approximate=expr.approximate,
        unit=expr.unit,
        object=noun,
        span=(start, end),
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def counted_object(doc: Doc, start: int, end: int, kind: str, lexi: Units) -> str:
    """What the number counts: the noun it modifies, the object of "of" after it, the noun it is
    in apposition to, or an argument of the verb it completes ("the crowd at 50,000")."""
    inside = range(start, end)
    outside = [t for t in doc[start:end] if t.head.i not in inside or t.head.i == t.i]
    if not outside:
        return ""
    anchor = next((t for t in outside if t.head.i >= end and t.dep_ in lexi.modifier_deps), None)
    if anchor is not None and anchor.head.pos_ in _NOUNS:
        return _noun_phrase(anchor.head, inside)
    preps = lexi.money_preps if kind == "currency" else lexi.of_preps
    for token in reversed(doc[start:end]):
        if (pobj := _of_object(token, preps, end)) is not None:
            return _noun_phrase(pobj, inside)
    anchor = outside[-1]
    head = anchor.head
    if anchor.dep_ == "appos" and head.pos_ == "NOUN":
        return _noun_phrase(head, inside)
    if anchor.dep_ in ("attr", "dobj"):
        # "the number of refugees could pass 600,000"; not "Russia killed 2,000"
        measures = lexi.measure_nouns if anchor.dep_ == "dobj" else None
        return _argument(head, ("nsubj",), inside, lexi, measures)
    if anchor.dep_ == "pobj" and head.lower_ in lexi.fallback and kind != "duration":
        return _argument(head.head, lexi.fallback[head.lower_], inside, lexi)
    return ""


def _of_object(token: Token, preps: frozenset[str], after: int) -> Token | None:
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps and prep.i >= after:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in _NOUNS:
                return pobj
    return None


def _argument(
    verb: Token,
    deps: tuple[str, ...],
    inside: range,
    lexi: Units,
    only: frozenset[str] | None = None,
) -> str:
    """The first of the verb's arguments in `deps` order (nothing for a pronoun, or for a noun
    not in `only`); a measure noun gives way to what it measures ("the number of refugees").
    A direct object `deps` does not name means the number is not about the subject ("sentenced
    him to 15 years")."""
    if "dobj" not in deps and any(c.dep_ == "dobj" and c.i not in inside for c in verb.children):
        return ""
    for dep in deps:
        arg = next((c for c in verb.children if c.dep_ == dep), None)
        if arg is None:
            continue
        if arg.pos_ not in _NOUNS or (only is not None and arg.lemma_.lower() not in only):
            return ""
        if arg.lemma_.lower() in lexi.measure_nouns:
            arg = _of_object(arg, lexi.of_preps, arg.i) or arg
        return _noun_phrase(arg, inside)
    return ""


def _noun_phrase(noun: Token, inside: range) -> str:
    """The noun with the compounds before it ("weapons budget"), adjectives left out."""
    doc, first = noun.doc, noun.i
    while (
        first > 0
        and doc[first - 1].dep_ == "compound"
        and doc[first - 1].head.i <= noun.i
        and first - 1 not in inside
    ):
        first -= 1
    return doc[first : noun.i + 1].text
