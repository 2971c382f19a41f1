"""What an actor says it will do: one statement event (intent, 03, or threat, 13), asserted.

A future or possible act is a statement of its source when the source itself announces it
("Iran said it would close the strait", "Japan will send aid", "Russia is preparing to attack")
and only then; the content of a demand, a call, a wish or a fear ("urged Russia to withdraw",
"could attack") stays what it is, flagged and not counted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from tidings.components.events.patterns import actor_like
from tidings.models import Modality
from tidings.syntax import subject_of, to_gerund

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons

# Are these two heads the same side (the same actor, or actors of one country)?
SameSide = Callable[["Token", "Token"], bool]
# Climbs from a trigger to the verb that states it.
CLIMBS = 3
# CAMEO roots whose future act without a speaker is only scheduled ('talks will be held',
# 'leaders will gather'): it stays future unless its actor announces it.
SCHEDULED_ROOTS = frozenset({"04"})


def announced_by(trigger: Token, source: Token, announcing: frozenset[str], same: SameSide) -> bool:
    """'Iran said it would close the strait', 'France will train soldiers, Macron said': the
    source (or its own side) announces its act with one of the `announcing` verbs."""
    token = trigger
    for _ in range(CLIMBS):
        if token.dep_ not in {"ccomp", "xcomp", "conj"} or token.head is token:
            return False
        token = token.head
        if token.lemma_.lower() in announcing or token.lower_ in announcing:
            speaker = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if speaker is None:
                return False
            return source.pos_ == "PRON" or source.i == speaker.i or same(speaker, source)
    return False


def _intended(trigger: Token, governors: frozenset[str]) -> bool:
    """'is preparing to attack', 'pledged to release', 'is ready to sign': a complement of a
    verb (or adjective) of intention, whose subject is the trigger's."""
    token = trigger
    for _ in range(CLIMBS):
        if to_gerund(token):
            token = token.head  # 'remains committed to expanding trade'
        elif token.dep_ not in {"xcomp", "conj"} or token.head is token:
            return False
        token = token.head
        if token.lemma_.lower() in governors or token.lower_ in governors:
            return True
    return False


def _own_future(trigger: Token, lexicons: Lexicons, source: Token, same: SameSide) -> bool:
    """'Japan will send aid', 'France will train soldiers, Macron said': the trigger's own
    future auxiliary, in a main clause or one reported by the source's side."""
    cues = lexicons.cues
    aux = (c for c in trigger.children if c.dep_ in {"aux", "auxpass"})
    if not any(c.lower_ in cues.future_aux for c in aux):
        return False
    token = trigger
    for _ in range(CLIMBS):
        if token.dep_ == "ROOT" or token.head is token:
            return True
        if token.dep_ != "ccomp":
            return False
        governor = token.head
        lemma = governor.lemma_.lower()
        if lemma not in cues.reporting_governors and lemma not in lexicons.speech.announcing:
            return False
        speaker = next((c for c in governor.children if c.dep_ == "nsubj"), None)
        return speaker is None or same(speaker, source)
    return False


def _conditions(trigger: Token, marks: frozenset[str]) -> list[tuple[Token, str]]:
    """The condition clauses of a trigger ('unless Chad holds elections') with their mark."""
    return [
        (child, mark.lower_)
        for child in trigger.children
        if child.dep_ == "advcl"
        for mark in child.children
        if mark.dep_ == "mark" and mark.lower_ in marks
    ]


def _demanded(clause: Token, source: Token, lexicons: Lexicons, same: SameSide) -> bool:
    """Is a condition something asked of another actor ('unless Chad holds elections', 'if
    Israel strikes')? A condition no actor fulfils ('if the talks fail') is none."""
    subject = subject_of(clause).actor
    if subject is None or not actor_like(subject, lexicons):
        return False
    return subject.i != source.i and not same(subject, source)


def _said_by_others(trigger: Token, source: Token, lexicons: Lexicons, same: SameSide) -> bool:
    """'Washington could impose sanctions if ..., analysts said': what others say an actor might
    do is no statement of that actor's."""
    token = trigger
    for _ in range(CLIMBS):
        if token.dep_ != "ccomp" or token.head is token:
            return False
        token = token.head
        if token.lemma_.lower() in lexicons.cues.reporting_governors:
            speaker = next((c for c in token.children if c.dep_ == "nsubj"), None)
            return speaker is not None and speaker.i != source.i and not same(speaker, source)
    return False


def leverage(
    trigger: Token, source: Token, lexicons: Lexicons, same: SameSide
) -> Literal["threat", "offer"] | None:
    """'would attack if Israel strikes', 'will withdraw unless Chad holds elections': an act
    made to hang on what another actor does is leverage on that actor. Done unless that actor
    complies, it is a threat; done if it does, an offer. Conditions no actor fulfils ('if the
    talks fail'), and what others say an actor might do, are neither."""
    words = lexicons.event_words
    found = _conditions(trigger, words.conditions)
    if not found or _said_by_others(trigger, source, lexicons, same):
        return None
    for clause, mark in found:
        if not _demanded(clause, source, lexicons, same):
            continue
        negated = any(c.dep_ == "neg" for c in clause.children)
        return "threat" if (mark in words.unless_marks) != negated else "offer"
    return None


def statement(
    trigger: Token,
    source: Token | None,
    code: str,
    mood: Modality,
    lexicons: Lexicons,
    same: SameSide,
) -> tuple[str, Modality]:
    """(code, modality) of an event: a future or possible act its source announces becomes one
    statement, asserted: a threat when the act is hostile, else an intent (a refusal or a
    demand announced is itself that act). Anything else keeps its code and modality."""
    if mood not in {"future", "hypothetical"} or source is None:
        return code, mood
    recode = lexicons.patterns.recode
    threat = recode(code, "threat")
    if announced_by(trigger, source, lexicons.speech.announcing, same) or _intended(
        trigger, lexicons.cues.intent_governors
    ):
        stated = True
    elif _own_future(trigger, lexicons, source, same):
        stated = code[:2] not in SCHEDULED_ROOTS
    else:
        stated = False
    lever = leverage(trigger, source, lexicons, same)
    if threat is None and lever == "threat":
        # 'will withdraw its peacekeepers unless Chad holds elections': what is withheld unless
        # the other side complies is a threat, whatever the act.
        threat = recode(code, "leverage")
    if not (stated or lever):
        return code, mood
    if threat:
        return threat, "asserted"
    return recode(code, "intent") or code, "asserted"
