"""Who acts on whom: the source and target heads of a trigger in the parse, and completing a
dyad whose domestic actor was named without a country."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace as dataclass_replace
from typing import TYPE_CHECKING

from tidings.components.events.patterns import actor_like, counted
from tidings.models import Actor
from tidings.syntax import by_objects, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons


def noun_source(trigger: Token, lexicons: Lexicons, meeting: bool = False) -> Token | None:
    """The source of an event noun: its by-agent or possessor, else the subject of the verb
    that carries it out ('Italy announced a suspension of air links'), or of the verb it is
    the occasion of when it is a `meeting` ('urged China's premier during a call')."""
    for child in trigger.children:
        if (
            child.dep_ == "poss"
            and child.pos_ != "PRON"
            and child.ent_type_ not in {"DATE", "TIME"}
        ):
            return child
        if child.dep_ == "prep" and child.lower_ == "by":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    forms = lexicons.country_forms
    for child in trigger.children:
        # 'Palestinian riots', 'US air strikes': a nationality on the event noun is its actor.
        if child.dep_ in {"amod", "compound", "nmod"} and child.text in forms:
            return child
    # 'families fleeing fighting': who flees an event noun does not carry it out.
    if (
        trigger.dep_ in {"dobj", "attr"}
        and trigger.head.pos_ == "VERB"
        and trigger.head.dep_ != "acl"
    ):
        subject = subject_of(trigger.head).actor
        return subject
    # 'arrived in Bamako for two days of talks': whoever came for them holds them.
    token = trigger
    through = lexicons.event_words.event_noun
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ in through:
        prep, token = token.head, token.head.head
        if token.pos_ == "VERB":
            # 'urged X during a visit', 'retook the village after fighting with guerrillas': who
            # urged made the visit, who retook it fought; not 'during the protests'.
            together = any(c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children)
            holds = prep.lower_ == "for" or (prep.lower_ != "of" and (meeting or together))
            return subject_of(token).actor if holds else None
    return None


def occasion_target(trigger: Token, lexicons: Lexicons) -> Token | None:
    """'urged China's premier during a telephone call', 'In a call, Turkey's president told
    Sweden's prime minister': an event noun that is the occasion of a verb is aimed at the
    verb's object."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ == "of":
        return None
    if prep.lower_ not in lexicons.event_words.event_noun or prep.head.pos_ != "VERB":
        return None
    return next(
        (c for c in prep.head.children if c.dep_ in {"dobj", "dative"} and actor_like(c, lexicons)),
        None,
    )


def event_noun_agent(head: Token, lexicons: Lexicons) -> Token:
    """'condemned the sending of troops by the US' aims at the US, not at 'the sending'."""
    patterns = lexicons.patterns.by_trigger.get(head.lemma_.lower(), ())
    if head.pos_ == "NOUN" and any(p.noun for p in patterns):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                agent = next((g for g in child.children if g.dep_ == "pobj"), None)
                if agent is not None:
                    return agent
            if child.dep_ == "poss" and child.pos_ != "PRON" and child.ent_type_ != "DATE":
                return child
    return head


def _named_in(noun: Token, lexicons: Lexicons) -> Token | None:
    """An actor a modifier of a noun names: 'an Indian proposal', 'Russia's plan', 'a
    Marshall Islands-flagged tanker'."""
    for child in noun.children:
        # 'their defence budget' is the subject's own, not a target.
        if child.pos_ == "PRON":
            continue
        # 'joint military exercises': a sector word describes the object, it names nobody.
        named = child.pos_ == "PROPN" or child.ent_type_ in {"NORP", "GPE", "ORG"}
        if (
            child.dep_ in {"poss", "compound", "amod", "nmod"}
            and (named or child.dep_ == "poss")
            and actor_like(child, lexicons)
        ):
            return child
        # the name inside a participle that modifies the noun ('Marshall Islands-flagged')
        if child.dep_ == "amod" and child.pos_ in {"VERB", "ADJ"}:
            inside = next((g for g in child.children if _named_actor(g, lexicons)), None)
            if inside is not None:
                return inside
    return None


def _actor_in_phrase(
    noun: Token, lexicons: Lexicons, depth: int = 2, agents: bool = True
) -> Token | None:
    """An actor named inside an object phrase: 'an Indian proposal', 'calls by Belarus', 'its
    consent for the United Nations mission' (through a phrase that names nobody, once); with
    `agents`, the doer a participle names ('crimes committed by Croat forces'; not in 'held
    talks mediated by the AU', whose mediator is no party)."""
    found = _named_in(noun, lexicons)
    if found is not None:
        return found
    for child in noun.children:
        if child.dep_ in {"prep", "agent"} and child.lower_ in lexicons.event_words.in_phrase:
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if actor_like(pobj, lexicons) or _known_name(pobj, lexicons):
                return pobj
            inner = _actor_in_phrase(pobj, lexicons, depth - 1, agents) if depth > 1 else None
            if inner is not None:
                return inner
    return participle_agent(noun, lexicons) if agents else None


def participle_agent(noun: Token, lexicons: Lexicons) -> Token | None:
    """Who a passive participle qualifying a noun names as its doer: 'crimes committed by
    Croat forces', 'a car bomb claimed by al Shabaab', 'talks mediated by China'."""
    for participle in noun.children:
        if participle.dep_ != "acl" or participle.tag_ != "VBN":
            continue
        for pobj in by_objects(participle, AGENT):
            if actor_like(pobj, lexicons):
                return pobj
    return None


def held_by(noun: Token, lexicons: Lexicons) -> Token | None:
    """Who holds an event noun: the parties between whom it is, else its source ('held
    three days of negotiations': whoever held them, also through the counting noun)."""
    parties = between(noun)
    if parties is not None:
        return parties
    found = noun_source(noun, lexicons, meeting=True)
    if found is not None:
        return found
    prep = noun.head
    if noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.dep_ == "dobj":
        return subject_of(prep.head.head).actor if prep.head.head.pos_ == "VERB" else None
    return None


def moved_forces(trigger: Token, lexicons: Lexicons) -> Token | None:
    """'Russian troops were stationed in Belarus', 'more soldiers were deployed to the border':
    forces a passive without an agent moves are moved by their own side, so they stand for
    the source."""
    subject = subject_of(trigger)
    patient = subject.patient
    if subject.actor is not None or patient is None or patient.i == trigger.head.i:
        return None
    patient = counted(patient, lexicons)  # 'thousands of troops'
    roles = lexicons.roles
    role = roles.get(patient.lemma_.lower()) or roles.get(patient.lower_)
    return (
        patient if role is not None and role.sector in lexicons.event_words.force_sectors else None
    )


def _known_name(token: Token, lexicons: Lexicons) -> bool:
    """A body's or a country's name the tagger took for a common noun ('from ECOWAS')."""
    return token.text in lexicons.organization_forms or token.text in lexicons.country_forms


def _named_actor(token: Token, lexicons: Lexicons) -> bool:
    named = token.pos_ == "PROPN" or token.ent_type_ in {"NORP", "GPE", "ORG", "LOC"}
    return token.dep_ in NAME_DEPS and named and actor_like(token, lexicons)


NAME_DEPS = {"npadvmod", "compound", "nmod", "poss", "amod"}
# The by-phrase of a passive, and one the parser hung on a verb as a plain preposition.
AGENT = frozenset({"agent"})
PREP = frozenset({"prep"})


def _object_agent(verb: Token, lexicons: Lexicons) -> Token | None:
    """'rejected a proposal by France': a by-phrase the parser hung on an active verb after its
    object is the object's agent (a passive's is an 'agent', not a 'prep')."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if not objects:
        return None
    for pobj in by_objects(verb, PREP):
        if pobj.head.i > objects[0].i and actor_like(pobj, lexicons):
            return pobj
    return None


def complained_of(trigger: Token, lexicons: Lexicons) -> Token | None:
    """What a complaint is about, when it names who did it: 'about Russia', 'over Turkish
    drilling', 'about the shelling by Russian forces' (not 'over the detention of a Japanese
    businessman', whose businessman is no doer)."""
    words = lexicons.event_words
    # (the parser may hang the phrase on the addressee: 'complained to the Council about X')
    holders = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    holders.extend(g for c in trigger.children if c.dep_ == "prep" for g in c.children)
    for prep in (c for h in holders for c in h.children):
        if prep.dep_ != "prep" or prep.lower_ not in words.complaint_preps:
            continue
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            if actor_like(pobj, lexicons):
                return pobj
            doer = noun_source(pobj, lexicons)
            if doer is not None and doer.i > prep.i and actor_like(doer, lexicons):
                return doer
    return None


def between(noun: Token) -> Token | None:
    """The first of the parties an event noun is between ('talks between Russia and Ukraine'),
    also through a counting noun ('a round of negotiations between the government and the
    opposition'); its conjuncts are the others."""
    nouns = [noun]
    nouns.extend(
        pobj
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj"
    )
    for holder in nouns:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "between":
                pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return None


def _same(token: Token, other: Token | None) -> bool:
    # spaCy makes a new Token object at each access: the same word is the same index.
    return other is not None and token.i == other.i


def implicit_target(
    trigger: Token,
    source: Token | None,
    lexicons: Lexicons,
    hostile: bool = True,
    located: bool = True,
    violent: bool = False,
) -> Token | None:
    """A target the pattern did not name: in the complement ('threatened to break relations
    with Russia'), in a preposition of the trigger, or inside its object phrase; for a
    `hostile` event, else the place it happens in (if `located`). Joint work ('a joint
    operation against militants') is not aimed at the side it works against, nor at its
    venue. A `violent` act is not aimed at where it came from ('attacked the post from
    Afghanistan'; 'kidnapped missionaries from a charity' names whose they are)."""
    words = lexicons.event_words
    preps = words.target if hostile else words.friendly_target
    origins = words.violent_origins if violent else frozenset()
    places = [trigger, *(c for c in trigger.children if c.dep_ in {"xcomp", "ccomp"})]
    for verb in places:
        # 'hosted talks between the government and the rebels': the parties, not the venue.
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            parties = between(obj)
            if parties is not None and actor_like(parties, lexicons):
                return parties
    for verb in places:
        # 'threatened to stop talks if the US goes ahead': aimed at the condition's actor.
        for clause in (c for c in verb.children if c.dep_ == "advcl"):
            if any(g.dep_ == "mark" and g.lower_ in words.conditions for g in clause.children):
                subject = next((g for g in clause.children if g.dep_ == "nsubj"), None)
                if subject is None or _same(subject, source):
                    continue
                if actor_like(subject, lexicons):
                    return subject
    for verb in places[1:]:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is not None and not _same(subject, source) and actor_like(subject, lexicons):
            return subject
    for obj in (c for c in trigger.children if c.dep_ == "dobj" and not _same(c, source)):
        # 'allowed a United Nations convoy into Tigray': whose the object is comes before
        # where it goes.
        found = _named_in(obj, lexicons)
        if found is not None:
            return found
    for verb in places:
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        for child in [*verb.children, *(g for o in objects for g in o.children)]:
            if (
                child.dep_ in {"dobj", "dative"}
                and verb is not trigger
                and actor_like(child, lexicons)
            ):
                return child
            if child.dep_ == "prep" and child.lower_ in preps and child.i > trigger.i:
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is None or pobj.ent_type_ == "DATE":
                    continue
                if child.lower_ in origins and _whence(pobj, lexicons):
                    continue
                if actor_like(pobj, lexicons):
                    return pobj
                # 'against the government's plan', 'to areas of eastern Libya': whose it is.
                inside = _actor_in_phrase(pobj, lexicons, agents=hostile)
                if inside is not None:
                    return inside
    # 'rejected a proposal by France', 'refused to receive a delegation from ECOWAS': an object
    # that names nobody is aimed at whoever its phrase names.
    for verb in places:
        found = _object_agent(verb, lexicons)
        if found is not None:
            return found
        for child in verb.children:
            if child.dep_ in {"dobj", "nsubjpass"} and not _same(child, source):
                found = _actor_in_phrase(child, lexicons, agents=hostile)
                if found is not None:
                    return found
    found = _shared_object(trigger, source, lexicons) or _sent_to(trigger, lexicons)
    if found is not None:
        return found
    found = purpose_target(trigger, source, lexicons)
    if found is not None or not hostile or not located:
        return found
    return _location_target(trigger, lexicons)


def _shared_object(trigger: Token, source: Token | None, lexicons: Lexicons) -> Token | None:
    """'ordered him held in custody and refused bail', 'arrested the journalist and seized his
    laptops': a verb conjoined after another, whose own object names nobody, acts on the
    other's object."""
    if trigger.dep_ != "conj" or trigger.head.pos_ != "VERB":
        return None
    if not any(c.dep_ == "dobj" for c in trigger.children):
        return None
    return next(
        (
            shared
            for shared in trigger.head.children
            if shared.dep_ in {"dobj", "nsubjpass"}
            and shared.i < trigger.i
            and not _same(shared, source)
            and actor_like(shared, lexicons)
        ),
        None,
    )


def _sent_to(trigger: Token, lexicons: Lexicons) -> Token | None:
    """'sent personnel to Bosnia to investigate', 'flew envoys to Khartoum to mediate': the act
    a purpose clause names is done to whoever is where the verb it is the purpose of sends."""
    verb = trigger.head
    if trigger.dep_ not in {"advcl", "xcomp"} or verb.pos_ != "VERB" or verb is trigger:
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children):
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i < trigger.i):
        if prep.lower_ in lexicons.event_words.destination:
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is not None and actor_like(pobj, lexicons):
                return pobj
    return None


