"""People and organisations: one record per real-world person or body, with every mention.

Names the text marks as people (person_names.py) are merged per person; later surname-only
mentions, definite role nouns ("the spokesman") and pronouns that point back to a subject keep
the person's role and actor code. `person_mentions` lists every mention as
((start, end), index into people), sorted by span.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from tidings.components.people.describe import SUBJECT_DEPS, Descriptor, title_of
from tidings.components.people.names import (
    Run,
    body_runs,
    is_initial,
    name_runs,
    person_runs,
    run_head,
)
from tidings.components.people.organizations import organizations_of
from tidings.components.quotes.marks import quote_spans
from tidings.lexicons import Lexicons
from tidings.lexicons.words import SpeechData
from tidings.models import Organization, Person, Setting, Span
from tidings.names.matcher import NameMatches
from tidings.nlp import token_column
from tidings.pipeline.state import ArticleState

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- one record per person


@dataclass
class Draft:
    """A person being assembled: the fullest name seen, what is known, every mention."""

    words: tuple[str, ...]
    name: str
    about: Descriptor
    mentions: list[Run] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.words[-1]


def _words(doc: Doc, run: Run, suffixes: frozenset[str]) -> tuple[str, ...]:
    """The name's words that tell people apart: no initials, no "Jr."."""
    return tuple(
        t.text
        for t in doc[run[0] : run[1]]
        if t.text[:1].isupper() and not is_initial(t.text) and t.text not in suffixes
    )


def _cluster(doc: Doc, marked: dict[Run, Descriptor], suffixes: frozenset[str]) -> list[Draft]:
    """Merge runs naming the same person: one's words are a part of the other's, same surname."""
    drafts: list[Draft] = []
    for run in sorted(marked):
        words = _words(doc, run, suffixes)
        if not words:
            continue
        draft = _owner(drafts, words)
        if draft is None:
            drafts.append(Draft(words, doc[run[0] : run[1]].text, marked[run], [run]))
            continue
        draft.mentions.append(run)
        draft.about = draft.about.merge(marked[run])
        if len(words) > len(draft.words):
            draft.words, draft.name = words, doc[run[0] : run[1]].text
    return drafts


def _owner(drafts: list[Draft], words: tuple[str, ...]) -> Draft | None:
    """The most recently mentioned person these name words belong to."""
    # One word may also be a family name written first ("Liu" for "Liu Xiaoming").
    owners = [
        d
        for d in drafts
        if (d.surname == words[-1] or (len(words) == 1 and words[0] == d.words[0]))
        and (set(words) <= set(d.words) or set(d.words) <= set(words))
    ]
    return max(owners, key=lambda d: d.mentions[-1][0]) if owners else None


def _later_mentions(
    doc: Doc, drafts: list[Draft], runs: list[Run], suffixes: frozenset[str]
) -> None:
    """Unmarked runs and bare tokens that repeat a known person's name or surname."""
    taken = {i for d in drafts for run in d.mentions for i in range(*run)}
    surnames = {d.surname for d in drafts}
    in_runs = {i for a, b in runs for i in range(a, b)}
    candidates = [r for r in runs if r[0] not in taken]
    pos = token_column(doc, "POS")
    candidates += [
        (i, i + 1)
        for i, text in enumerate(token_column(doc, "ORTH"))
        if text in surnames and i not in taken and i not in in_runs and pos[i] != "PRON"
    ]
    for run in sorted(candidates):
        words = _words(doc, run, suffixes)
        owner = _owner(drafts, words) if words else None
        if owner is not None and set(words) <= set(owner.words):
            owner.mentions.append(run)


def _is_subject(doc: Doc, run: Run) -> bool:
    """Does the mention stand in a subject ("Capt. X confirmed", "the chief of defence, X,")?"""
    token = run_head(doc, run)
    for _ in range(6):
        # A name parsed as the root ("X, 46, called on ...") is the subject the parser missed.
        if token.dep_ in SUBJECT_DEPS or (token.dep_ == "ROOT" and token.pos_ == "PROPN"):
            return True
        if token.dep_ not in ("compound", "appos", "pobj", "flat") and not (
            token.dep_ == "prep" and token.lower_ == "of"
        ):
            return False
        token = token.head
    return False


