"""People and organisations: one record per real-world person or body, with every mention.

The small parser's NER misses many names (it tags "Edgars Rinkevics" as ORG), so a run of
capitalised proper nouns is taken as a person when the text says so: the NER, a title or role
before it, an apposition or relative clause after it, or its being the subject of a reporting
verb. Later surname-only mentions, definite role nouns ("the spokesman") and pronouns that
point back to a subject keep the person's role and actor code.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import TYPE_CHECKING

from tidings import lexicon
from tidings.extract.naming import (
    SUBJECT_DEPS,
    Descriptor,
    Lex,
    describe,
    is_speech_verb,
    role_table,
    role_words,
    speech_data,
    title_of,
)
from tidings.extract.organizations import organizations_of
from tidings.extract.quotes import quote_spans
from tidings.models import Person, Span
from tidings.pipeline import WorkItem

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

NOT_NAME_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP"}
)
# The small model calls some people places ("Alain Dubois" LOC): such a run needs a title,
# a role or an apposition, not merely a reporting verb.
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
Run = tuple[int, int]


def _name_token(token: Token, lex: Lex) -> bool:
    text = token.text
    return (
        text[:1].isupper()
        and any(c.isalpha() for c in text)
        and not (len(text) > 1 and text.isupper())
        and (token.pos_ == "PROPN" or token.ent_type_ == "PERSON")
        and token.ent_type_ not in NOT_NAME_ENTS
        and token.i not in lex.country_at
        and token.i not in lex.org_at
        and text not in speech_data().not_name
        and title_of(token) is None
        and token.lower_ not in role_words()
    )


def _runs(doc: Doc, lex: Lex) -> list[Run]:
    """Maximal runs of name tokens, joined by particles and hyphens, at most five long."""
    tokens = list(doc)
    name = [_name_token(t, lex) for t in tokens]
    particles = speech_data().particles
    runs: list[Run] = []
    i = 0
    while i < len(tokens):
        if not name[i]:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j - i < 6 and not tokens[j].is_sent_start:
            if name[j]:
                j += 1
                continue
            # "al-Assad", "von der Leyen": particles and hyphens between name words.
            k = j
            while k < len(tokens) and k - j < 3 and _joiner(tokens, k, particles):
                k += 1
            if k == j or k >= len(tokens) or not (name[k] or _glued(tokens, k)):
                break
            j = k + 1
        runs.append((i, j))
        i = j
    return runs


def _joiner(tokens: list[Token], k: int, particles: frozenset[str]) -> bool:
    token = tokens[k]
    return token.lower_ in particles or (token.text == "-" and not tokens[k - 1].whitespace_)


def _glued(tokens: list[Token], k: int) -> bool:
    """ "Hau-yip": a lower-case name part hyphenated to the name word before it."""
    return (
        tokens[k].is_alpha
        and tokens[k - 1].text == "-"
        and not tokens[k - 1].whitespace_
        and not tokens[k - 2].whitespace_
        and tokens[k - 2].text[:1].isupper()
    )


def _left_region(doc: Doc, start: int, lex: Lex) -> list[Token]:
    """The descriptive words right before a name: "Latvia's Foreign Minister", "Capt."."""
    words = role_words() | speech_data().qualifiers | {"of", "pro", "anti", "-"}
    region: list[Token] = []
    i = start - 1
    while i >= doc[start].sent.start:
        t = doc[i]
        dot = t.text == "." and i > 0 and title_of(doc[i - 1]) is not None
        lexical = t.i in lex.country_at or t.i in lex.org_at or t.tag_ == "POS"
        # "pro-Western", "anti-government": a stance, part of the description.
        lexical = lexical or (i > 1 and doc[i - 1].text == "-" and doc[i - 2].lower_ in words)
        if not (dot or lexical or t.lower_ in words or title_of(t) is not None):
            break
        region.insert(0, t)
        i -= 1
    while region and (region[0].lower_ in ("of", "-") or region[0].tag_ == "POS"):
        region.pop(0)
    return region


def _head(doc: Doc, run: Run) -> Token:
    """The run's syntactic head: the token whose head lies outside the run."""
    inside = [t for t in doc[run[0] : run[1]] if not run[0] <= t.head.i < run[1] or t.head == t]
    return inside[0] if inside else doc[run[1] - 1]


def _apposition(doc: Doc, run: Run, lex: Lex) -> Descriptor | None:
    """ "Lavrov, the foreign minister," or "the foreign minister, Sergey Lavrov"."""
    head = _head(doc, run)
    for child in head.children:
        if child.dep_ == "appos" and _role_noun(child):
            return describe(list(child.subtree), lex, child)
    noun = head.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and not _role_noun(noun):
        noun = noun.head.head  # "the foreign minister of Finland, Anna Virtanen" parsed askew
    if head.dep_ == "appos" and _role_noun(noun):
        inner = set(head.subtree)
        return describe([t for t in noun.subtree if t not in inner], lex, noun)
    return None


