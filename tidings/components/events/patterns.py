"""Event patterns matched against a dependency parse (the grammar: tidings.lexicons.patterns)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.lexicons.patterns import Pattern, PatternError, compile_pattern
from tidings.syntax import by_objects, object_antecedent, to_gerund

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons

__all__ = [
    "COMPLEMENT_DEPS",
    "Pattern",
    "PatternError",
    "actor_like",
    "compile_pattern",
    "inside_name",
    "match",
]

COMPLEMENT_DEPS = {"xcomp", "ccomp", "advcl", "acl"}
# Prepositions of an object whose noun says what the object is, is for or is set on ('set a
# tram on fire').
OBJECT_PREPS = {"of", "for", "on"}


def _near(trigger: Token, particles: frozenset[str] = frozenset()) -> list[Token]:
    """Children, and children of the trigger's object and prepositions (where parsers put them),
    and of an adverb that is its particle ('pulled back from positions')."""
    children = list(trigger.children)
    near = list(children)
    for child in children:
        if child.dep_ == "advmod" and child.lower_ in particles:
            near.extend(g for g in child.children if g.dep_ == "prep")
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
                # 'used chloropicrin, a chemical agent': the apposition says what it is.
                near.extend(g for a in child.children if a.dep_ == "appos" for g in a.children)
                # "held three days of negotiations", "asked donors for food aid": the noun of
                # a phrase of the object; "set buses and a tram on fire": of an object joined
                # to it.
                near.extend(_prep_objects(child))
                for joined in (c for c in child.children if c.dep_ == "conj"):
                    near.extend(joined.children)
                    near.extend(_prep_objects(joined))
            if child.dep_ in {"xcomp", "ccomp"}:
                # 'allowed aid trucks to enter': the words of the complement's subject.
                near.extend(g for c in child.children if c.dep_ == "nsubj" for g in c.children)
    return near


def _prep_objects(head: Token) -> list[Token]:
    """The objects of the prepositions of an object that say what it is or is asked for ('days
    of negotiations', 'donors for aid'), with the nouns compounded with them."""
    objects = [
        pobj
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ in OBJECT_PREPS
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    ]
    # 'ten days of war games', 'part of a military aid programme': the nouns that say which.
    return objects + [c for o in objects for c in o.children if c.dep_ == "compound"]


def target_of(
    trigger: Token, pattern: Pattern, near: list[Token], lexicons: Lexicons
) -> Token | bool | None:
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
            # 'demanded that the Philippines remove a warship from the shoal': a preposition of
            # the clause complement is the complement's, not the trigger's.
            # Nor is one of a predicative noun ('calling the tactic an attack on the EU').
            and (token.head.i == trigger.i or token.head.dep_ not in {"ccomp", "xcomp", "oprd"})
            for pobj in token.children
            if pobj.dep_ == "pobj" and pobj.ent_type_ not in {"DATE", "TIME"}
        ]
        if candidates or not _particle(trigger, pattern.target_preps, lexicons):
            return next(
                (c for c in candidates if actor_like(c, lexicons)),
                candidates[0] if candidates else False,
            )
        # 'gun down {T}', 'turn back {T}': the word before the slot is the verb's particle
        # here, and the target its object ('was gunned down', 'turned back two planes').
    elif not pattern.target:
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
    if objects:
        return objects[0]
    if pattern.complement is not None:
        # 'wants Iran to halt enrichment': the parser makes Iran the subject of the complement.
        for child in trigger.children:
            if child.dep_ in COMPLEMENT_DEPS and any(g.tag_ == "TO" for g in child.children):
                subject = next((g for g in child.children if g.dep_ == "nsubj"), None)
                # Only a name or a role: "to allow Haiti's elections to take place" names none.
                if subject is None:
                    return False
                named = (
                    subject.pos_ in {"PROPN", "PRON"} or subject.lemma_.lower() in lexicons.roles
                )
                if named and actor_like(subject, lexicons):
                    return subject
                # 'allow staff of the U.N. office to return': whose staff.
                inner = counted(subject, lexicons)
                return inner if inner is not subject and actor_like(inner, lexicons) else False
    return False


