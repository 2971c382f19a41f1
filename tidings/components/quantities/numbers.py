"""Reading numbers for the quantities extractor: a lexer that cuts a sentence into digits, words
and signs, and the readers of digits ("1,200.5", "1.2bn"), number words ("two hundred and
fifty") and vague amounts ("dozens"), with the word lists of units.toml (`Lexicons.units`)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from tidings.lexicons.units import TOKEN, Phrase, Units

log = logging.getLogger(__name__)

_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
DASHES = frozenset("-–—")


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
    for m in TOKEN.finditer(text, start, len(text) if end is None else end):
        word, (first, after) = m.group(), m.span()
        out.append(Lex(word, word.lower(), first, after, first == last))
        last = after
    return out


def match_phrase(toks: list[Lex], i: int, phrase: Phrase) -> bool:
    """Whether the tokens from toks[i] on are the words of `phrase`."""
    return i + len(phrase) <= len(toks) and all(toks[i + k].low == w for k, w in enumerate(phrase))


def unit_at(toks: list[Lex], i: int, lexi: Units) -> tuple[int, str, str]:
    """(length, kind, unit) of the longest unit phrase at toks[i], or (0, "", "")."""
    for size in (3, 2, 1):
        phrase = tuple(t.low for t in toks[i : i + size])
        if len(phrase) == size and phrase in lexi.units:
            return (size, *lexi.units[phrase])
    return 0, "", ""


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


def _digits(token: str, lexi: Units) -> Decimal | None:
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


def read_number(toks: list[Lex], i: int, lexi: Units, allow_and: bool) -> Amount | None:
    """Digits with scales ("1.2 billion", "5k") or number words ("two hundred and fifty")."""
    tok = toks[i]
    if tok.text[0].isdigit():
        if tok.glued and i > 0 and _glued_to_word(toks, i):
            return None
        value = _digits(tok.text, lexi)
        j, scale = i + 1, None
        if j < len(toks) and toks[j].glued and toks[j].text[0].isalpha():
            scale = lexi.abbreviations.get(toks[j].low) or lexi.glued_only.get(toks[j].low)
            if scale is None and not unit_at(toks, j, lexi)[0]:
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


def _read_words(toks: list[Lex], i: int, lexi: Units, allow_and: bool) -> Amount | None:
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


def read_vague(toks: list[Lex], i: int, lexi: Units) -> Amount | None:
    """ "Dozens", "hundreds of thousands", "several hundred", "a handful"."""
    for phrase, (low, high) in lexi.multipliers.items():
        j = i + len(phrase)
        if match_phrase(toks, i, phrase) and j < len(toks) and toks[j].low in lexi.scales:
            scale = lexi.scales[toks[j].low]
            return Amount(i, j + 1, None, low * scale, high * scale)
    for phrase, (low, high) in lexi.vague_phrases.items():
        if match_phrase(toks, i, phrase):
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