def _whence(pobj: Token, lexicons: Lexicons) -> bool:
    """Does a from-phrase say where from ('from Gaza', 'from the direction of Afghanistan'),
    not whose ('from a U.S.-based charity')?"""
    return pobj.ent_type_ in {"GPE", "LOC"} or not actor_like(pobj, lexicons)


PURPOSE_DEPS = {"advcl", "xcomp", "acl", "prep"}
ACTOR_SLOTS = {"pobj", "dobj", "poss", "nsubj", "amod", "compound"}


def purpose_target(trigger: Token, source: Token | None, lexicons: Lexicons) -> Token | None:
    """'demonstrated calling for independence from Iraq', 'began a hunger strike to demand the
    return of property seized by government forces': whom the action is meant to move."""
    own = set() if source is None else {t.i for t in source.subtree}
    holders = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    for clause in (c for h in holders for c in h.children if c.dep_ in PURPOSE_DEPS):
        if clause.dep_ == "prep" and not any(g.dep_ == "pcomp" for g in clause.children):
            # 'mobilized reservists for a war against Iraq': whom the act it readies for is
            # against.
            against = _against(clause, lexicons) if clause.lower_ == "for" else None
            if against is not None:
                return against
            continue
        # 'if war starts in Iraq', 'after talks failed': conditions and times are not purposes.
        if any(g.dep_ == "mark" for g in clause.children):
            continue
        for token in clause.subtree:
            if token.i in own or token.pos_ == "PRON" or token.dep_ not in ACTOR_SLOTS:
                continue
            if token.dep_ == "pobj" and token.head.lower_ in lexicons.event_words.locative:
                continue  # 'agreed to meet in Brussels': where, not whom
            if actor_like(token, lexicons) and token.ent_type_ not in {"DATE", "TIME"}:
                return token
    return None


