"""Places: toponyms in the text, each resolved to a name, country, coordinates and kind.

A name several places share is resolved by the article's context: the countries it mentions
(names, adjectives, capitals, places inside them) and the states its cities lie in, then by the
kind of place and its population. The dateline's place, when the cleaner found one, comes
first, with no span and source "dateline".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.components.places.toponyms import Toponym, clues, find_toponyms, inside, overlap
from tidings.lexicons import Lexicons
from tidings.lexicons.words import PlaceWords
from tidings.models import Mention, Place, Span
from tidings.names import gazetteer
from tidings.names.gazetteer import Candidate, Gazetteer, Hit, PlaceContext
from tidings.nlp import doc_text
from tidings.pipeline.state import ArticleState

if TYPE_CHECKING:
    from spacy.tokens import Doc

KINDS = {"country": "country", "region": "region", "state": "region", "city": "city"}

_QUALIFIER = re.compile(r"\s*,\s*([A-Z][\w.]*)(?:\s+([A-Z][\w.]*))?")
_POSSESSIVE_NEXT = re.compile(r"(?:['’]s)?\s+([A-Za-z.]+)")


# ---------------------------------------------------------------- candidates and context


def _qualified(
    text: str, toponym: Toponym, candidates: tuple[Candidate, ...], gaz: Gazetteer
) -> tuple[Candidate, ...]:
    """Only the candidates in the state or country named right after a comma: "Paris, Texas"."""
    match = _QUALIFIER.match(text, toponym.span[1])
    if not match:
        return candidates
    names = (
        [f"{match.group(1)} {match.group(2)}", match.group(1)]
        if match.group(2)
        else [match.group(1)]
    )
    for name in names:
        for q in (c.entry for c in gaz.lookup(name)):
            if q.kind not in ("state", "country"):
                continue
            kept = tuple(
                c
                for c in candidates
                if c.entry.kind == "city"
                and c.entry.country == q.country
                and (q.kind == "country" or c.entry.admin1 == q.admin1)
            )
            if kept:
                return kept
    return candidates


def _plausible(written: str, candidates: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """No city for a short acronym in running text: "UN" is not the Indian town of Un."""
    if written.isupper() and len(written) <= 4:
        return tuple(c for c in candidates if c.entry.kind != "city" or c.entry.name.isupper())
    return candidates


def build_context(
    toponyms: Sequence[tuple[Toponym, tuple[Candidate, ...]]], hits: Iterable[Hit], gaz: Gazetteer
) -> PlaceContext:
    """Count the countries (and states) the article names without ambiguity."""
    context = PlaceContext()
    spans = [t.span for t, _ in toponyms]
    for hit in hits:
        if any(overlap((hit.start, hit.end), span) for span in spans):
            continue
        for role, code in hit.forms:
            if role in ("adjective", "capital") and gazetteer.countries_of(
                gaz.lookup(hit.text)
            ) <= {code}:
                context.countries[code] += 1
    for _, candidates in toponyms:
        countries = gazetteer.countries_of(candidates) if candidates else set()
        if len(countries) != 1 or "" in countries:
            continue
        country = countries.pop()
        context.countries[country] += 1
        best = gazetteer.usual_reading(candidates).entry
        if best.admin1:
            context.admins[country, best.admin1] += 1
    return context


def _state_cue(text: str, span: Span, table: PlaceWords) -> int:
    """2 when the words around a name show a US state is meant ("Georgia's governor")."""
    after = _POSSESSIVE_NEXT.match(text[span[1] : span[1] + 30])
    if after and after.group(1).lower().rstrip(".") in table.state_cues_after:
        return 2
    before = " ".join(text[max(0, span[0] - 20) : span[0]].lower().split())
    return 2 if any(before.endswith(cue) for cue in table.state_cues_before) else 0


# ---------------------------------------------------------------- places


def _metonym(toponym: Toponym, lexicons: Lexicons) -> Place | None:
    """A capital's stand-in ("the Kremlin"): no place of its own, but its country's capital."""
    code, how = lexicons.country_forms.get(toponym.core, ("", ""))
    if how != "capital":
        return None
    for capital in lexicons.countries[code].capitals:
        for c in lexicons.derive(Gazetteer).lookup(capital):
            if c.entry.kind == "city" and c.entry.country == code:
                e = c.entry
                return Place(toponym.text, toponym.core, code, e.lat, e.lon, "other", toponym.span)
    return None


def _place(toponym: Toponym, chosen: Candidate) -> Place:
    entry = chosen.entry
    name, kind = entry.name, KINDS[entry.kind]
    same = gazetteer.normalize(toponym.core) == gazetteer.normalize(name)
    if entry.kind == "city" and (same or not chosen.exact) and not toponym.core.isupper():
        # The article's own spelling: "Bogota" for "Bogotá", "El Geneina" for "Al-Junaynah".
        name = toponym.core
    if toponym.direction:
        name, kind = f"{toponym.direction.lower()} {entry.name}", "region"
    return Place(toponym.text, name, entry.country, entry.lat, entry.lon, kind, toponym.span)


def _unknown(doc: Doc, toponym: Toponym, lexicons: Lexicons) -> Place:
    """A name the gazetteer lacks: no coordinates, but a country when the grammar names one
    ("Afghanistan's Kunar province", "Velmorakh, Syria"), and kind "region" when a noun such
    as "province" says so."""
    metonym = _metonym(toponym, lexicons)
    if metonym is not None:
        return metonym
    name = toponym.core[4:] if toponym.core.lower().startswith("the ") else toponym.core
    found = clues(doc, toponym.span, lexicons)
    country = found.country or _qualifier_country(doc_text(doc), toponym.span, lexicons)
    kind = "region" if found.region else "other"
    return Place(toponym.text, name, country, None, None, kind, toponym.span)


def _merge(unknown: Sequence[Place]) -> list[Place]:
    """Every mention of an unknown name takes what any of them revealed: country and kind."""
    best: dict[str, Place] = {}
    for place in unknown:
        known = best.get(place.name)
        rank = (bool(place.country), place.kind == "region")
        if known is None or rank > (bool(known.country), known.kind == "region"):
            best[place.name] = place
    return [
        replace(p, country=p.country or best[p.name].country, kind=best[p.name].kind)
        for p in unknown
    ]


def _nearest_country(doc: Doc, place: Place, others: Sequence[Place]) -> str:
    """The country of the place nearest to `place` in its sentence ("Khurvaleti in the Gori
    municipality"), or ""."""
    if place.span is None:
        return ""
    words_ = doc.char_span(*place.span, alignment_mode="expand")
    if words_ is None:
        return ""
    bounds = (words_.sent.start_char, words_.sent.end_char)
    near = [p for p in others if p.country and p.span and inside(p.span, bounds)]
    if not near:
        return ""
    return min(near, key=lambda p: _distance(p.span, place.span)).country


def _complete(doc: Doc, unknown: Sequence[Place], located: Sequence[Place]) -> list[Place]:
    """Unknown places with the country and kind their mentions, then their neighbours, give."""
    merged = _merge(unknown)
    others = [*located, *merged]
    filled = [
        p if p.country else replace(p, country=_nearest_country(doc, p, others)) for p in merged
    ]
    return _merge(filled)


def _distance(a: Span | None, b: Span | None) -> int:
    return abs(a[0] - b[0]) if a and b else 1 << 30


def _qualifier_country(text: str, span: Span, lexicons: Lexicons) -> str:
    match = _QUALIFIER.match(text, span[1])
    if not match:
        return ""
    code, how = lexicons.country_forms.get(match.group(1), ("", ""))
    return code if how == "name" else ""


def _dateline(dateline: str, gaz: Gazetteer) -> tuple[Toponym, tuple[Candidate, ...]]:
    """The toponym of a wire dateline ("PESHAWAR", "TRIPOLI, Lebanon") with its candidates."""
    head = dateline.split(",")[0].strip()
    toponym = Toponym((-1, -1), dateline, head)
    if not head:
        return toponym, ()
    return toponym, _qualified(dateline, Toponym((0, len(head)), head, head), gaz.lookup(head), gaz)


def _dateline_place(
    toponym: Toponym, candidates: tuple[Candidate, ...], context: PlaceContext
) -> Place | None:
    if not candidates:
        return None
    entry = gazetteer.choose(candidates, context).entry
    kind = KINDS[entry.kind]
    return Place(
        toponym.text, entry.name, entry.country, entry.lat, entry.lon, kind, None, "dateline"
    )


def extract_places(
    doc: Doc, mentions: Sequence[Mention], lexicons: Lexicons, dateline: str = ""
) -> list[Place]:
    """Every toponym of the parsed text as a Place, in text order, after the dateline's."""
    text = doc_text(doc)
    gaz, table = lexicons.derive(Gazetteer), lexicons.place_words
    hits = gaz.find_forms(text)
    toponyms = [
        (t, _qualified(text, t, _plausible(t.core, gaz.lookup(t.core)), gaz))
        for t in find_toponyms(doc, mentions, hits, lexicons)
    ]
    head = _dateline(dateline, gaz)
    context = build_context([head, *toponyms], hits, gaz)
    known = {
        t.span: _place(t, gazetteer.choose(found, context, _state_cue(text, t.span, table)))
        for t, found in toponyms
        if found
    }
    unknown = [_unknown(doc, t, lexicons) for t, found in toponyms if not found]
    completed = {p.span: p for p in _complete(doc, unknown, list(known.values()))}
    places = [known.get(t.span) or completed[t.span] for t, _ in toponyms]
    first = _dateline_place(*head, context)
    return [first, *places] if first else places


class Places:
    """Toponyms resolved to places, with the gazetteer of one Lexicons."""

    name = "places"
    requires: tuple[str, ...] = ("mentions",)
    provides: tuple[str, ...] = ("places",)

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        lexicons.derive(Gazetteer)  # built now, not on the first article

    def __call__(self, state: ArticleState) -> None:
        state.places = tuple(
            extract_places(state.doc, state.mentions, self.lexicons, state.article.dateline)
        )