def _role_noun(token: Token) -> bool:
    """A noun that names what a person is: a person role, a title's role, or "head"/"chief"."""
    role = role_table().get(token.lower_)
    return role is not None and role.kind == "person"


def _speaks(head: Token) -> bool:
    """Is the token the subject of a reporting verb, or the antecedent of "who ..."?"""
    if head.dep_ in SUBJECT_DEPS and is_speech_verb(head.head):
        return True
    return any(
        c.dep_ == "relcl" and any(s.lower_ == "who" and s.dep_ in SUBJECT_DEPS for s in c.children)
        for c in head.children
    )


@cache
def _title_roles() -> frozenset[str]:
    return frozenset(t.role for t in speech_data().titles.values())


def _beside_not_name(doc: Doc, run: Run) -> bool:
    """ "Donetsk People's Republic", "Harvard University": a name inside a longer proper name."""
    after = doc[run[1]] if run[1] < len(doc) else None
    if after is not None and after.tag_ == "POS" and run[1] + 1 < len(doc):
        after = doc[run[1] + 1]
    return after is not None and after.text in speech_data().not_name


def _person_runs(doc: Doc, runs: list[Run], lex: Lex) -> dict[Run, Descriptor]:
    """The runs the text marks as people, each with what the text says about them."""
    found: dict[Run, Descriptor] = {}
    for run in runs:
        if _beside_not_name(doc, run):
            continue
        region = _left_region(doc, run[0], lex)
        left = describe(region, lex) if region else Descriptor()
        first = doc[run[0]]
        # "Official Journal": the NER reads the role word as part of a body's name.
        inside = first.ent_iob_ == "I" and first.ent_type_ not in ("PERSON", "")
        marked = not inside and (bool(left.role) or any(title_of(t) for t in region))
        appos = _apposition(doc, run, lex)
        labels = {t.ent_type_ for t in doc[run[0] : run[1]]}
        # A lone word the NER calls an organisation ("Gazprom said") needs more than a verb.
        speaks = (
            _speaks(_head(doc, run))
            and (run[1] - run[0] > 1 or "ORG" not in labels)
            and not labels & PLACE_ENTS
        )
        if marked or appos or "PERSON" in labels or speaks:
            # A role the text spells out beats one a bare title implies ("Col. X, a spokesman").
            weak = not left.role or left.role in _title_roles()
            about = (appos.merge(left) if weak else left.merge(appos)) if appos else left
            found[run] = about.merge(_owner_of(doc, region[0].i if region else run[0], found))
    return found


def _owner_of(doc: Doc, start: int, found: dict[Run, Descriptor]) -> Descriptor:
    """ "Putin's spokesman X": X serves the country (or body) of the person before "'s"."""
    if start < 2 or doc[start - 1].tag_ != "POS":
        return Descriptor()
    owner = next((d for (a, b), d in found.items() if b == start - 1), Descriptor())
    return Descriptor(country=owner.country, org_code=owner.org_code)


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


def _words(doc: Doc, run: Run) -> tuple[str, ...]:
    return tuple(t.text for t in doc[run[0] : run[1]] if t.text[:1].isupper())


def _cluster(doc: Doc, marked: dict[Run, Descriptor]) -> list[Draft]:
    """Merge runs naming the same person: one's words are a part of the other's, same surname."""
    drafts: list[Draft] = []
    for run in sorted(marked):
        words = _words(doc, run)
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
    owners = [
        d
        for d in drafts
        if d.surname == words[-1] and (set(words) <= set(d.words) or set(d.words) <= set(words))
    ]
    return max(owners, key=lambda d: d.mentions[-1][0]) if owners else None


def _later_mentions(doc: Doc, drafts: list[Draft], runs: list[Run]) -> None:
    """Unmarked runs and bare tokens that repeat a known person's name or surname."""
    taken = {i for d in drafts for run in d.mentions for i in range(*run)}
    surnames = {d.surname for d in drafts}
    in_runs = {i for a, b in runs for i in range(a, b)}
    candidates = [r for r in runs if r[0] not in taken]
    candidates += [
        (t.i, t.i + 1)
        for t in doc
        if t.text in surnames and t.i not in taken and t.i not in in_runs
    ]
    for run in sorted(candidates):
        words = _words(doc, run)
        owner = _owner(drafts, words) if words else None
        if owner is not None and set(words) <= set(owner.words):
            owner.mentions.append(run)


def _is_subject(doc: Doc, run: Run) -> bool:
    """Does the mention stand in a subject ("Capt. X confirmed", "the chief of defence, X,")?"""
    token = _head(doc, run)
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


