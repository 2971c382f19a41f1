"""Who is who in a phrase: reporting verbs, titles, roles, countries and bodies.

Shared by the people and quotes extractors: the word lists of data/speech_verbs.toml and
`describe`, which reads a phrase
such as "Latvia's Foreign Minister" or "a spokeswoman for the Lithuanian army" as a role, a
sector, a country and a body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.lexicons import Role
from tidings.lexicons.words import SpeechData, Title
from tidings.names.matcher import NameMatches

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["SUBJECT_DEPS", "Descriptor", "SpeechData", "Title", "describe", "is_speech_verb"]

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def is_speech_verb(token: Token, speech: SpeechData) -> bool:
    """A reporting verb: its lemma, or lemma plus particle ("point out"), is listed."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    lemma = token.lemma_.lower()
    if lemma in speech.verbs:
        return True
    return lemma in speech.phrasal and any(
        f"{lemma} {c.lower_}" in speech.verbs for c in token.children if c.dep_ == "prt"
    )


@dataclass(frozen=True, slots=True)
class Descriptor:
    """What a phrase tells about who someone is: role, sector, country, body, gender; `body_ref`
    is the token of a body named only by its kind ("the group's spokesman"), -1 if none."""

    role: str = ""
    sector: str = ""
    country: str = ""
    org_code: str = ""
    gender: str = ""
    body_ref: int = -1

    @property
    def code(self) -> str:
        """The body's code for one who speaks for it, else country and sector."""
        return self.org_code or f"{self.country}{self.sector}"

    def merge(self, other: Descriptor) -> Descriptor:
        """Fill this descriptor's empty fields from another one."""
        role, sector, country, org_code, gender = (
            a or b for a, b in zip(_fields(self), _fields(other), strict=True)
        )
        body_ref = self.body_ref if self.body_ref >= 0 else other.body_ref
        return Descriptor(role, sector, country, org_code, gender, body_ref)


def _fields(d: Descriptor) -> tuple[str, str, str, str, str]:
    return (d.role, d.sector, d.country, d.org_code, d.gender)


def title_of(token: Token, speech: SpeechData) -> Title | None:
    title = speech.titles.get(token.lower_.rstrip("."))
    return title if title is not None and token.text[:1].isupper() else None


def _role_matches(tokens: Sequence[Token], speech: SpeechData) -> list[tuple[int, int, Role]]:
    """Role phrases over positions of `tokens`, longest first from the left (a word that
    begins no role phrase starts no match)."""
    found, i, roles, prefixes = [], 0, speech.role_table, speech.role_prefixes
    lowers = [t.lower_ for t in tokens]
    pieces = [lower + t.whitespace_ for lower, t in zip(lowers, tokens, strict=True)]
    while i < len(tokens):
        if lowers[i].strip() and lowers[i] not in prefixes:
            i += 1
            continue
        for j in range(min(len(tokens), i + 5), i, -1):
            phrase = "".join(pieces[i:j]).strip()
            if phrase in roles and tokens[j - 1].i - tokens[i].i == j - 1 - i:
                found.append((i, j, roles[phrase]))
                i = j - 1
                break
        i += 1
    return found


def _goal(tokens: Sequence[Token], k: int) -> bool:
    """ "envoy to Ukraine", "ambassador to the European Union": where the role is sent, not
    whom it serves (the tokens of a multi-word name all count)."""
    j = k
    while j > 0 and (tokens[j - 1].text[:1].isupper() or tokens[j - 1].lower_ == "the"):
        j -= 1
    return j > 0 and tokens[j - 1].lower_ == "to"


def _pro_unit(tokens: Sequence[Token], k: int) -> bool:
    """Is tokens[k] part of a "pro-X"/"anti-X" modifier (which names no country of its own)?"""
    window = [t.lower_ for t in tokens[max(0, k - 2) : k + 1]]
    return window[-1] in ("pro", "anti") or (len(window) > 2 and window[-3] in ("pro", "anti"))