def _particle(trigger: Token, words: frozenset[str], lexicons: Lexicons) -> bool:
    """Does the trigger have one of these words as its particle (or as an adverb the parser
    put where a particle belongs)?"""
    adverbs = lexicons.event_words.particle_adverbs
    return any(
        c.lower_ in words and (c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in adverbs))
        for c in trigger.children
    )


def _has_clause(trigger: Token) -> bool:
    """A finite clause complement: 'warned that Russia would retaliate'."""
    return any(
        child.dep_ == "ccomp" and not any(g.tag_ == "TO" for g in child.children)
        for child in trigger.children
    )


def inside_name(token: Token) -> bool:
    """A word of a proper name that is not its last ('Strike' in 'the Strike Relief Fund',
    'Attack' in 'the Attack Helicopter Unit', 'Protect' in 'the Committee to Protect
    Journalists'): part of what a body or a place is called."""
    if _within_organization(token):
        return True  # 'Protect' in 'the Committee to Protect Journalists'
    if token.pos_ != "PROPN" or token.dep_ != "compound":
        return False
    return token.head.pos_ == "PROPN" and token.head.i > token.i


def _within_organization(token: Token) -> bool:
    """A capitalised word inside (neither first nor last of) an organisation's name."""
    doc = token.doc
    return (
        token.ent_type_ == "ORG"
        and token.ent_iob_ == "I"
        and token.is_title
        and token.i + 1 < len(doc)
        and doc[token.i + 1].ent_iob_ == "I"
    )


def bare_number(head: Token) -> bool:
    """'arrested 30', 'killing 12', '30 were detained': a number standing alone as an argument
    of a verb counts people (an amount of money, a share or a measure does not)."""
    return (
        head.like_num
        and head.ent_type_ in {"", "CARDINAL"}
        and head.dep_ in {"dobj", "nsubjpass", "nsubj"}
        and head.head.pos_ == "VERB"
        # '15 of them', '212 of the 350 seats': the of-phrase says what is counted.
        and not any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
    )


def actor_like(head: Token, lexicons: Lexicons) -> bool:
    """Could this noun phrase head name an actor (a person, group, body or country)?"""
    if bare_number(head):
        return True  # 'arrested 30', 'killing 12': a bare number of an event counts people
    if head.ent_type_ in {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"}:
        return False
    if head.pos_ in {"PROPN", "PRON"} or head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}:
        return head.lower_ not in lexicons.event_words.not_actors
    roles = lexicons.roles
    if head.lemma_.lower() in roles or head.lower_ in roles:
        return True
    # 'two police officers': a role named by the words before the head.
    words = [head.lower_]
    for child in sorted(head.lefts, key=lambda t: -t.i):
        if child.dep_ not in {"compound", "amod"} or child.i != head.i - len(words):
            break
        words.insert(0, child.lower_)
        if " ".join(words) in roles:
            return True
    forms = lexicons.country_forms
    orgs = lexicons.organization_forms
    return any(
        t.text in forms or t.text in orgs or t.ent_type_ in {"ORG", "NORP"}
        for t in head.lefts
        if t.dep_ in {"amod", "compound", "poss", "nmod"}
    )


def counted(head: Token, lexicons: Lexicons, depth: int = 2) -> Token:
    """The actor inside a phrase that is not one: 'scores of refugees' (the people counted),
    'tens of thousands of people' (counted twice over), 'support for Georgia's sovereignty'
    (whose sovereignty)."""
    if actor_like(head, lexicons):
        return head
    # Only a count word ('tens of thousands of') is looked through twice.
    deeper = depth > 1 and (head.like_num or head.ent_type_ in {"CARDINAL", "QUANTITY"})
    plain = lexicons.actor_words.plain_people
    # 'an investigation into the execution of a soldier by Russian troops': an act aimed at
    # another act is aimed at whoever did it.
    for pobj in by_objects(head):
        if actor_like(pobj, lexicons):
            return pobj
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                inner = counted(pobj, lexicons, depth - 1) if deeper else pobj
                if actor_like(inner, lexicons) or inner.lemma_.lower() in plain:
                    return inner
        if child.dep_ == "poss" and child.pos_ == "PROPN" and actor_like(child, lexicons):
            return child
    return head