def _against(prep: Token, lexicons: Lexicons) -> Token | None:
    """The actor a hostile act named in a phrase is against ('for a war against Iraq')."""
    for pobj in (g for g in prep.children if g.dep_ == "pobj"):
        for inner in pobj.children:
            if inner.dep_ == "prep" and inner.lower_ in lexicons.event_words.hostile_only:
                found = next((g for g in inner.children if g.dep_ == "pobj"), None)
                if found is not None and actor_like(found, lexicons):
                    return found
    return None


def _location_target(trigger: Token, lexicons: Lexicons) -> Token | None:
    """Where nobody is named, the event is aimed at the place it happens in ('imposed a curfew
    in Cizre in southeastern Turkey'): the object of one of the `locative` prepositions."""
    holders = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    for holder in holders:
        # A scene-setting 'In Kabul, ...' before the verb is where it was said, not the target.
        preps = (
            c
            for c in holder.children
            if c.dep_ == "prep" and c.lower_ in lexicons.event_words.locative
        )
        for prep in (p for p in preps if p.i > trigger.i):
            for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                for token in pobj.subtree:
                    if token.ent_type_ in {"GPE", "LOC"} and token.ent_iob_ == "B":
                        head = _entity_head(token)
                        # 'in the Red Sea': a region of several countries is aimed at none.
                        return None if _many_countries(head, lexicons) else head
    return None


