"""Which matched triggers are events of their own: not what a speech act says, not a name
given, not part of a matched verb's phrase, not how an event of the same kind went."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from tidings.components.events.patterns import Pattern

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons
    from tidings.lexicons.words import EventWords

# Events whose content is another event: what they ask, offer, demand, refuse, threaten or
# criticise is part of them, not a second event ("rejected an appeal to lay down arms").
SPEECH_ACT_ROOTS = {"02", "03", "10", "11", "12", "13"}
# Disapproval: what it is about has happened ('condemned the attack').
DEPLORING_ROOTS = {"11"}
CONTENT_DEPS = {"xcomp", "ccomp", "acl", "relcl", "dobj", "pobj", "prep", "pcomp", "conj", "advcl"}
# A complement of these deps under a coded trigger is part of that event ("call on X to send").
SWALLOWED = {"xcomp"}

Matched = dict[int, tuple[Pattern, "Token | None"]]


def standing(
    trigger: Token,
    pattern: Pattern,
    matched: Matched,
    lexicons: Lexicons,
    plover: Callable[[str], str],
) -> Literal["own", "deplored"] | None:
    """None when the matched trigger is no event of its own; "deplored" when it is an act a
    disapproval names as what it is about (done, with its own doer); else "own"."""
    words = lexicons.event_words
    separate = words.separate_marks
    if trigger.dep_ in SWALLOWED and trigger.head.i in matched:
        return None
    if pattern.noun and trigger.dep_ == "oprd":
        return None  # 'called the tactic a hybrid attack': a name given, not an act
    if naming(trigger, words) or withheld(trigger, pattern, words) or fate(trigger, pattern, words):
        return None
    if charged(trigger, words):
        return None
    done = deplored(trigger, pattern, matched, lexicons.country_forms)
    if pattern.noun and not done and inside_matched(trigger, matched, separate):
        return None
    if elaborates(trigger, pattern, matched, plover):
        return None
    if not done and said_within(trigger, pattern, matched, separate, words.permission_verbs):
        return None
    return "deplored" if done else "own"


def said_within(
    trigger: Token,
    pattern: Pattern,
    matched: Matched,
    separate_marks: frozenset[str],
    permitting: frozenset[str] = frozenset(),
) -> bool:
    """Whether the trigger is what a matched speech act says, or what a matched permission (a
    verb of `permitting`) permits: no event of its own. An adverbial clause opened by one of
    `separate_marks` ('..., as an envoy held talks') is a separate happening."""
    token = trigger
    for _ in range(5):
        if token.dep_ not in CONTENT_DEPS or token.head is token:
            return False
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in separate_marks for c in token.children
        ):
            return False
        if accompanying(token):
            # 'demanded a recount, alleging fraud': a second act, not the content; but what
            # protesters demand is their protest's ('marched, demanding reforms').
            return protest_demand(pattern, matched.get(token.head.i))
        if token.dep_ == "conj" and token.head.i in matched:
            return False
        if token.dep_ == "prep" and token.lower_ in separate_marks:
            return False  # 'appealed for air defences after a night of Russian attacks'
        token = token.head
        found = matched.get(token.i)
        if found and found[0].code[:2] in SPEECH_ACT_ROOTS:
            return True
        if found and token.lemma_.lower() in permitting:
            return True  # 'allowed the opposition to hold a rally': the rally is permitted
        # 'blocked roads to press their demands': what protesters demand is their protest's.
        if protest_demand(pattern, found):
            return True
    return False


def deplored(
    trigger: Token,
    pattern: Pattern,
    matched: Matched,
    forms: Mapping[str, Any],
) -> bool:
    """An event noun that a disapproval names as what it is about, with its doer ('condemned
    the detention of the president by the guard', 'denounced Russia's annexation'): an act that
    was done, not content of what was said. Without a doer of its own ('condemned the attacks')
    it refers to an act told elsewhere."""
    found = matched.get(trigger.head.i)
    return (
        pattern.noun
        and found is not None
        and found[0].code[:2] in DEPLORING_ROOTS
        and trigger.dep_ in {"dobj", "nsubjpass"}
        # 'lodged a protest': the noun the disapproval's own pattern names is that act.
        and not any(trigger.lemma_.lower() in words for words in found[0].requires)
        and (
            doer(trigger) is not None
            or any(
                (c.dep_ == "poss" and c.pos_ != "PRON")
                or (c.dep_ in {"amod", "compound", "nmod"} and c.text in forms)
                for c in trigger.children
            )
        )
    )


def doer(noun: Token) -> Token | None:
    """The by-agent of an event noun, also where the parser hangs it on the noun's of-object
    or on the active verb whose object the noun is ('condemned the detention of X by the
    guard')."""
    passive = any(c.dep_ == "auxpass" for c in noun.head.children)
    holders = [noun] if passive else [noun, noun.head]
    holders.extend(g for c in noun.children if c.lower_ == "of" for g in c.children)
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ in {"prep", "agent"} and prep.lower_ == "by":
                return next((g for g in prep.children if g.dep_ == "pobj"), None)
    return None


def protest_demand(pattern: Pattern, found: tuple[Pattern, Token | None] | None) -> bool:
    """Is the pattern an appeal or demand that a matched protest makes?"""
    return found is not None and found[0].code[:2] == "14" and pattern.code[:2] in {"02", "10"}


def accompanying(token: Token) -> bool:
    """A participle clause with no subordinator that hangs on a verb ('rejected the calls,
    vowing to fight on'; 'demanded a recount, alleging fraud'): what its actor does besides,
    not what the verb says."""
    return (
        token.dep_ == "advcl"
        and token.tag_ == "VBG"
        and not any(c.dep_ in {"mark", "nsubj"} for c in token.children)
    )


def elaborates(
    trigger: Token,
    pattern: Pattern,
    matched: Matched,
    plover: Callable[[str], str],
) -> bool:
    """ "rioted, setting fire to mattresses", "struck the village, killing dozens", "opened fire
    to disperse the crowd": a participle or purpose clause saying how (or what for) an event of
    the same kind went is part of that event, not another one."""
    if venue_of(trigger, pattern, matched, plover):
        return True
    if trigger.dep_ != "advcl":
        return False
    head = trigger.head
    if head.i not in matched:
        # 'announced the repeal of the laws, bowing to pressure': the event noun the verb
        # carries out is the event the clause goes with.
        head = next((c for c in head.children if c.dep_ == "dobj" and c.i in matched), head)
    if head.i not in matched:
        return False
    head_code = matched[head.i][0].code
    if trigger.tag_ == "VBG" and head_code[:2] == pattern.code[:2]:
        return True
    participle = trigger.tag_ == "VBG" and not any(c.dep_ == "mark" for c in trigger.children)
    purpose = any(c.dep_ == "aux" and c.tag_ == "TO" for c in trigger.children)
    return (participle or purpose) and plover(head_code) == plover(pattern.code) != ""


def venue_of(
    trigger: Token,
    pattern: Pattern,
    matched: Matched,
    plover: Callable[[str], str],
) -> bool:
    """'held a meeting with Obama at a lunch hosted by the ambassador': a participle that tells
    who gave the occasion where an event of the same kind took place is part of that event."""
    noun = trigger.head
    if trigger.dep_ != "acl" or trigger.tag_ != "VBN" or noun.i in matched:
        return False
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.i not in matched:
        return False
    return plover(matched[prep.head.i][0].code) == plover(pattern.code) != ""


def inside_matched(noun: Token, matched: dict[int, Any], separate: frozenset[str]) -> bool:
    """An event noun that is already part of a matched verb's phrase ("increased exercises"),
    also through the counting noun that is the verb's object ("host a new round of talks"); one
    in a phrase that tells a separate happening ("urged ... during talks") is not."""
    head = noun.head
    if head.dep_ == "prep":
        if head.lower_ in separate:
            return False
        head = head.head
    if head.i in matched and head.i != noun.i:
        return True
    counting = noun.head.dep_ == "prep" and noun.head.lower_ == "of" and head.dep_ == "dobj"
    return counting and head.head.i in matched


def charged(trigger: Token, words: EventWords) -> bool:
    """'was arrested for collaborating with Israel', 'charging its neighbour with supporting
    dissidents': a gerund that names what an actor is accused, arrested or punished for is the
    charge, not an act the text asserts."""
    prep = trigger.head
    return (
        trigger.tag_ == "VBG"
        and trigger.dep_ == "pcomp"
        and prep.dep_ == "prep"
        and prep.lower_ in words.charge_preps
        and prep.head.lemma_.lower() in words.charge_verbs
    )


def naming(trigger: Token, words: EventWords) -> bool:
    """'called the agreement a victory for both peoples': a naming verb with an object
    predicate says what its object is; the phrases of that predicate are not the verb's."""
    return trigger.lemma_.lower() in words.naming_verbs and any(
        c.dep_ == "oprd" for c in trigger.children
    )


def withheld(trigger: Token, pattern: Pattern, words: EventWords) -> bool:
    """'declined to give his surname': what is refused is telling something, not an act."""
    if pattern.code[:2] not in words.withheld_roots:
        return False
    refused = [c for c in trigger.children if c.dep_ == "xcomp"]
    return any(
        o.dep_ in {"dobj", "pobj"} and o.lemma_.lower() in words.withheld_nouns
        for verb in refused
        for o in verb.subtree
    )


def fate(trigger: Token, pattern: Pattern, words: EventWords) -> bool:
    """'It must bear the consequences,' she said: what must befall a party is no demand on it."""
    if pattern.code[:2] not in words.fate_roots:
        return False
    return any(
        c.dep_ in {"ccomp", "parataxis"}
        and c.lemma_.lower() in words.fate_verbs
        and any(a.lower_ == "must" for a in c.children)
        for c in trigger.children
    )