def _complement_verbs(near: list[Token]) -> list[str]:
    """The lemmas of the verb complements ("to send", an xcomp) among the near tokens."""
    verbs = []
    for child in near:
        infinitive = child.dep_ == "xcomp" or any(g.tag_ == "TO" for g in child.children)
        # 'gave the envoy 72 hours to leave': an infinitive the parser hangs on the object.
        complement = child.dep_ in COMPLEMENT_DEPS or child.dep_ == "relcl"
        # 'is committed to opening up': a gerund after 'to' says what is undertaken.
        if (infinitive and complement and child.pos_ in {"VERB", "AUX"}) or to_gerund(child):
            verbs.append(child.lemma_.lower())
    return verbs


def _actor_phrase(trigger: Token, lexicons: Lexicons) -> set[int]:
    """The tokens of the trigger's own subject or by-agent phrase, when it names an actor
    ('negotiations resumed' names the event, not who holds it)."""
    heads = [c for c in trigger.children if c.dep_ in {"nsubj", "csubj"}]
    heads.extend(g for c in trigger.children if c.dep_ == "agent" for g in c.children)
    return {t.i for h in heads if actor_like(h, lexicons) for t in h.subtree}


def _clause_verb(token: Token) -> bool:
    """A verb that heads a clause of its own ('sent soldiers to help', 'could be forced to';
    not 'imposed asset freezes', a plural noun the tagger took for a verb)."""
    return token.pos_ == "VERB" and token.tag_ in CLAUSE_TAGS and token.dep_ in CLAUSE_DEPS


# Relations of a verb that heads a clause of its own under the trigger.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl"})
# The base form, past tense and participle: a present 'freezes' or 'bans' may be a noun.
CLAUSE_TAGS = frozenset({"VB", "VBD", "VBN"})


def match(
    trigger: Token, patterns: tuple[Pattern, ...], lexicons: Lexicons
) -> tuple[Pattern, Token | None] | None:
    """The most specific pattern whose constraints the parse meets, with its target head."""
    adverbs = lexicons.event_words.particle_adverbs
    near = _near(trigger, adverbs)
    # A required word inside a name ('launched the Strike Relief Fund') is no event word, nor is
    # one in the phrase of the actor itself ('militants killed' is no 'kill +militant').
    own = _actor_phrase(trigger, lexicons)
    # Nor is the name of a month or day ('in March' is no 'march'; 'gave him 48 hours' keeps
    # its hours).
    words = [
        t
        for t in near
        if not inside_name(t) and t.i not in own and not (t.ent_type_ == "DATE" and t.is_title)
    ]
    # Required words name things ('warned of retaliation', 'threatened force'): a verb is a
    # clause of its own ('warned it could be forced to suspend aid', 'sent troops to help').
    lemmas = {t.lemma_.lower() for t in words if not _clause_verb(t)}
    lemmas |= {t.lower_ for t in words if not _clause_verb(t)}
    particles = {t.lower_ for t in near if t.dep_ in {"prep", "prt", "agent"}}
    particles.update(
        t.lower_ for t in trigger.children if t.dep_ == "advmod" and t.lower_ in adverbs
    )
    is_noun = trigger.pos_ in {"NOUN", "PROPN"}
    complements: list[str] | None = None  # read only for patterns that want a complement
    for pattern in patterns:
        if pattern.noun != is_noun:
            continue
        if not all(words & lemmas for words in pattern.requires):
            continue
        if not all(not words.isdisjoint(particles) for words in pattern.particles):
            continue
        if pattern.clause and not _has_clause(trigger):
            continue
        if pattern.complement is not None:
            if complements is None:
                complements = _complement_verbs(near)
            wanted = pattern.complement
            if not any(not wanted or lemma in wanted for lemma in complements):
                continue
        target = target_of(trigger, pattern, near, lexicons)
        if target is False:
            continue
        if isinstance(target, bool) or target is None:
            return pattern, None
        if target.lower_ in lexicons.actor_words.pronouns and target.pos_ == "PRON":
            # 'expelled three diplomats, accusing them of spying': whom the pronoun points to.
            target = object_antecedent(target) or target
        target = counted(target, lexicons)
        if not actor_like(target, lexicons):
            if not pattern.any_object:
                continue
            return pattern, None
        return pattern, target
    return None