def describe(tokens: Sequence[Token], lex: NameMatches, head: Token | None = None) -> Descriptor:
    """Role, sector, country and body named in a phrase; `head` is its role noun if known."""
    data = lex.lexicons.speech
    matches = _role_matches(tokens, data)
    titles = [t for t in (title_of(tok, data) for tok in tokens) if t is not None]
    chosen = [m for m in matches if head is not None and head in tokens[m[0] : m[1]]]
    # A spelled-out role beats a title next to the name ("Supreme Leader Ayatollah").
    people = [m for m in matches if m[2].kind == "person"]
    spelled = [m for m in people if not all(title_of(t, data) for t in tokens[m[0] : m[1]])]
    if head is None or head not in tokens:
        chosen = (spelled or people)[-1:]
    countries = [
        lex.country_at[t.i][0]
        for k, t in enumerate(tokens)
        if t.i in lex.country_at and not _pro_unit(tokens, k) and not _goal(tokens, k)
    ]
    orgs = [
        lex.org_at[t.i] for k, t in enumerate(tokens) if t.i in lex.org_at and not _goal(tokens, k)
    ]
    country = countries[0] if countries else next((o.country for o in orgs if o.country), "")
    gender = next((t.gender for t in titles if t.gender), "")
    words = {t.lower_.rstrip(".") for t in tokens}
    gender = gender or (
        "m" if words & data.male_words else "f" if words & data.female_words else ""
    )
    org_code = orgs[0].code if orgs else ""
    ref = -1 if country or org_code else _kind_reference(tokens, data)
    if not chosen:
        title = next((t for t in titles if t.role), None)
        if title is None:
            return Descriptor(country=country, org_code=org_code, gender=gender, body_ref=ref)
        return Descriptor(title.role, title.sector, country, org_code, gender, ref)
    start, end, role = chosen[0]
    while start > 0 and (
        _in_role(tokens, start - 1, matches, data) or _title_word(tokens, start - 1, lex)
    ):
        start -= 1
    text = "".join(t.text_with_ws for t in tokens[start:end]).strip().lower()
    sector = role.sector or next((t.sector for t in titles if t.sector), "")
    others = [m[2].sector for m in matches if m is not chosen[0] and m[2].sector]
    # "police commander", "army spokesman": the body named right before the role decides.
    body = [m[2].sector for m in matches if m[1] == chosen[0][0] and m[2].kind == "group"]
    if (role.phrase in data.defer and others) or body:
        sector = (body or others)[-1]
    # The body's code stands for its spokesman, or for anyone of it with no country given.
    if country and (others or role.phrase not in data.defer):
        org_code = ""
    if {t.lower_ for t in tokens[start:end]} & data.former:
        sector = data.former_sector
    return Descriptor(text, sector, country, org_code, gender, ref)


def _title_word(tokens: Sequence[Token], k: int, lex: NameMatches) -> bool:
    """ "Humanitarian Affairs Minister", "Research and Advocacy Director": a capitalised word
    (or an "and" joining two) of the title before a capitalised role word, not a name of a
    country or body."""
    token = tokens[k]
    if token.i in lex.country_at or token.i in lex.org_at or token.tag_ == "POS":
        return False
    if token.lower_ in ("and", "&"):
        return 0 < k < len(tokens) - 1 and tokens[k - 1].text[:1].isupper()
    after = tokens[k + 1]
    return (
        token.is_alpha
        and token.text[:1].isupper()
        and (after.text[:1].isupper() or after.lower_ in ("and", "&"))
    )


def _kind_reference(tokens: Sequence[Token], speech: SpeechData) -> int:
    """ "the group's spokesman": the token of a body named by its kind alone, or -1."""
    kinds = speech.org_kinds
    for k, t in enumerate(tokens[:-1]):
        if (
            t.lower_ in kinds
            and tokens[k + 1].tag_ == "POS"
            and any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
        ):
            return t.i
    return -1


def _in_role(
    tokens: Sequence[Token], k: int, matches: list[tuple[int, int, Role]], speech: SpeechData
) -> bool:
    """May tokens[k] stand inside a role phrase (a role word, a qualifier, a pro-X unit)?"""
    if any(a <= k < b for a, b, _ in matches):
        return True
    return (
        tokens[k].lower_ in speech.qualifiers
        or _pro_unit(tokens, k)
        or (tokens[k].text == "-" and k > 0 and tokens[k - 1].lower_ in ("pro", "anti"))
    )