def _compatible(draft: Draft, word: str) -> bool:
    data = speech_data()
    if word in data.male_pronouns:
        return draft.about.gender != "f"
    return draft.about.gender != "m"


def _resolve_references(doc: Doc, drafts: list[Draft], sentence_of: dict[int, int]) -> None:
    """Pronouns and definite role nouns that point back to a person named just before."""
    data = speech_data()
    pronouns = data.male_pronouns | data.female_pronouns
    # (token, person, is subject) for every mention so far, in text order.
    seen = sorted(
        (run[0], n, _is_subject(doc, run)) for n, d in enumerate(drafts) for run in d.mentions
    )
    role_heads = {d.about.role.split()[-1] for d in drafts if d.about.role}
    # Inside quote marks "he" is someone the speaker talks about, not the one named before.
    quoted = quote_spans(doc.text)
    for token in doc:
        if token.lower_ in pronouns and token.pos_ == "PRON":
            if any(a <= token.idx < b for a, b in quoted):
                continue
            n = _antecedent(token, seen, drafts, sentence_of)
            if n is not None:
                drafts[n].mentions.append((token.i, token.i + 1))
                seen = sorted([*seen, (token.i, n, token.dep_ in SUBJECT_DEPS)])
            continue
        found = _role_reference(doc, token, drafts) if token.lower_ in role_heads else None
        if found is not None:
            drafts[found[1]].mentions.append(found[0])


def _antecedent(
    token: Token,
    seen: list[tuple[int, int, bool]],
    drafts: list[Draft],
    sentence_of: dict[int, int],
) -> int | None:
    """The only compatible person named in this or the previous sentence, else the latest
    one who was a subject there."""
    here = sentence_of[token.i]
    near = [
        (n, subject)
        for i, n, subject in seen
        if i < token.i and sentence_of[i] >= here - 1 and _compatible(drafts[n], token.lower_)
    ]
    if len({n for n, _ in near}) == 1:
        return near[0][0]
    subjects = [n for n, subject in near if subject]
    return subjects[-1] if subjects else None


def _role_reference(doc: Doc, token: Token, drafts: list[Draft]) -> tuple[Run, int] | None:
    """ "the spokesman", "the foreign minister": the latest person given that role before."""
    det = next((c for c in token.children if c.dep_ == "det"), None)
    if det is None or det.lower_ != "the" or token.tag_ != "NN" or token.lower_ not in role_words():
        return None
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if (nxt is not None and (nxt.pos_ == "PROPN" or title_of(nxt))) or any(
        c.dep_ == "appos" for c in token.children
    ):
        return None
    phrase = doc[det.i + 1 : token.i + 1]
    words = {t.lower_ for t in phrase if t.i not in _country_tokens(phrase)}
    fitting = [
        (max(earlier), n)
        for n, draft in enumerate(drafts)
        if (role := draft.about.role.split())
        and role[-1] == token.lower_
        and words <= set(role)
        and (earlier := [run[0] for run in draft.mentions if run[0] < det.i])
    ]
    return ((det.i, token.i + 1), max(fitting)[1]) if fitting else None


def _country_tokens(tokens: Iterable[Token]) -> set[int]:
    forms = lexicon.country_surface_forms()
    return {t.i for t in tokens if t.text in forms}


# ---------------------------------------------------------------- the component


def _char_span(doc: Doc, run: Run) -> Span:
    return (doc[run[0]].idx, doc[run[1] - 1].idx + len(doc[run[1] - 1]))


def find_people(doc: Doc, lex: Lex, sentence_of: dict[int, int]) -> list[Draft]:
    """Every person of the doc, in order of first mention, with all their mentions."""
    runs = _runs(doc, lex)
    drafts = _cluster(doc, _person_runs(doc, runs, lex))
    _later_mentions(doc, drafts, runs)
    _resolve_references(doc, drafts, sentence_of)
    for draft in drafts:
        draft.mentions = sorted(set(draft.mentions))
        about = draft.about
        if about.sector and not about.country and not about.org_code:
            draft.about = replace(about, country=lex.home)
    return sorted(drafts, key=lambda d: d.mentions[0])


class People:
    """People and organisations, and which person each person mention names."""

    name = "people"
    requires: tuple[str, ...] = ("doc", "sentence_of_token", "mentions")
    assigns: tuple[str, ...] = ("people", "organizations", "person_mentions")

    def __call__(self, item: WorkItem) -> None:
        doc = item.doc
        lex = Lex.of(doc)
        drafts = find_people(doc, lex, item.sentence_of_token)
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
        person_mentions = sorted(
            (span, index) for index, person in enumerate(people) for span in person.spans
        )
        item.set("people", people)
        item.set("person_mentions", person_mentions)
        item.set(
            "organizations",
            organizations_of(doc, lex, item.get("mentions"), [s for s, _ in person_mentions]),
        )
