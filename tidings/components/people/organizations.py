"""Organisations: lexicon bodies, NER organisations, capitalised names of bodies ("State
Police") and names the text says are bodies ("X, a breakaway faction of Y"), one record per
organisation with every mention and every name the article gives it; people and places left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.components.people.describe import Descriptor, describe
from tidings.lexicons import Lexicons
from tidings.lexicons.words import SpeechData
from tidings.models import Mention, Organization, Setting, Span
from tidings.names.gazetteer import Gazetteer
from tidings.names.matcher import NameMatches
from tidings.nlp import token_column

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A place the NER calls an organisation ("the port of Klaipeda") is dropped when it is at least
# this big, or not a city at all; smaller namesakes ("Chelsea") may well be clubs or firms.
PLACE_POPULATION = 100_000
JOINERS = frozenset({"of", "for", "and", "on"})
_POSSESSIVE = re.compile(r"(.+?)['’]s\s+(.+)")


@dataclass
class _Found:
    """An organisation being assembled: its code, the spans of its mentions, from the lexicon?"""

    code: str
    spans: list[Span] = field(default_factory=list)
    known: bool = False


def _name(text: str) -> str:
    for prefix in ("the ", "The "):
        text = text.removeprefix(prefix)
    for suffix in ("'s", "’s", "'", "’"):
        text = text.removesuffix(suffix)
    return text.strip()


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def is_place(name: str, lexicons: Lexicons) -> bool:
    """Is the name, exactly, a country, region or big city of the gazetteer?"""
    return any(
        c.exact and (c.entry.kind != "city" or c.entry.population >= PLACE_POPULATION)
        for c in lexicons.derive(Gazetteer).lookup(name)
    )


def in_place_phrase(doc: Doc, start: int, end: int, speech: SpeechData) -> bool:
    """Do the tokens [start, end) name a place: "the Kinondoni district", "the town of Adre"?"""
    nouns = speech.place_nouns
    after = doc[end : end + 2]
    if after and after[0].text.islower() and (after[0].lower_ in nouns or after.text in nouns):
        return True  # "the Heglig oil field" too
    return start > 1 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in nouns


def _headed_names(doc: Doc, text: str, speech: SpeechData) -> list[Mention]:
    """Runs of capitalised words ending in a body's head word: "the State Police"."""
    heads, found = speech.org_heads, []
    for i, word in enumerate(token_column(doc, "ORTH")):
        if word not in heads or i == 0:
            continue
        token = doc[i]
        start = token.i
        while not doc[start].is_sent_start and _in_name(doc[start - 1], doc[start]):
            start -= 1
        while doc[start].lower_ in JOINERS:
            start += 1
        if start < token.i and not doc[start].is_sent_start:
            span = (doc[start].idx, token.idx + len(token))
            found.append(Mention(text[span[0] : span[1]], "organization", span, -1))
    return found


def _in_name(token: Token, after: Token) -> bool:
    capital = token.text[:1].isupper() and token.is_alpha
    return capital or (token.lower_ in JOINERS and after.text[:1].isupper())


def _code(doc: Doc, span: Span, lex: NameMatches, country: str, home: str) -> str:
    """A body with a role noun in its name is coded like one: "State Police" -> COP; `home` is
    the country its sentence is set in."""
    chunk = doc.char_span(*span, alignment_mode="expand")
    if chunk is None or chunk[-1].lower_ not in lex.lexicons.speech.role_words:
        return ""
    about = describe(list(chunk), lex, chunk[-1])
    if not about.sector:
        return ""
    where = about.country or country or home
    return f"{where}{about.sector}"


def _described_code(doc: Doc, span: Span, lex: NameMatches, home: str) -> str:
    """ "the state broadcaster TBC": coded like the kind of body written right before it."""
    chunk = doc.char_span(*span, alignment_mode="expand")
    if chunk is None or chunk.start == 0:
        return ""
    noun = doc[chunk.start - 1]
    role = lex.lexicons.speech.role_table.get(noun.lower_)
    # Right before the name and tied to it: a compound, an apposition, or a sibling.
    tied = noun.head == chunk.root or chunk.root.head in (noun, noun.head)
    if role is None or role.kind != "group" or not tied:
        return ""
    about = describe(list(doc[noun.left_edge.i : noun.i + 1]), lex, noun)
    return _body_code(about, home)


def _body_code(about: Descriptor, home: str) -> str:
    if about.org_code:
        return about.org_code
    return f"{about.country or home}{about.sector}" if about.sector else ""


def _after_comma(text: str, span: Span) -> Span:
    """ "Yerevan, Foreign Ministry": the NER ran a fronted place into the body's name."""
    cut = text.rfind(",", *span)
    if cut < 0:
        return span
    start = cut + 1
    while start < span[1] and text[start].isspace():
        start += 1
    return (start, span[1])


def _possessor(doc: Doc, text: str, span: Span, lex: NameMatches) -> tuple[Span, str]:
    """ "Georgia's State Security Service": the body's own span and the country owning it."""
    match = _POSSESSIVE.fullmatch(text[span[0] : span[1]])
    countries = lex.lexicons.country_forms
    if match and _name(match.group(1)) in countries:
        return (span[0] + match.start(2), span[1]), countries[_name(match.group(1))][0]
    chunk = doc.char_span(*span, alignment_mode="expand")
    if chunk is not None and chunk.start > 1 and doc[chunk.start - 1].tag_ == "POS":
        owner = doc[chunk.start - 2]
        if owner.i in lex.country_at:
            return span, lex.country_at[owner.i][0]
    return span, ""