def _many_countries(head: Token, lexicons: Lexicons) -> bool:
    span = next((e for e in head.doc.ents if e.start <= head.i < e.end), None)
    name = (span.text if span is not None else head.text).lower()
    for form in (name, name.removeprefix("the ")):
        region = lexicons.region_forms.get(form)
        if region is not None and len(region.members) > 1:
            return True
    return False


def _entity_head(first: Token) -> Token:
    """The word of a named entity that its other words hang on ('Gulf' in 'the Gulf of Oman'),
    from its first word."""
    span = next((e for e in first.doc.ents if e.start == first.i), None)
    return first if span is None else span.root


def policy_object(
    trigger: Token, source_head: Token | None, lexicons: Lexicons
) -> tuple[Token, Token | None] | None:
    """'marched against a draft law', 'walked off the job in protest at a government plan',
    'struck over a bill signed by the labour minister': the policy a protest is over, and the
    actor its phrase names as its owner, if any."""
    own = set() if source_head is None else {t.i for t in source_head.subtree}
    clause = trigger.head if trigger.pos_ == "NOUN" and trigger.head.pos_ == "VERB" else trigger
    for token in clause.subtree:
        if token.i in own or token.i <= clause.i or token.pos_ != "NOUN":
            continue
        if token.lemma_.lower() in lexicons.event_words.policy_nouns:
            return token, _named_in(token, lexicons) or _actor_in_phrase(token, lexicons)
    return None


