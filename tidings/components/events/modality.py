"""Modality: is an event asserted, negated, hypothetical, future, or only reported?"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.lexicons.words import Cues
from tidings.models import Modality

if TYPE_CHECKING:
    from spacy.tokens import Token

# The mark of a clause that is what a noun says ('reports that ...').
CONTENT_MARKS = frozenset({"that"})
# Dependents of a copula or verb that make up what it predicates ('is currently out of the
# question', 'is not an option', 'was ruled out').
PREDICATE_DEPS = {"prep", "acomp", "attr", "neg", "advmod", "prt"}
# Dependencies along which a clause sits inside another one's scope.
SCOPE_DEPS = {"ccomp", "xcomp", "pcomp", "advcl", "conj", "prep", "pobj", "acl", "relcl"}


def _own(children: list[tuple[str, str]], words: frozenset[str], deps: set[str]) -> bool:
    return any(dep in deps and lower in words for dep, lower in children)


def _dependents(token: Token) -> list[tuple[str, str]]:
    return [(c.dep_, c.lower_) for c in token.children]


def _governed_by(token: Token, governors: frozenset[str]) -> bool:
    """An event noun that is the object of one of the `governors` (phrasal ones with their
    particle: 'call off')."""
    if token.pos_ not in {"NOUN", "PROPN"} or token.dep_ not in {"dobj", "nsubjpass"}:
        return False
    verb = token.head
    lemma = verb.lemma_.lower()
    particles = (c.lower_ for c in verb.children if c.dep_ == "prt")
    names = {lemma, verb.lower_, *(f"{lemma} {p}" for p in particles)}
    return not names.isdisjoint(governors)


def _cancelled(token: Token, table: Cues) -> bool:
    """'called off the exercises', 'cancelled the talks': an event noun that the verb it is
    the object of blocks (one of the cancelling governors)."""
    return _governed_by(token, table.cancelling_governors)


def _pending(token: Token, table: Cues) -> bool:
    """An event noun that is the of- or to-object of a word of what is still to come ('ahead
    of talks', 'on the eve of the summit')."""
    prep = token.head
    return (
        token.pos_ in {"NOUN", "PROPN"}
        and token.dep_ == "pobj"
        and prep.lower_ in {"of", "to"}
        and prep.head.lower_ in table.pending_heads
    )


def _local(token: Token, table: Cues) -> Modality | None:
    children = _dependents(token)
    if _cancelled(token, table):
        return "negated"
    if _governed_by(token, table.planning_governors):
        return "future"  # 'plotting attacks': planned, not done
    if _pending(token, table):
        return "future"  # 'ahead of talks with Saudi Arabia': still to come
    if token.pos_ in {"NOUN", "PROPN"} and _own(children, table.unspecific_determiners, {"det"}):
        return "hypothetical"  # 'warned against any attack': no attack in particular
    if _own(children, table.conditional_marks, {"mark"}):
        # 'if the West did not lift the restrictions': a condition, negated or not
        return "hypothetical"
    if _own(children, table.negation, {"neg", "advmod", "det"}):
        return "negated"
    for subject in (c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}):
        # 'Neither man had been released', 'No one was arrested'.
        if subject.lower_ in table.negative_subjects or _own(
            _dependents(subject), table.negative_subjects, {"det", "preconj", "amod"}
        ):
            return "negated"
    if _own(children, table.hypothetical_aux, {"aux", "auxpass"}):
        return "hypothetical"
    if _own(children, table.future_aux, {"aux", "auxpass"}):
        return "future"
    if _own(children, table.reporting_adverbs, {"advmod"}):
        return "reported"
    return None


def _infinitive(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in token.children)


def _noun_purpose(token: Token, table: Cues) -> bool:
    """An infinitive clause that says what a noun is for ('the right to fire', 'plans to
    attack', 'a bid to end the war'), unless the noun ranks who did it ('the first country to
    recognise Kosovo')."""
    noun = token.head
    if token.dep_ != "acl" or noun.pos_ != "NOUN" or not _infinitive(token):
        return False
    return not any(c.lower_ in table.ranking_words for c in noun.children)


def _governor_lists(table: Cues) -> tuple[frozenset[str], ...]:
    return (
        table.negating_governors,
        table.hypothetical_governors,
        table.future_governors,
        table.reporting_governors,
    )


def _timed_by_unreal(trigger: Token, table: Cues) -> Modality | None:
    """'preparing convoys to send south as soon as the crossings opened': a time clause of an
    act that is only planned or possible is no more real than that act."""
    marks = _own(_dependents(trigger), table.temporal_marks, {"mark", "advmod"})
    if trigger.dep_ != "advcl" or not marks:
        return None
    governor = trigger.head
    for _ in range(4):
        if governor.pos_ in {"VERB", "AUX"} or governor.head is governor:
            break
        governor = governor.head
    found = modality(governor, table)
    return found if found in {"future", "hypothetical"} else None


