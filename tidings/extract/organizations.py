"""Organisations: lexicon bodies, NER organisations and capitalised names of bodies ("State
Police"), one record per organisation with every mention; people and places left out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tidings import gazetteer, lexicon
from tidings.extract.naming import Lex, describe, role_words, speech_data
from tidings.models import Mention, Organization, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# A place the NER calls an organisation ("the port of Klaipeda") is dropped when it is at least
# this big, or not a city at all; smaller namesakes ("Chelsea") may well be clubs or firms.
PLACE_POPULATION = 100_000
JOINERS = frozenset({"of", "for", "and", "on"})


def _name(text: str) -> str:
    for prefix in ("the ", "The "):
        text = text.removeprefix(prefix)
    for suffix in ("'s", "’s", "'", "’"):
        text = text.removesuffix(suffix)
    return text.strip()


def _overlaps(span: Span, spans: Iterable[Span]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


def is_place(name: str) -> bool:
    """Is the name, exactly, a country, region or big city of the gazetteer?"""
    return any(
        c.exact and (c.entry.kind != "city" or c.entry.population >= PLACE_POPULATION)
        for c in gazetteer.lookup(name)
    )


def _headed_names(doc: Doc, text: str) -> list[Mention]:
    """Runs of capitalised words ending in a body's head word: "the State Police"."""
    heads, found = speech_data().org_heads, []
    for token in doc:
        if token.text not in heads or token.i == 0:
            continue
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


def _code(doc: Doc, span: Span, lex: Lex) -> str:
    """A body with a role noun in its name is coded like one: "State Police" -> COP."""
    chunk = doc.char_span(*span, alignment_mode="expand")
    if chunk is None or chunk[-1].lower_ not in role_words():
        return ""
    about = describe(list(chunk), lex, chunk[-1])
    if not about.sector:
        return ""
    return f"{about.country or lex.home}{about.sector}"


def organizations_of(
    doc: Doc, text: str, lex: Lex, mentions: Sequence[Mention], person_spans: list[Span]
) -> list[Organization]:
    """Lexicon bodies, then NER and head-word organisations that are not people or places."""
    found: dict[str, tuple[str, list[Span]]] = {}
    for span, org in lex.org_matches:
        if not _overlaps(span, person_spans):
            found.setdefault(org.name, (org.code, []))[1].append(span)
    known = [s for _, spans in found.values() for s in spans]
    countries, roles = lexicon.country_surface_forms(), role_words()
    ner = [m for m in mentions if m.label == "organization"]
    for mention in sorted([*ner, *_headed_names(doc, text)], key=lambda m: m.span):
        name = _name(mention.text)
        if (
            _overlaps(mention.span, person_spans + known)
            or not name[:1].isupper()
            or name in countries
            or (" " not in name and name.lower() in roles)
            or is_place(name)
        ):
            continue
        if name not in found:
            found[name] = (_code(doc, mention.span, lex), [])
        found[name][1].append(mention.span)
        known.append(mention.span)
    orgs = [Organization(name, code, tuple(sorted(spans))) for name, (code, spans) in found.items()]
    return sorted(orgs, key=lambda o: o.spans[0])
