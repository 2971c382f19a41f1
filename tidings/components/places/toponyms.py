"""Toponyms: the place names of a parsed article, before they are resolved.

They are the NER's place mentions, the lexicon's country and region names it missed or
mislabelled ("the Crimean peninsula", "eastern Ukraine"), and names the parse puts where a
place goes ("near Aleppo and Sidon", "the town of Velmorakh") whatever the NER called them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.lexicons import Lexicons
from tidings.lexicons.words import PlaceWords as Words
from tidings.models import Mention, Span
from tidings.names import gazetteer
from tidings.names.gazetteer import Gazetteer, Hit
from tidings.nlp import doc_text, token_column

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Entity types of names that are never places ("in March" is a date, not the English town).
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})

_WORD_BEFORE = re.compile(r"([A-Za-z-]+)\s+$")
_WORD_AFTER = re.compile(r"\s+([A-Za-z]+)\b")
# The noun a name modifies, perhaps past one adjective: "Mohmand tribal region".
_NOUN_AFTER = re.compile(r"\s+(?:[a-z]+\s+)?([a-z]+)\b")


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name as written; `core` is what is looked up, `direction` a prefix such as
    "western" that the gazetteer does not know with this name."""

    span: Span
    text: str
    core: str
    direction: str = ""


def inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def overlap(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _from_hit(text: str, hit: Hit, table: Words) -> Toponym:
    """The toponym a lexicon hit stands for, taking in a direction word before a country name
    ("western Syria") or a noun after a region name ("the Baltics region")."""
    roles = {role for role, _ in hit.forms}
    if "name" in roles:
        before = _WORD_BEFORE.search(text, max(0, hit.start - 20), hit.start)
        if before and before.group(1).lower() in table.directions:
            start = before.start(1)
            return Toponym((start, hit.end), text[start : hit.end], hit.text, before.group(1))
    if "region" in roles:
        after = _WORD_AFTER.match(text[hit.end : hit.end + 20])
        if after and after.group(1).lower() in table.region_nouns:
            end = hit.end + after.end(1)
            return Toponym((hit.start, end), text[hit.start : end], hit.text)
    return Toponym((hit.start, hit.end), hit.text, hit.text)


def _capital_city(hit: Hit, gaz: Gazetteer) -> bool:
    """A capital named as a city ("Kyiv"), not a stand-in such as "the Kremlin"."""
    capitals = {code for role, code in hit.forms if role == "capital"}
    return any(c.entry.kind == "city" and c.entry.country in capitals for c in gaz.lookup(hit.text))


def _split_qualified(mention: Mention) -> list[Toponym]:
    """ "Paris, Texas" as one NER mention is two toponyms, each with its own span."""
    start, end = mention.span
    comma = mention.text.find(",")
    if comma < 0:
        return [Toponym(mention.span, mention.text, mention.text)]
    head = mention.text[:comma].rstrip()
    tail = mention.text[comma + 1 :].lstrip()
    tail_start = end - len(tail)
    return [
        Toponym((start, start + len(head)), head, head),
        Toponym((tail_start, end), tail, tail),
    ]


def _place_slot(token: Token, table: Words) -> str:
    """ "any" when the grammar makes the name a place ("the town of X", "the X region"),
    "known" when it does if the gazetteer knows the name ("near Aleppo and X", "north of X")."""
    head = token.head
    if token.dep_ in ("compound", "nmod") and head.pos_ == "NOUN":
        return "any" if head.lower_ in table.admin_nouns or _site(head, table) else ""
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    if token.dep_ != "pobj":
        return ""
    prep = token.head
    if prep.lower_ == "of":
        if prep.head.lower_ in table.settlement_nouns:
            return "any"
        return "known" if prep.head.lower_ in table.directions else ""
    return "known" if prep.lower_ in table.locative_prepositions else ""


def _site(head: Token, table: Words) -> bool:
    """Is the noun, with the common nouns compounded before it, one that names a site ("oil
    field" in "the Heglig oil field")?"""
    nouns = [c.lower_ for c in head.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return " ".join([*nouns, head.lower_]) in table.site_nouns


def _name_phrase(token: Token) -> tuple[int, int]:
    """Token range of a proper name ending at `token`, taking in its compound parts."""
    start = token.i
    doc = token.doc
    while start > 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
        start -= 1
    return start, token.i + 1


def _place_names(
    doc: Doc, mentions: Sequence[Mention], table: Words, gaz: Gazetteer
) -> list[Mention]:
    """The mentions with the names the parse puts in a place's slot made places: the NER's
    persons and organisations there ("in Aleppo", "the town of Velmorakh"), or names it missed."""
    places = [m.span for m in mentions if m.label == "place"]
    found: list[Mention] = []
    deps = token_column(doc, "DEP")
    for i, pos in enumerate(token_column(doc, "POS")):
        if pos != "PROPN" or deps[i] not in ("pobj", "conj", "compound", "nmod"):
            continue
        token = doc[i]
        if token.ent_type_ in NOT_NAMES:
            continue
        slot = _place_slot(token, table)
        if not slot:
            continue
        first, last = _name_phrase(token)
        span = (doc[first].idx, doc[last - 1].idx + len(doc[last - 1]))
        if any(overlap(span, p) for p in places):
            continue
        text = doc_text(doc)[span[0] : span[1]]
        if slot == "any" or any(c.exact for c in gaz.lookup(text)):
            found.append(Mention(text, "place", span, 0))
    kept = [m for m in mentions if not any(overlap(m.span, f.span) for f in found)]
    return kept + found


def find_toponyms(
    doc: Doc, mentions: Sequence[Mention], hits: Sequence[Hit], lexicons: Lexicons
) -> list[Toponym]:
    """Lexicon country and region names not inside another entity, then NER place mentions
    that neither overlap them nor are country adjectives or blocs ("the West")."""
    table, gaz = lexicons.place_words, lexicons.derive(Gazetteer)
    text = doc_text(doc)
    mentions = _place_names(doc, mentions, table, gaz)
    others = [m.span for m in mentions if m.label != "place"]
    # "Jordan" after "Michael Jordan" is the man, however the NER labels it.
    surnames = {word for m in mentions if m.label == "person" for word in m.text.split()[1:]}
    found: list[Toponym] = []
    for hit in hits:
        span = (hit.start, hit.end)
        if not any(role in ("name", "region") for role, _ in hit.forms) and not _capital_city(
            hit, gaz
        ):
            continue
        if any(inside(span, other) and span != other for other in others):
            continue
        if hit.text in surnames:
            continue
        found.append(_from_hit(text, hit, table))
    forms = lexicons.country_forms
    organizations = lexicons.organization_forms
    for mention in (m for m in mentions if m.label == "place"):
        if gazetteer.normalize(mention.text) in table.not_places:
            continue
        if mention.text in surnames:
            continue
        bare = mention.text[4:] if mention.text.lower().startswith("the ") else mention.text
        if bare in organizations and not gaz.lookup(bare):
            continue
        if forms.get(mention.text, ("", ""))[1] == "adjective":
            continue
        clashes = [t for t in found if overlap(t.span, mention.span)]
        if clashes:
            wider = all(inside(t.span, mention.span) and t.span != mention.span for t in clashes)
            if not (wider and gaz.lookup(mention.text)):
                continue
            found = [t for t in found if t not in clashes]
        found.extend(_split_qualified(mention))
    return sorted(found, key=lambda t: t.span)


@dataclass(frozen=True, slots=True)
class Clues:
    """What the grammar says about a name the gazetteer lacks: a region ("the Bajaur region")
    and the country a possessive names ("Afghanistan's Kunar and Nangarhar provinces")."""

    region: bool = False
    country: str = ""


def clues(doc: Doc, span: Span, lexicons: Lexicons) -> Clues:
    """What the parse and the next words say about the unknown name at `span`."""
    table = lexicons.place_words
    tokens = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tokens is None:
        return Clues()
    token = tokens.root
    chain = [token]
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
        chain.append(token)
    head = token.head
    after = _NOUN_AFTER.match(doc_text(doc), span[1], span[1] + 40)
    region = (
        (token.dep_ in ("compound", "nmod") and head.lower_ in table.admin_nouns)
        or (token.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in table.admin_nouns)
        or bool(after and after.group(1) in table.admin_nouns)
    )
    forms = lexicons.country_forms
    for owner in (*chain, head):
        for child in owner.children:
            if child.dep_ != "poss":
                continue
            code, how = forms.get(doc[child.left_edge.i : child.i + 1].text, ("", ""))
            if how == "name":
                return Clues(region, code)
    return Clues(region)