def modality(trigger: Token, table: Cues) -> Modality:
    """The modality of the event whose trigger this is, from the trigger and its governors
    and the cues of modality.toml."""
    found = _local(trigger, table) or _timed_by_unreal(trigger, table)
    if found:
        return found
    if refused_gerund(trigger, table):
        return "negated"  # 'removing the sanctions is out of the question': refused
    if trigger.dep_ in {"csubj", "csubjpass"} and trigger.tag_ == "VBG":
        return "hypothetical"  # 'attacking civilians is a war crime': no act told
    token = below = trigger
    while token.dep_ in SCOPE_DEPS and token.head is not token:
        if _noun_purpose(token, table):
            return "hypothetical"  # 'the right to fire', 'a bid to end the war': not done
        if (
            token.dep_ == "prep"
            and token.lower_ in table.occasion_prepositions
            and trigger.pos_
            in {
                "NOUN",
                "PROPN",
            }
        ):
            return "asserted"  # 'urged ... during talks': the talks are no part of the urging
        governor = token.head
        if token.dep_ in {"acl", "relcl"} and _own(
            _dependents(governor), table.unspecific_determiners, {"det"}
        ):
            return "hypothetical"  # 'any group fighting Pakistan': a kind, not an act
        # The small model sometimes mislemmatizes ('hopes' → 'hop'): accept the word as written.
        lemma = governor.lemma_.lower()
        if not any(lemma in words for words in _governor_lists(table)):
            lemma = governor.lower_
        # 'called for the president to resign': an infinitive clause the parser hangs on as
        # an adverbial clause is a complement all the same.
        infinitive = token.dep_ == "advcl" and _infinitive(token)
        # 'reports that soldiers had turned back refugees': the content of a noun.
        content = token.dep_ == "acl" and _own(_dependents(token), CONTENT_MARKS, {"mark"})
        if enacted(token, trigger, table) and _local(governor, table) is None:
            return "asserted"  # 'the court decided to allow him to run': allowed by deciding
        if token.dep_ in {"xcomp", "ccomp", "pcomp", "pobj", "prep"} or infinitive or content:
            # 'banned them from travelling' negates the travel, but not the cartoon of 'banned
            # the paper over a cartoon that mocked a minister'.
            gerund = token.dep_ != "prep" or below.dep_ == "pcomp"
            if lemma in table.negating_governors and gerund:
                return "negated"
            if lemma in table.hypothetical_governors:
                return "hypothetical"
            if lemma in table.future_governors:
                return "future"
            if lemma in table.reporting_governors and token.dep_ != "xcomp":
                inherited = _local(governor, table)
                # 'denied reports that ...': a claim someone denies is not told as true.
                denied = _governed_by(governor, table.negating_governors)
                return "negated" if inherited == "negated" or denied else "reported"
        if token.dep_ in {"conj", "xcomp"} or infinitive:
            # 'will visit Mauritania to mediate': what a planned act is for is planned too.
            inherited = _local(governor, table)
            if inherited in {"hypothetical", "future"}:
                return inherited
        below, token = token, governor
    return "asserted"


def enacted(token: Token, trigger: Token, table: Cues) -> bool:
    """Is the trigger an act its actor does by deciding it, the complement `token` of a verb of
    deciding ('decided to allow', 'voted to lift the ban')?"""
    return (
        token.dep_ == "xcomp"
        and token.i == trigger.i
        and token.head.lemma_.lower() in table.enacting_governors
        and trigger.lemma_.lower() in table.enacted_verbs
    )


def refused_gerund(trigger: Token, table: Cues) -> bool:
    """'removing the sanctions is out of the question', 'lifting the ban was ruled out': a
    gerund subject of a predicate of refusal names an act refused."""
    if trigger.dep_ not in {"csubj", "csubjpass"} or trigger.tag_ != "VBG":
        return False
    head = trigger.head
    after = sorted(
        (t for c in head.children if c.i > head.i and c.dep_ in PREDICATE_DEPS for t in c.subtree),
        key=lambda t: t.i,
    )
    said = f" {head.lemma_.lower()} {' '.join(t.lower_ for t in after)} "
    return any(f" {phrase} " in said for phrase in table.refusal_predicates)


def refusing(trigger: Token, table: Cues) -> bool:
    """Is a negated event a refusal: one its actor says it will (or would, or can) not do ('will
    not accept refugees'), or a consent withheld ('did not agree to meet')? A plain negated act
    ('has not supplied weapons', 'did not open the crossing') tells of nothing done."""
    if trigger.lemma_.lower() in table.refusal_verbs or refused_gerund(trigger, table):
        return True
    token = trigger
    for _ in range(3):
        if _own(_dependents(token), table.future_aux | table.hypothetical_aux, {"aux"}):
            return True
        if token.dep_ not in {"xcomp", "conj"} or token.head is token:
            return False
        token = token.head
    return False


def speaker_of(clause: Token, reporting: frozenset[str]) -> Token | None:
    """The subject of the reporting verb (one of `reporting`) a clause is the complement of:
    'US officials said (that) removing the sanctions is out of the question'."""
    verb = reporting_verb(clause, reporting)
    return None if verb is None else next((c for c in verb.children if c.dep_ == "nsubj"), None)


def reporting_verb(clause: Token, reporting: frozenset[str]) -> Token | None:
    """The reporting verb (one of `reporting`) a clause is the complement of ('said')."""
    token = clause
    for _ in range(3):
        if token.dep_ != "ccomp" or token.head is token:
            return None
        token = token.head
        if token.lemma_.lower() in reporting:
            return token
    return None
