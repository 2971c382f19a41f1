"""Time expressions: found in the text, resolved against the publication date, tense-aware.

Finding: the forms of data/time_words.toml are searched in the text (month and weekday names,
"last week", "two days ago", "three-month", years, decades, ...); ambiguous words are kept only
where the parse and their neighbours make them dates ("in May", not "Theresa May"; "in 1997"
and "a 1997 agreement", not "2000 people"). Two expressions joined as a range ("between March and
May", "from 2012 to 2014") become one. spaCy's DATE entities fill the gaps the forms leave; they
are kept even when unresolvable, with value None.

Text convention: a preposition directly before an expression (in, on, since, until, till, by,
from, before, after, during, through) is part of its text and span ("In March", "since 2014"),
as are narrowing modifiers ("early March", "the end of last year", "mid-2014") and the opener of
a range ("between", "from"). "since X" is the range from X to the publication date; the other
prepositions leave the value of X as it is ("before 2014" has value "2014").

Tense: the clause's verb (the nearest verb up the dependency tree) decides which "Thursday" or
"March" is meant: past → the latest on or before the publication date (the same day counts),
future → the first on or after it, present → the nearest (ties go to the past).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from tidings.components.dates.parse import resolve_in_context
from tidings.lexicons.time_words import TimeWords
from tidings.models import TimeRef
from tidings.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tidings.lexicons import Lexicons
    from tidings.pipeline.state import ArticleState

_WINDOW = 40  # characters looked at before an expression for its modifier or preposition
_JOINABLE = frozenset({"year", "month", "weekday", "date"})
_NO_MODIFIER = frozenset({"duration", "ago", "offset", "day_word"})
_LAST_WORD = re.compile(r"([\w'’-]+)\W*$")


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    kind: str
    bare: bool = False  # a lone month name, weekday or year: needs its context checked


class DateExpressions:
    name = "dates"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ("dates",)

    def __init__(self, lexicons: Lexicons) -> None:
        self.time_words = lexicons.time_words

    def __call__(self, state: ArticleState) -> None:
        state.dates = tuple(find_dates(state.doc, state.article.published, self.time_words))


def find_dates(doc: Doc, published: date | None, lex: TimeWords) -> list[TimeRef]:
    """Every time expression of the doc, in document order, resolved against `published`
    with the time words `lex` (`Lexicons.time_words`)."""
    text = doc_text(doc)
    scanned = scan(text, lex)
    kept = [f for f in scanned if not f.bare or plausible(doc, text, f, lex)]
    spans = join_ranges(text, [widen(text, f, lex) for f in select(kept)], lex)
    spans = [with_preposition(text, f, lex) for f in spans]
    spans += entity_gaps(doc, text, (*spans, *scanned), lex)
    refs = []
    for found in sorted(spans, key=lambda f: f.start):
        expression = text[found.start : found.end]
        tense = clause_tense(doc, found.start, found.end, lex)
        resolved = resolve_in_context(expression, published, tense, lex)
        refs.append(
            TimeRef(
                text=expression,
                value=resolved.value,
                end=resolved.end,
                granularity=resolved.granularity,
                span=(found.start, found.end),
                source="clause",
            )
        )
    return refs


def scan(text: str, lex: TimeWords) -> list[Found]:
    """Every match of every form, overlapping ones included: for each form, the matches its own
    `finditer` would give, found by trying the forms only where one of them can start."""
    forms = lex.forms
    found: list[list[Found]] = [[] for _ in forms]
    resume = [0] * len(forms)  # like finditer, a form's next match starts after its last one
    for start in lex.form_starts.finditer(text):
        position = start.start()
        for k, form in enumerate(forms):
            if position < resume[k] or (match := form.pattern.match(text, position)) is None:
                continue
            resume[k] = match.end()
            if "\n" in match.group():
                continue
            groups = match.groupdict()
            bare = (form.kind == "year") or (
                form.kind in ("month", "weekday")
                and not groups.get("rel")
                and not groups.get("year")
            )
            found[k].append(Found(match.start(), match.end(), form.kind, bare))
    return [f for matches in found for f in matches]


def select(found: list[Found]) -> list[Found]:
    """Leftmost-longest: at each place the longest match, none overlapping."""
    out: list[Found] = []
    for candidate in sorted(found, key=lambda f: (f.start, f.start - f.end)):
        if not out or candidate.start >= out[-1].end:
            out.append(candidate)
    return out


def _word_before(text: str, start: int) -> str:
    match = _LAST_WORD.search(text[max(0, start - _WINDOW) : start])
    return match.group(1).strip("-'’") if match else ""


def plausible(doc: Doc, text: str, found: Found, lex: TimeWords) -> bool:
    """Whether a lone month name, weekday or year is a date here (`text` is the doc's text)."""
    before = _word_before(text, found.start)
    span = doc.char_span(found.start, found.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    in_date = span[0].ent_type_ == "DATE"
    previous = doc[span.start - 1] if span.start > 0 else None
    if found.kind == "weekday":
        return before not in lex.weekday_blockers
    if found.kind == "month":
        after_name = previous is not None and previous.pos_ == "PROPN"
        return before.lower() in lex.words["month_cues"] or (in_date and not after_name)
    return _plausible_year(doc, span.end, before.lower(), in_date, lex)


def _plausible_year(doc: Doc, after: int, before: str, in_date: bool, lex: TimeWords) -> bool:
    following: Token | None = doc[after] if after < len(doc) else None
    if before in lex.words["year_blockers"]:
        return False
    if following is not None and following.lower_ in lex.words["year_blocking_next"]:
        return False
    plural_next = following is not None and following.tag_ in ("NNS", "NNPS")
    if plural_next and before not in lex.words["year_determiners"]:
        return False
    return in_date or before in lex.words["year_cues"]


def widen(text: str, found: Found, lex: TimeWords) -> Found:
    """Take in a narrowing modifier before the expression ("early March", "mid-2014")."""
    if found.kind in _NO_MODIFIER:
        return found
    window = text[max(0, found.start - _WINDOW) : found.start]
    match = lex.modifier_before.search(window)
    return replace(found, start=found.start - len(match.group())) if match else found


def join_ranges(text: str, found: list[Found], lex: TimeWords) -> list[Found]:
    """Merge "between A and B", "from A to B" and "A-B" (A, B of one kind) into one range."""
    out: list[Found] = []
    for current in found:
        if out and (joined := _join(text, out[-1], current, lex)) is not None:
            out[-1] = joined
        else:
            out.append(current)
    return out


def _join(text: str, first: Found, second: Found, lex: TimeWords) -> Found | None:
    if first.kind == "range":
        return None
    gap = text[first.end : second.start]
    if not lex.range_joint.fullmatch(gap):
        return None
    joiner = gap.strip().lower()
    opener = lex.opener_before.search(text[max(0, first.start - _WINDOW) : first.start])
    opened = opener.group().split()[0].lower() if opener else ""
    if (opened == "between" and joiner == "and") or (opened == "from" and joiner != "and"):
        start = first.start - len(opener.group()) if opener else first.start
        return Found(start, second.end, "range")
    if not opened and joiner != "and" and first.kind == second.kind and first.kind in _JOINABLE:
        return Found(first.start, second.end, "range")
    return None


def with_preposition(text: str, found: Found, lex: TimeWords) -> Found:
    """Take in the preposition directly before ("In March", "since 2014"), unless it governs
    a noun the expression is the possessor of ("in Sunday's elections")."""
    if found.kind == "range" and text[found.start : found.end].split()[0].lower() in (
        lex.range_openers
    ):
        return found
    if text[found.end : found.end + 2] in ("'s", "’s"):
        return found
    match = lex.preposition_before.search(text[max(0, found.start - _WINDOW) : found.start])
    return replace(found, start=found.start - len(match.group())) if match else found


def entity_gaps(doc: Doc, text: str, taken: tuple[Found, ...], lex: TimeWords) -> list[Found]:
    """spaCy DATE entities where the forms found nothing (nor refused anything)."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or "\n" in ent.text:
            continue
        start, end = ent.start_char, ent.end_char
        if any(f.start < end and start < f.end for f in taken):
            continue
        if any(p.search(ent.text) for p in lex.skip_entities):
            continue
        for suffix in ("'s", "’s"):
            if text[start:end].endswith(suffix):
                end -= len(suffix)
        out.append(with_preposition(text, Found(start, end, "entity"), lex))
    return out


def clause_tense(doc: Doc, start_char: int, end_char: int, lex: TimeWords) -> str:
    """past, present or future: the tense of the clause the characters stand in."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or not len(span):
        return "present"
    token = span.root
    if token.pos_ in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head  # a misparsed expression ("March" as a verb) governs nothing
    verb = governing_verb(token)
    if verb is not None and verb.dep_ == "ccomp" and verb.head.i < span.start:
        # "said on Monday they would stop": a time between a reporting verb and the subject of
        # its clause belongs to the reporting verb, whatever the parser attached it to.
        subjects = [c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subjects and min(subjects) >= span.end:
            verb = verb.head
    return "present" if verb is None else verb_tense(verb, lex)


def governing_verb(token: Token) -> Token | None:
    for _ in range(len(token.doc)):
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None


def verb_tense(verb: Token, lex: TimeWords, depth: int = 0) -> str:
    """The tense of a verb with its auxiliaries; infinitives and bare participles take their
    governor's ("is going to meet" and "plans to meet" are future)."""
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    future = lex.words["future_modals"]
    if any(a.tag_ == "MD" and a.lower_ in future for a in aux) or (
        verb.tag_ == "MD" and verb.lower_ in future
    ):
        return "future"
    governor = verb.head if verb.head.i != verb.i and depth < 3 else None
    if governor is not None and any(a.tag_ == "TO" for a in aux):
        up = governing_verb(governor)
        governing = verb_tense(up, lex, depth + 1) if up is not None else "present"
        if governor.lemma_.lower() in lex.words["future_lemmas"] and governing != "past":
            return "future"
        return governing
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
        return "past"
    if any(a.lemma_ == "have" for a in aux):
        return "past"  # present perfect: "has increased", "have been fighting"
    if verb.tag_ == "VBN":
        return "present" if aux else "past"  # "is accused" vs "a report released"
    if verb.tag_ == "VBG" and not aux and governor is not None:
        up = governing_verb(governor)  # "Speaking on Thursday, he said"
        return verb_tense(up, lex, depth + 1) if up is not None else "present"
    return "present"