def dyad_pairs(
    sources: Sequence[Actor | None], targets: Sequence[Actor | None], together: bool
) -> list[tuple[Actor | None, Actor | None]]:
    """The (source, target) pairs of an event: every source with every target; for an event
    its actors do `together` ('Russia and Ukraine exchanged prisoners') with no target named,
    the first actor with each of the others, once per pair."""
    coded = [s for s in sources if s is not None and s.code]
    if together and len(coded) > 1 and all(t is None for t in targets):
        return [(coded[0], other) for other in coded[1:]]
    return [(source, target) for source in sources for target in targets]


def complete_dyad(
    source: Actor | None,
    target: Actor | None,
    earlier: Callable[[Actor], str] | None = None,
    foreign: Callable[[Actor], bool] | None = None,
) -> tuple[Actor | None, Actor | None]:
    """A domestic actor named without a country ('the junta', 'the police') takes the country
    an `earlier` mention of it gave ('the Malian junta'), else, in an event with a national
    actor, that actor's (as the CAMEO sets code it), unless that actor is the representative
    of a `foreign` country ('the junta expelled the French ambassador')."""
    if earlier is not None:
        source, target = _completed(source, earlier), _completed(target, earlier)
    if source and target:
        if foreign is not None and (foreign(source) or foreign(target)):
            return source, target
        if target.sector and not target.country and source.country and source.country != "IGO":
            target = dataclass_replace(
                target, country=source.country, code=source.country + target.sector
            )
        elif source.sector and not source.country and target.country:
            source = dataclass_replace(
                source, country=target.country, code=target.country + source.sector
            )
    return source, target


def _completed(actor: Actor | None, earlier: Callable[[Actor], str]) -> Actor | None:
    if actor is None or not actor.sector or actor.country:
        return actor
    country = earlier(actor)
    return (
        dataclass_replace(actor, country=country, code=country + actor.sector) if country else actor
    )
