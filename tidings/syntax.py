"""Dependency helpers every component shares: who the subject of a verb is.

One rule for all, so that a quote's speaker and an event's source are found the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

RELATIVES = frozenset({"who", "which", "that", "whom"})
# A verb in one of these relations without a subject of its own shares the verb it hangs on:
# 'Syria is willing to withdraw', 'met and agreed', '..., adding that'.
SHARING_DEPS = frozenset({"xcomp", "conj", "advcl", "acomp"})
ACTIVE_SUBJECTS = frozenset({"nsubj", "csubj"})
CLIMBS = 4
# Tags of a finite active verb (a past participle conjoined after a passive is passive too).
ACTIVE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


BY_DEPS = frozenset({"prep", "agent"})


def by_objects(token: Token, deps: frozenset[str] = BY_DEPS) -> Iterator[Token]:
    """The objects of the by-phrases hanging on a token ('by the army'), in order: a passive's
    agent, or a 'by' the parser took for a plain preposition."""
    for child in token.children:
        if child.dep_ in deps and child.lower_ == "by":
            yield from (g for g in child.children if g.dep_ == "pobj")


@dataclass(frozen=True, slots=True)
class Subject:
    """Who a verb is about: `actor` does it (an active subject, or a passive's by-agent);
    `patient` is a passive verb's grammatical subject, to whom it is done."""

    actor: Token | None = None
    patient: Token | None = None


def _passive(token: Token, children: list[Token]) -> Subject | None:
    patient = next((c for c in children if c.dep_ == "nsubjpass"), None)
    if patient is None and not (token.tag_ == "VBN" and token.dep_ in {"acl", "relcl"}):
        return None
    # 'the mission, which has patrolled the line': a perfect with its own subject is active.
    if patient is None and any(c.dep_ in ACTIVE_SUBJECTS for c in children):
        return None
    # 'the town, shelled overnight': the noun a passive participle qualifies is its patient.
    patient = patient if patient is not None else token.head
    for agent in (c for c in children if c.dep_ == "agent"):
        objects = [g for g in agent.children if g.dep_ == "pobj"]
        if objects:
            return Subject(objects[0], patient)
    return Subject(None, patient)


def subject_of(token: Token, is_speech: Callable[[Token], bool] | None = None) -> Subject:
    """The subject of a verb (or of the verb an adjective or participle hangs on).

    A passive gives its by-agent as the actor and its subject as the patient; a relative
    clause's "who" is the noun it qualifies; a verb without a subject shares the one of the
    verb it is a complement, conjunct or adverbial clause of. When `is_speech` says the verb
    is one of speech, a reported clause it hangs on is skipped: in "denied that X had fled,
    saying ...", the one saying is the one who denied, not X.
    """
    speech = is_speech is not None and is_speech(token)
    for _ in range(CLIMBS):
        children = list(token.children)
        passive = _passive(token, children)
        if passive is not None:
            return passive
        subject = next((c for c in children if c.dep_ in ACTIVE_SUBJECTS), None)
        if subject is None:
            # 'The government is committed to ...': a subject the parser hung on the verb's
            # auxiliary is the verb's.
            subject = next(
                (
                    g
                    for c in children
                    if c.dep_ in {"aux", "auxpass"} and c.i < token.i
                    for g in c.children
                    if g.dep_ in ACTIVE_SUBJECTS
                ),
                None,
            )
        if subject is not None:
            if subject.lower_ in RELATIVES and token.dep_ == "relcl":
                return Subject(token.head)
            return Subject(_qualified(subject))
        if token.dep_ == "relcl" and token.head.pos_ in {"NOUN", "PROPN"}:
            return Subject(token.head)
        # 'students protesting the law': the noun an active participle qualifies does it.
        if token.dep_ == "acl" and token.tag_ == "VBG" and token.head.pos_ in {"NOUN", "PROPN"}:
            return Subject(token.head)
        # 'fired tear gas at thousands of growers marching on the palace': a participle right
        # after a plural object, which the parser hung on the verb, still qualifies the object.
        before = token.doc[token.i - 1] if token.i > 0 else token
        if (
            token.dep_ == "advcl"
            and token.tag_ == "VBG"
            and before.tag_ in {"NNS", "NNPS"}
            and before.dep_ in {"pobj", "dobj"}
        ):
            return Subject(before)
        # 'was detained and accused the government': an active verb conjoined after a passive
        # is done by the passive's subject.
        if token.dep_ == "conj" and token.tag_ in ACTIVE_TAGS:
            patient = next((c for c in token.head.children if c.dep_ == "nsubjpass"), None)
            if patient is not None:
                return Subject(patient)
        if token.dep_ in SHARING_DEPS and token.head is not token:
            token = token.head
            if speech and token.dep_ == "ccomp" and is_speech is not None and is_speech(token.head):
                token = token.head
            continue
        # 'pleaded guilty to threatening him', 'was guilty of violating': the subject of the
        # verb (or adjective) the phrase hangs on.
        if (
            token.dep_ == "pcomp"
            and token.head.dep_ == "prep"
            and token.head.head.pos_
            in {
                "VERB",
                "ADJ",
            }
        ):
            token = token.head.head
            # 'was accused of shelling', 'is engaged in shelling', 'nationals suspected by the
            # West of blowing up a plane': the passive's subject did it, not its agent.
            governor = _passive(token, list(token.children))
            if governor is not None and governor.patient is not None:
                return Subject(governor.patient)
            continue
        break
    return Subject()


def _qualified(subject: Token) -> Token:
    """'The Red Cross operating in Iraq said': a participle the parser took for the subject
    clause, with the noun it qualifies as its own subject, stands for that noun."""
    if subject.tag_ != "VBG" or subject.dep_ not in {"nsubj", "csubj"}:
        return subject
    inner = next((c for c in subject.lefts if c.dep_ == "nsubj"), None)
    if inner is None or inner.pos_ not in {"NOUN", "PROPN"} or inner.i != subject.i - 1:
        return subject
    return inner


# Relations of a clause that tells more about what its head verb did ('expelled X, accusing him').
FOLLOWING_DEPS = frozenset({"advcl", "conj", "xcomp"})
OBJECT_DEPS = frozenset({"dobj", "dative"})


def object_antecedent(pronoun: Token) -> Token | None:
    """The object an object pronoun points back to in the clause its verb hangs on: 'expelled
    three diplomats, accusing them of spying' (them = the diplomats), 'seized the campus and
    closed it'. None when the verb it is the object of hangs on no verb with an object."""
    if pronoun.dep_ not in OBJECT_DEPS:
        return None
    verb = pronoun.head
    if verb.dep_ not in FOLLOWING_DEPS or verb.head is verb:
        return None
    plural = pronoun.lower_ in PLURAL_PRONOUNS
    return next(
        (
            c
            for c in verb.head.children
            if c.dep_ in OBJECT_DEPS and c.pos_ != "PRON" and _plural(c) == plural
        ),
        None,
    )


# Object pronouns for more than one: 'them' points back to a plural noun ('attacked the post
# and fought them off' does not fight the post).
PLURAL_PRONOUNS = frozenset({"them"})


def _plural(noun: Token) -> bool:
    """A plural noun, or nouns joined ('the journalist and his editor')."""
    return noun.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in noun.children)


def to_gerund(token: Token) -> bool:
    """'is committed to opening up the economy', 'agreed to holding talks': a gerund after the
    preposition 'to' of a verb or adjective, which says what is undertaken as an infinitive
    would."""
    prep = token.head
    return (
        token.dep_ == "pcomp"
        and token.tag_ == "VBG"
        and prep.dep_ == "prep"
        and prep.lower_ == "to"
        and prep.head.pos_ in {"VERB", "ADJ", "AUX"}
    )