def _compatible(draft: Draft, word: str, data: SpeechData) -> bool:
    if word in data.male_pronouns:
        return draft.about.gender != "f"
    return draft.about.gender != "m"


def _resolve_references(
    doc: Doc, text: str, drafts: list[Draft], sentence_of: Sequence[int], lexicons: Lexicons
) -> None:
    """Pronouns and definite role nouns that point back to a person named just before."""
    data = lexicons.speech
    pronouns = data.male_pronouns | data.female_pronouns
    # (token, person, is subject) for every mention so far, in text order.
    seen = sorted(
        (run[0], n, _is_subject(doc, run)) for n, d in enumerate(drafts) for run in d.mentions
    )
    role_heads = {d.about.role.split()[-1] for d in drafts if d.about.role}
    # Inside quote marks "he" is someone the speaker talks about, not the one named before.
    quoted = quote_spans(text)
    pos = token_column(doc, "POS")
    for i, lower in enumerate(token_column(doc, "LOWER")):
        if lower not in pronouns and lower not in role_heads:
            continue
        token = doc[i]
        if lower in pronouns and pos[i] == "PRON":
            if any(a <= token.idx < b for a, b in quoted):
                continue
            n = _antecedent(token, seen, drafts, sentence_of, data)
            if n is not None:
                drafts[n].mentions.append((token.i, token.i + 1))
                seen = sorted([*seen, (token.i, n, token.dep_ in SUBJECT_DEPS)])
            continue
        found = (
            _role_reference(doc, token, drafts, lexicons) if token.lower_ in role_heads else None
        )
        if found is not None:
            drafts[found[1]].mentions.append(found[0])


def _antecedent(
    token: Token,
    seen: list[tuple[int, int, bool]],
    drafts: list[Draft],
    sentence_of: Sequence[int],
    data: SpeechData,
) -> int | None:
    """The only compatible person named in this or the previous sentence, else the latest
    one who was a subject there."""
    here = sentence_of[token.i]
    near = [
        (n, subject)
        for i, n, subject in seen
        if i < token.i and sentence_of[i] >= here - 1 and _compatible(drafts[n], token.lower_, data)
    ]
    if len({n for n, _ in near}) == 1:
        return near[0][0]
    subjects = [n for n, subject in near if subject]
    return subjects[-1] if subjects else None


def _role_reference(
    doc: Doc, token: Token, drafts: list[Draft], lexicons: Lexicons
) -> tuple[Run, int] | None:
    """ "the spokesman", "the foreign minister": the latest person given that role before."""
    det = next((c for c in token.children if c.dep_ == "det"), None)
    speech = lexicons.speech
    if det is None or det.lower_ != "the" or token.tag_ != "NN":
        return None
    if token.lower_ not in speech.role_words:
        return None
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if (nxt is not None and (nxt.pos_ == "PROPN" or title_of(nxt, speech))) or any(
        c.dep_ == "appos" for c in token.children
    ):
        return None
    phrase = doc[det.i + 1 : token.i + 1]
    words = {t.lower_ for t in phrase if t.i not in _country_tokens(phrase, lexicons)}
    fitting = [
        (max(earlier), n)
        for n, draft in enumerate(drafts)
        if (role := draft.about.role.split())
        and role[-1] == token.lower_
        and words <= set(role)
        and (earlier := [run[0] for run in draft.mentions if run[0] < det.i])
    ]
    return ((det.i, token.i + 1), max(fitting)[1]) if fitting else None


def _country_tokens(tokens: Iterable[Token], lexicons: Lexicons) -> set[int]:
    forms = lexicons.country_forms
    return {t.i for t in tokens if t.text in forms}


# ---------------------------------------------------------------- the component


def _char_span(doc: Doc, run: Run) -> Span:
    return (doc[run[0]].idx, doc[run[1] - 1].idx + len(doc[run[1] - 1]))