def _in_place_phrase_at(doc: Doc, span: Span, speech: SpeechData) -> bool:
    chunk = doc.char_span(*span, alignment_mode="expand")
    if chunk is None:
        return False
    end = chunk.end + 1 if chunk.end < len(doc) and doc[chunk.end].tag_ == "POS" else chunk.end
    return in_place_phrase(doc, chunk.start, end, speech)


def _before_role(doc: Doc, span: Span, speech: SpeechData) -> bool:
    """ "Chad's Humanitarian Affairs Minister X": the words of a government title, not a body
    of their own ("Tesla chief executive X" keeps its body)."""
    chunk = doc.char_span(*span, alignment_mode="expand")
    if chunk is None or chunk.end >= len(doc) or chunk[-1].text in speech.org_heads:
        return False
    role = speech.role_table.get(doc[chunk.end].lower_)
    return role is not None and role.kind == "person" and role.sector == "GOV"


def _extends(doc: Doc, span: Span, inner: Span, speech: SpeechData) -> bool:
    """ "EU Monitoring Mission": a body whose name starts with another body's and goes on
    to a body's head word."""
    chunk = doc.char_span(*span, alignment_mode="expand")
    return (
        chunk is not None
        and inner[1] < span[1]
        and span[0] <= inner[0]
        and chunk[-1].text in speech.org_heads
    )


def _candidates(
    doc: Doc, text: str, mentions: Sequence[Mention], speech: SpeechData
) -> list[Mention]:
    ner = [m for m in mentions if m.label == "organization"]
    return sorted([*ner, *_headed_names(doc, text, speech)], key=lambda m: m.span)


def organizations_of(
    doc: Doc,
    text: str,
    lex: NameMatches,
    mentions: Sequence[Mention],
    person_spans: list[Span],
    bodies: Mapping[Span, Descriptor],
    setting: Setting,
) -> list[Organization]:
    """Lexicon bodies, bodies the text describes, then NER and head-word organisations that
    are not people or places. `bodies` maps the span of a name to what the text says of it."""
    home, speech = setting.home, lex.lexicons.speech
    candidates = _candidates(doc, text, mentions, speech)
    longer = [m.span for m in candidates if not _overlaps(m.span, person_spans)]
    found: dict[str, _Found] = {}
    known: list[Span] = []
    for span, org in lex.org_matches:
        if _overlaps(span, person_spans) or any(_extends(doc, s, span, speech) for s in longer):
            continue
        found.setdefault(org.name, _Found(org.code, known=True)).spans.append(span)
        known.append(span)
    for span, about in sorted(bodies.items()):
        if not _overlaps(span, known + person_spans):
            name = text[span[0] : span[1]]
            found.setdefault(name, _Found(_body_code(about, home))).spans.append(span)
            known.append(span)
    for mention in candidates:
        where = setting.country_of(mention.sentence)
        _add_mention(doc, text, lex, where, mention, found, known, person_spans)
    _later_mentions(text, found, known + person_spans)
    orgs = [
        Organization(name, f.code, tuple(sorted(f.spans)), _aliases(text, name, f.spans))
        for name, f in found.items()
        if f.spans
    ]
    return sorted(orgs, key=lambda o: o.spans[0])


def _add_mention(
    doc: Doc,
    text: str,
    lex: NameMatches,
    home: str,
    mention: Mention,
    found: dict[str, _Found],
    known: list[Span],
    person_spans: list[Span],
) -> None:
    """One NER or head-word organisation, unless it is a person, a place or a title's words."""
    span, country = _possessor(doc, text, _after_comma(text, mention.span), lex)
    name = _name(text[span[0] : span[1]])
    lexicons = lex.lexicons
    speech = lexicons.speech
    inner = next((s for s in lex.org_matches if _extends(doc, span, s[0], speech)), None)
    if (
        _overlaps(span, person_spans + known)
        or not name[:1].isupper()
        or name in lexicons.country_forms
        or (" " not in name and name.lower() in speech.role_words)
        or is_place(name, lexicons)
        or (country and _before_role(doc, span, speech))
        or _in_place_phrase_at(doc, span, speech)
    ):
        return
    code = inner[1].code if inner is not None else _code(doc, span, lex, country, home)
    code = code or _described_code(doc, span, lex, home)
    entry = found.setdefault(name, _Found(code))
    if len(code) > len(entry.code):
        entry.code = code  # "Georgia's State Security Service" tells the country
    entry.spans.append(span)
    known.append(span)


def _later_mentions(text: str, found: dict[str, _Found], taken: list[Span]) -> None:
    """Bare repeats of a name of several words the lexicon does not know: the NER tags a rare
    name in one place and misses it in the next (one word alone is too often a surname)."""
    for name, entry in found.items():
        if entry.known or " " not in name:
            continue
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not _overlaps(match.span(), taken):
                entry.spans.append(match.span())
                taken.append(match.span())


def _aliases(text: str, name: str, spans: Iterable[Span]) -> tuple[str, ...]:
    """The other names the article gives an organisation, as written, in order."""
    forms = dict.fromkeys(_name(text[a:b]) for a, b in sorted(spans))
    return tuple(f for f in forms if f and f != name)
