"""Event patterns: compiled from data/event_patterns.toml and matched against a dependency parse.

A pattern is a short string. Its first word names the trigger lemmas ("attack|assault"; a
leading "@" marks event nouns such as "@annexation"). The rest are constraints:

    {T}            the target is the direct object (the subject of a passive), and an actor
    {X}            an object is required, but need not be an actor ("demolish {X}")
    on {T}         the target is the object of the preposition "on" ("on|upon {T}" for either)
    +sanction      a dependent (child, or child of a child) with this lemma ("+talk|negotiation")
    to             an infinitive complement ("call on {T} to"); "to:attack|strike" names its verb
    of, down, ...  a preposition or particle that must depend on the trigger

A trigger may match several patterns; the one with the most constraints met wins.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tidings import lexicons
from tidings.components.people.nouns import plain_people
from tidings.lexicons import DATA_DIR

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA = DATA_DIR / "event_patterns.toml"
_WORDS = re.compile(r"^[a-z][a-z'-]*(\|[a-z][a-z'-]*)*$")
COMPLEMENT_DEPS = {"xcomp", "ccomp", "advcl", "acl"}


class PatternError(ValueError):
    """A pattern that cannot be read; the message names the file, code and pattern."""


@dataclass(frozen=True, slots=True)
class Pattern:
    code: str
    text: str
    triggers: frozenset[str]
    noun: bool
    target: bool
    any_object: bool
    target_preps: frozenset[str]
    requires: tuple[frozenset[str], ...]
    particles: tuple[frozenset[str], ...]
    complement: frozenset[str] | None

    @property
    def specificity(self) -> int:
        return (
            len(self.requires) * 2
            + len(self.particles)
            + (2 if self.target_preps else int(self.target))
            + (0 if self.complement is None else 1 + bool(self.complement))
        )


def _words(token: str, where: str) -> frozenset[str]:
    if not _WORDS.match(token):
        raise PatternError(f"{where}: {token!r} is not a word or words joined by |")
    return frozenset(token.split("|"))


def compile_pattern(code: str, text: str, where: str) -> Pattern:
    """One pattern string → Pattern, or PatternError saying what is wrong with it."""
    parts = text.split()
    if not parts:
        raise PatternError(f"{where}: empty pattern")
    head, rest = parts[0], parts[1:]
    noun = head.startswith("@")
    triggers = _words(head.lstrip("@"), where)
    target, any_object, target_preps = False, False, frozenset[str]()
    requires: list[frozenset[str]] = []
    particles: list[frozenset[str]] = []
    complement: frozenset[str] | None = None
    for index, part in enumerate(rest):
        following = rest[index + 1] if index + 1 < len(rest) else ""
        if part in {"{T}", "{X}"}:
            if target:
                raise PatternError(f"{where}: two targets in {text!r}")
            target, any_object = True, part == "{X}"
        elif following in {"{T}", "{X}"}:
            target_preps = _words(part, where)
        elif part.startswith("+"):
            requires.append(_words(part[1:], where))
        elif part == "to" and following.startswith("to:"):
            raise PatternError(f"{where}: write the complement as {following!r} alone")
        elif (part == "to" and not following) or part.startswith("to:"):
            complement = _words(part[3:], where) if ":" in part else frozenset()
        else:
            particles.append(_words(part, where))
    return Pattern(
        code,
        text,
        triggers,
        noun,
        target,
        any_object,
        target_preps,
        tuple(requires),
        tuple(particles),
        complement,
    )


@cache
def load_patterns(path: Path = DATA) -> Mapping[str, tuple[Pattern, ...]]:
    """Patterns by trigger lemma, each list most specific first."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    codes = lexicons.cameo_codes()
    index: dict[str, list[Pattern]] = defaultdict(list)
    for code, texts in raw.get("codes", {}).items():
        where = f"{path.name} [codes] {code}"
        if code not in codes:
            raise PatternError(f"{where}: not a CAMEO code")
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise PatternError(f"{where}: must be a list of pattern strings")
        for text in texts:
            pattern = compile_pattern(code, text, f"{where}: {text!r}")
            for trigger in pattern.triggers:
                index[trigger].append(pattern)
    return {k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in index.items()}


@cache
def recodings(name: str, path: Path = DATA) -> Mapping[str, str]:
    """A recoding table of the patterns file ([intent], [threat]): code prefix → code."""
    raw = tomllib.loads(path.read_text(encoding="utf-8")).get(name, {})
    codes = lexicons.cameo_codes()
    for prefix, code in raw.items():
        if code not in codes or not prefix.isdigit():
            raise PatternError(f"{path.name} [{name}] {prefix} = {code!r}: not a CAMEO code")
    return dict(raw)


def recode(code: str, table_name: str) -> str | None:
    """The code a table gives for the longest matching prefix of `code`, if any."""
    table = recodings(table_name)
    for size in (4, 3, 2):
        if size <= len(code) and code[:size] in table:
            return table[code[:size]]
    return None