def find_people(
    doc: Doc, text: str, lex: NameMatches, sentence_of: Sequence[int]
) -> tuple[list[Draft], dict[Run, Descriptor]]:
    """Every person of the doc, in order of first mention, with all their mentions; and the
    names the text marks as bodies instead, with what it says of them."""
    runs = name_runs(doc, lex)
    bodies = body_runs(doc, runs, lex)
    suffixes = lex.lexicons.speech.suffixes
    drafts = _cluster(doc, person_runs(doc, runs, lex, bodies), suffixes)
    _later_mentions(doc, drafts, runs, suffixes)
    _resolve_references(doc, text, drafts, sentence_of, lex.lexicons)
    for draft in drafts:
        draft.mentions = sorted(set(draft.mentions))
    return sorted(drafts, key=lambda d: d.mentions[0]), bodies


def _body_of(
    doc: Doc, ref: int, orgs: Sequence[Organization], sentence_of: Sequence[int]
) -> Organization | None:
    """ "the group's spokesman": the coded body named in this or the sentence before, the
    latest subject among them first, else the latest."""
    near: list[tuple[bool, int, Organization]] = []
    for org in (o for o in orgs if o.code):
        for a, b in org.spans:
            chunk = doc.char_span(a, b, alignment_mode="expand")
            if (
                chunk is not None
                and b <= doc[ref].idx
                and sentence_of[chunk.start] >= (sentence_of[ref] - 1)
            ):
                near.append((chunk.root.dep_ in SUBJECT_DEPS, a, org))
    return max(near, key=lambda n: n[:2])[2] if near else None


def _complete(
    doc: Doc,
    drafts: list[Draft],
    orgs: Sequence[Organization],
    setting: Setting,
    sentence_of: Sequence[int],
    published: date | None,
    lexicons: Lexicons,
) -> None:
    """What the organisations, the office-holders table and the story's setting add: the body
    "the group's spokesman" speaks for; the country of a role with none of its own, the
    office a named leader held at the time before the country of the sentence's setting."""
    for draft in drafts:
        about = draft.about
        if about.body_ref >= 0 and not about.org_code:
            body = _body_of(doc, about.body_ref, orgs, sentence_of)
            about = replace(about, org_code=body.code) if body is not None else about
        if about.sector and not about.country and not about.org_code:
            # 'President Bush': a title and a common surname name the office-holder of the day.
            leader = lexicons.leaders.lookup(draft.name, published) or lexicons.leaders.lookup(
                f"{about.role} {draft.name}", published
            )
            if leader is not None and leader.sector == about.sector:
                about = replace(about, country=leader.country)
            else:
                about = replace(
                    about, country=setting.country_of(sentence_of[draft.mentions[0][0]])
                )
        draft.about = about


class People:
    """People and organisations, and which person each person mention names."""

    name = "people"

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons

    requires: tuple[str, ...] = ("mentions", "names", "setting")
    provides: tuple[str, ...] = ("people", "organizations", "person_mentions")

    def __call__(self, item: ArticleState) -> None:
        doc, text = item.doc, item.article.text
        lex = item.names
        drafts, bodies = find_people(doc, text, lex, item.sentence_of_token)
        orgs = organizations_of(
            doc,
            text,
            lex,
            item.mentions,
            [_char_span(doc, run) for d in drafts for run in d.mentions],
            {_char_span(doc, run): about for run, about in bodies.items()},
            item.setting,
        )
        _complete(
            doc,
            drafts,
            orgs,
            item.setting,
            item.sentence_of_token,
            item.article.published,
            self.lexicons,
        )
        people = [
            Person(
                name=d.name,
                role=d.about.role,
                code=d.about.code,
                country=d.about.country,
                spans=tuple(_char_span(doc, run) for run in d.mentions),
            )
            for d in drafts
        ]
        item.person_mentions = tuple(
            sorted((span, index) for index, person in enumerate(people) for span in person.spans)
        )
        item.people = tuple(people)
        item.organizations = tuple(orgs)