def _near(trigger: Token) -> list[Token]:
    """Children, and children of the trigger's object and prepositions (where parsers put them)."""
    children = list(trigger.children)
    near = list(children)
    for child in children:
        if child.dep_ in {
            "dobj",
            "prep",
            "attr",
            "oprd",
            "pobj",
            "xcomp",
            "ccomp",
            "nsubjpass",
            "agent",
        }:
            near.extend(child.children)
            if child.dep_ in {"prep", "agent"}:
                near.extend(g for pobj in child.children for g in pobj.children if g.dep_ == "prep")
            if child.dep_ == "dobj":
                # "held three days of negotiations": the noun that says what was held.
                near.extend(
                    pobj
                    for prep in child.children
                    if prep.dep_ == "prep" and prep.lower_ == "of"
                    for pobj in prep.children
                    if pobj.dep_ == "pobj"
                )
    return near


def target_of(trigger: Token, pattern: Pattern, near: list[Token]) -> Token | bool | None:
    """The target head the pattern names; None when it names none; False when it is missing."""
    if pattern.target_preps:
        candidates = [
            pobj
            for token in near
            # 'With the signing of a deal, the two sides agreed': an opening phrase is a
            # circumstance, not the target.
            if token.dep_ in {"prep", "dative"}
            and token.lower_ in pattern.target_preps
            and token.i > trigger.i
            for pobj in token.children
            if pobj.dep_ == "pobj" and pobj.ent_type_ not in {"DATE", "TIME"}
        ]
        return next(
            (c for c in candidates if actor_like(c)), candidates[0] if candidates else False
        )
    if not pattern.target:
        return None
    if pattern.noun:
        for token in near:
            if token.dep_ == "prep" and token.lower_ == "of":
                return next((c for c in token.children if c.dep_ == "pobj"), False)
        return False
    passive = [c for c in trigger.children if c.dep_ == "nsubjpass"]
    if passive:
        return passive[0]
    objects = sorted(
        (c for c in trigger.children if c.dep_ in {"dobj", "dative"}), key=lambda c: c.dep_
    )
    return objects[0] if objects else False


def actor_like(head: Token) -> bool:
    """Could this noun phrase head name an actor (a person, group, body or country)?"""
    if head.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"}:
        return False
    if head.pos_ in {"PROPN", "PRON"} or head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return head.lower_ not in {"it", "this", "that", "which"}
    if head.lemma_.lower() in lexicons.roles() or head.lower_ in lexicons.roles():
        return True
    forms = lexicons.country_surface_forms()
    orgs = lexicons.organization_surface_forms()
    return any(
        t.text in forms or t.text in orgs or t.ent_type_ in {"ORG", "NORP"}
        for t in head.lefts
        if t.dep_ in {"amod", "compound", "poss", "nmod"}
    )


def counted(head: Token, depth: int = 2) -> Token:
    """The actor inside a phrase that is not one: 'scores of refugees' (the people counted),
    'tens of thousands of people' (counted twice over), 'support for Georgia's sovereignty'
    (whose sovereignty)."""
    if actor_like(head):
        return head
    # Only a count word ('tens of thousands of') is looked through twice.
    deeper = depth > 1 and (head.like_num or head.ent_type_ in {"CARDINAL", "QUANTITY"})
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                inner = counted(pobj, depth - 1) if deeper else pobj
                if actor_like(inner) or inner.lemma_.lower() in plain_people():
                    return inner
        if child.dep_ == "poss" and child.pos_ == "PROPN" and actor_like(child):
            return child
    return head


def _complement_verbs(near: list[Token]) -> list[str]:
    """The lemmas of the verb complements ("to send", an xcomp) among the near tokens."""
    verbs = []
    for child in near:
        infinitive = child.dep_ == "xcomp" or any(g.tag_ == "TO" for g in child.children)
        if infinitive and child.dep_ in COMPLEMENT_DEPS and child.pos_ in {"VERB", "AUX"}:
            verbs.append(child.lemma_.lower())
    return verbs


def match(trigger: Token, patterns: tuple[Pattern, ...]) -> tuple[Pattern, Token | None] | None:
    """The most specific pattern whose constraints the parse meets, with its target head."""
    near = _near(trigger)
    lemmas = {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
    particles = {t.lower_ for t in near if t.dep_ in {"prep", "prt", "agent"}}
    is_noun = trigger.pos_ in {"NOUN", "PROPN"}
    complements: list[str] | None = None  # read only for patterns that want a complement
    for pattern in patterns:
        if pattern.noun != is_noun:
            continue
        if not all(words & lemmas for words in pattern.requires):
            continue
        if not all(not words.isdisjoint(particles) for words in pattern.particles):
            continue
        if pattern.complement is not None:
            if complements is None:
                complements = _complement_verbs(near)
            wanted = pattern.complement
            if not any(not wanted or lemma in wanted for lemma in complements):
                continue
        target = target_of(trigger, pattern, near)
        if target is False:
            continue
        if isinstance(target, bool) or target is None:
            return pattern, None
        target = counted(target)
        if not actor_like(target):
            if not pattern.any_object:
                continue
            return pattern, None
        return pattern, target
    return None
