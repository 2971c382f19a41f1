"""The event coder: triggers matched to patterns, source and target actors, modality, CAMEO and
PLOVER codes, and the date, place and quantities of each event's clause."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tidings.components.events import actors as actor_res
from tidings.components.events.acts import SPEECH_ACT_ROOTS, doer, standing
from tidings.components.events.clauses import ClauseIndex, clause_of
from tidings.components.events.coding import code_fields_table
from tidings.components.events.coreference import corefer
from tidings.components.events.dyads import (
    act_doer,
    between,
    complained_of,
    complete_dyad,
    dyad_pairs,
    event_noun_agent,
    held_by,
    implicit_target,
    moved_forces,
    noun_source,
    occasion_target,
    participle_agent,
    policy_object,
    purpose_target,
)
from tidings.components.events.modality import (
    modality,
    refused_gerund,
    refusing,
    reporting_verb,
    speaker_of,
)
from tidings.components.events.patterns import Pattern, actor_like, counted, inside_name, match
from tidings.components.events.retelling import place_retold
from tidings.components.events.sides import detainer, earlier_statement, own_forces, same_side
from tidings.components.events.statements import statement
from tidings.components.events.tolls import event_quantities
from tidings.components.events.when import after_story, event_date, story_date
from tidings.components.events.where import event_place
from tidings.models import Actor, Event, EventMention, EventPlace, Trigger
from tidings.nlp import doc_text, lower_lemmas, select_tokens, token_column
from tidings.pipeline.state import ArticleState
from tidings.syntax import Subject, subject_of

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons
    from tidings.lexicons.words import EventWords

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
TRIGGER_POS = {"VERB", "NOUN", "PROPN", "AUX"}
# CAMEO roots of intentions, consultations and cooperation: their place is not their target.
MEETING_ROOTS = {"03", "04", "05", "06"}


class EventCoder:
    name = "events"
    requires: tuple[str, ...] = (
        "names",
        "places",
        "setting",
        "people",
        "person_mentions",
        "dates",
        "quantities",
        "quotes",
    )
    provides: tuple[str, ...] = ("events",)

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons
        self._fields = lexicons.derive(code_fields_table)

    def _plover(self, code: str) -> str:
        return str(self._fields[code]["plover"])

    def __call__(self, item: ArticleState) -> None:
        lexicons = self.lexicons
        patterns = lexicons.patterns.by_trigger
        context = actor_res.ActorContext(
            lexicons=lexicons,
            names=item.names,
            people=item.people,
            person_at=_person_index(item, item.person_mentions),
            place_country=_place_index(item),
            home_country=item.setting.home,
            published=item.article.published,
            quoted=tuple(q.span for q in item.quotes if q.kind == "direct"),
        )
        events: list[Event] = []
        clauses = ClauseIndex(item)
        # The candidate triggers and the subjects of each sentence, read from token arrays.
        chosen, subject_tokens = select_tokens(
            item.doc,
            lexicons.patterns.trigger_words,
            frozenset(TRIGGER_POS),
            frozenset(SUBJECT_DEPS),
        )
        triggers: dict[int, list[Token]] = {}
        subjects: dict[int, list[Token]] = {}
        for index in chosen:
            triggers.setdefault(item.sentence_of_token[index], []).append(item.doc[index])
        for index in subject_tokens:
            subjects.setdefault(item.sentence_of_token[index], []).append(item.doc[index])
        lemmas = lower_lemmas(item.doc)
        lowers, pos = token_column(item.doc, "LOWER"), token_column(item.doc, "POS")
        for number, (start, end) in enumerate(item.sentence_tokens):
            context.scene_country = item.setting.scenes[number]
            matched: dict[int, tuple[Pattern, Token | None]] = {}
            here = triggers.get(number, ())
            # A pattern's required words are near its trigger, so in its sentence: patterns
            # whose words the sentence lacks are dropped before the parse is walked.
            words = set(lemmas[start:end]).union(lowers[start:end]) if here else set()
            for token in here:
                if inside_name(token):
                    continue  # 'the Attack Helicopter Unit' names a body, not an attack
                is_noun = pos[token.i] in {"NOUN", "PROPN"}
                candidates = tuple(
                    p
                    for p in patterns.get(lemmas[token.i]) or patterns[lowers[token.i]]
                    if p.noun == is_noun and all(not w.isdisjoint(words) for w in p.requires)
                )
                found = match(token, candidates, lexicons) if candidates else None
                if found:
                    matched[token.i] = found
            here_coded: list[tuple[Token, Event]] = []
            for index, (pattern, target) in matched.items():
                trigger = item.doc[index]
                stands = standing(trigger, pattern, matched, lexicons, self._plover)
                if stands is None:
                    continue
                deplored = stands == "deplored"
                coded = self._code(item, clauses, trigger, pattern, target, context, deplored)
                context.said.extend(
                    (e.sentence, e.cameo, e.source) for e in coded if e.source and e.source.code
                )
                here_coded.extend((trigger, e) for e in coded)
            events.extend(e for t, e in here_coded if not _repeated(t, e, here_coded))
            context.remember(subjects.get(number, ()))
        told = corefer(events, item.doc, lexicons.event_words)
        item.events = tuple(place_retold(clauses, told, lexicons))

    def _code(
        self,
        item: ArticleState,
        clauses: ClauseIndex,
        trigger: Token,
        pattern: Pattern,
        target_head: Token | None,
        context: actor_res.ActorContext,
        deplored: bool = False,
    ) -> list[Event]:
        source_head = (
            noun_source(trigger, self.lexicons, pattern.code[:2] in MEETING_ROOTS)
            if pattern.noun
            else _doer(trigger, self.lexicons)
        )
        if deplored:
            # Who condemns an act did not do it: its doer is its own ('by the army').
            source_head = doer(trigger) or (
                None if source_head is subject_of(trigger.head).actor else source_head
            )
        if pattern.noun:
            # 'the talks between Russian and Ukrainian delegations': the parties hold them; with
            # a source of their own ('Norway's mediation between ...') they are its target.
            parties = between(trigger)
            if parties is not None and source_head is None:
                source_head = parties
            elif parties is not None and target_head is None:
                target_head = parties
            elif target_head is None:
                target_head = occasion_target(trigger, self.lexicons)
        elif source_head is not None and not actor_like(source_head, self.lexicons):
            # 'Negotiations between Armenia and Azerbaijan resumed': the parties of the subject.
            source_head = between(source_head) or source_head
        words = self.lexicons.event_words
        if source_head is None and not pattern.noun and pattern.code[:2] in words.own_force_roots:
            # 'Russian troops were stationed in Belarus': moved by their own side.
            forces = moved_forces(trigger, self.lexicons)
            if forces is not None:
                source_head = forces
                if target_head is not None and target_head.i == forces.i:
                    target_head = None
        if source_head is not None and _natural(source_head, words.natural):
            return []  # 'a magnitude 6.8 earthquake struck Morocco': nobody's act
        if (
            pattern.code[:2] in words.crowd_roots
            and target_head is None
            and source_head is not None
            and counted(source_head, self.lexicons).lemma_.lower()
            in self.lexicons.actor_words.plain_people
        ):
            return []  # 'people who had gathered for a ceremony': a crowd, not a meeting
        if pattern.code in words.territory_codes and _a_person(target_head, context):
            return []  # 'he was taken from his home': no territory taken
        if source_head is not None:
            # 'Thousands of Iraqi Kurds demonstrated': the people counted are the source.
            source_head = counted(source_head, self.lexicons)
        if (
            source_head is not None
            and pattern.code[:2] in words.unattributed_roots
            and not actor_like(source_head, self.lexicons)
        ):
            # 'a car bomb claimed by al Shabaab exploded': the weapon's claimed user did it;
            # 'a suicide bombing that killed 13 people': whoever carried the bombing out.
            source_head = (
                participle_agent(source_head, self.lexicons)
                or act_doer(source_head, self.lexicons)
                or source_head
            )
        # 'a roadside bomb struck a convoy', 'was gunned down': a violent act whose doer the
        # text does not name (a pronoun names one, even if it is not resolved).
        unattributed = pattern.code[:2] in words.unattributed_roots and (
            source_head is None
            or (source_head.pos_ != "PRON" and not actor_like(source_head, self.lexicons))
        )
        if pattern.converse:
            # 'Greece received aid from the EU': the pattern's actor gives, the subject gets.
            source_head, target_head = target_head, source_head
        sources: Sequence[Actor | None] = (
            actor_res.resolve(source_head, context) if source_head is not None else [None]
        )
        if source_head is not None:
            context.learn(source_head, sources)
        targets: Sequence[Actor | None] = [None]
        recode = self.lexicons.patterns.recode
        # 'French and Egyptian warships launched war games': what the forces of several
        # countries do together is cooperation ([joint] of event_patterns.toml).
        base = (recode(pattern.code, "joint") if _countries(sources) > 1 else None) or pattern.code
        if pattern.code[:2] in words.complaint_roots:
            target_head = complained_of(trigger, self.lexicons) or target_head
        if (
            target_head is None
            and base[:2] in MEETING_ROOTS
            and trigger.dep_ == "acl"
            and trigger.tag_ == "VBN"
        ):
            # 'held negotiations mediated by the African Union', 'talks hosted by Qatar': the
            # mediator or host acts on whoever holds the talks, not on a place the clause names
            # ('in the Ethiopian capital').
            holders = held_by(trigger.head, self.lexicons)
            if holders is not None and not (source_head is not None and holders.i == source_head.i):
                target_head = holders
        if target_head is None and not (pattern.noun and between(trigger) is not None):
            # Where talks, agreements and joint work happen is their venue, not their target;
            # nor is an event noun aimed at where it is ('the deployment of officers in Nairobi').
            hostile = base[:2] not in MEETING_ROOTS
            located = not pattern.noun
            violent = pattern.code[:2] in words.unattributed_roots
            target_head = implicit_target(
                trigger, source_head, self.lexicons, hostile, located, violent
            )
            if target_head is None and pattern.noun and trigger.dep_ == "dobj":
                # 'launched a raid on the camp', 'staged protests to demand reforms': the
                # phrases of the verb that carries the event noun out.
                carrier = trigger.head
                target_head = implicit_target(
                    carrier, source_head, self.lexicons, hostile, False, violent
                )
        earlier = (
            earlier_statement(trigger, sources, item.sentence_of_token[trigger.i], context)
            if target_head is None and not pattern.noun
            else None
        )
        if earlier is not None:
            targets = [earlier]
        if target_head is None and earlier is None and pattern.code in words.release_codes:
            # 'demanded their immediate release': of whoever holds them.
            held = detainer(item.sentence_of_token[trigger.i], context)
            targets = [held] if held is not None else targets
        if target_head is not None:
            targets = actor_res.resolve(event_noun_agent(target_head, self.lexicons), context)
            if base[:2] in words.own_force_roots and own_forces(sources, targets, words):
                # 'mobilized army reservists for a war against Iraq': aimed at Iraq, if anyone.
                found = purpose_target(trigger, source_head, self.lexicons)
                targets = [None] if found is None else actor_res.resolve(found, context)
                if own_forces(sources, targets, words):
                    targets = [None]
        mood = modality(trigger, self.lexicons.cues)
        code = _by_state(base, source_head, sources, words, recode)
        refusal = mood == "negated" and refusing(trigger, self.lexicons.cues)
        if refusal and source_head is not None and recode(code, "refusal"):
            # 'will not accept refugees': the refusal is itself an act ('has not supplied
            # weapons' tells of no act at all).
            code, mood = recode(code, "refusal") or code, "asserted"
        else:
            code, mood = statement(
                trigger, source_head, code, mood, self.lexicons, same_side(context)
            )
        stated = self.lexicons.place_words.statement_roots
        said = (
            reporting_verb(clause_of(trigger), self.lexicons.cues.reporting_governors)
            if code[:2] in stated and base[:2] not in stated
            else None
        )
        fields = self._fields[code]
        sentence = item.sentence_of_token[trigger.i]
        span = clauses.sentence_span(trigger)
        trig = Trigger(trigger.text, (trigger.idx, trigger.idx + len(trigger.text)))
        when = event_date(clauses, trigger, self.lexicons)
        if after_story(when, item.article):
            if code[:2] in STATED_ROOTS:
                # 'said they would release the hostages on Sunday': the date is the act's, the
                # statement is made in the story.
                when = story_date(item.article)
            elif mood in {"asserted", "reported"}:
                # 'a planned visit next week': what is dated after the story has not happened.
                mood = "future"
        quantities = tuple(event_quantities(clauses, trigger, code, self.lexicons))
        out = []
        together = self.lexicons.event_words.reciprocal(pattern.code, trigger.lemma_.lower())
        authority = (
            source_head is None
            and not pattern.noun
            and code[:2] in words.authority_roots
            and subject_of(trigger).patient is not None
        )
        for source, target in dyad_pairs(sources, targets, together):
            if (
                unattributed
                and target is not None
                and target.code
                and (source is None or not source.code)
            ):
                source = _unidentified(source, target, clauses, trigger, context, source_head)
            if authority and source is None:
                source = _authority(clauses, trigger, target, self.lexicons)
            source, target = complete_dyad(
                source,
                target,
                lambda actor: (
                    actor_res.sentence_country(actor, trigger, context)
                    or actor_res.earlier_country(actor, context)
                ),
                lambda actor: actor_res.foreign_role(actor, context),
            )
            if pattern.code[:2] in words.policy_roots and not (target and target.code):
                target = _policy_target(trigger, source, source_head, context) or target
            if source and target and source.code and source.code == target.code:
                if len(targets) > 1:
                    continue
                target = None  # an actor does not act on itself
            if (
                pattern.code[:2] in words.press_roots
                and target is not None
                and (target.sector or target.code[-3:]) in words.press_sectors
            ):
                continue  # 'speaking to reporters': an interview, not a meeting
            if not (source and source.code) and not (target and target.code):
                # Nobody known acts and nobody known is acted on ('they had taken hostage',
                # 'protests by groups'): a mention of an event type, not an event to count.
                continue
            # 'He said Belarus could ban the transit of goods to Russia': the threat is made
            # where it was said, not where the act it announces would happen.
            where = event_place(clauses, said or trigger, (source, target), self.lexicons, code)
            if target is None and code[:2] in words.host_roots:
                # 'the envoy held talks in Tbilisi': with the host capital's government.
                target = _host(where, source, self.lexicons)
            event_id = _event_id(item.article.id, trig.span, pattern.code, source, target)
            out.append(
                Event(
                    id=event_id,
                    **fields,
                    source=source,
                    target=target,
                    modality=mood,
                    date=when,
                    place=where,
                    sentence=sentence,
                    span=span,
                    trigger=trig,
                    quantities=quantities,
                    mentions=(EventMention(item.article.id, sentence, span),),
                    pattern=pattern.text,
                )
            )
        return out


# Events that are something said: dated when said, whatever date their content gives.
STATED_ROOTS = SPEECH_ACT_ROOTS | {"01"}


def _by_state(
    code: str,
    source_head: Token | None,
    sources: Sequence[Actor | None],
    words: EventWords,
    recode: Callable[[str, str], str | None],
) -> str:
    """The code of an act that is another act when a state does it: roads blocked by a
    government, an army or a country named as such are a blockade, not a protest ([state] of
    event_patterns.toml); 'Young Algerians' are people, not their state. A patrol by
    international monitors is monitoring ([monitors])."""
    known = [s for s in sources if s is not None and s.code]
    named = source_head is not None and source_head.tag_ == "NNP"
    state = bool(known) and all(
        s.sector in words.state_sectors or (named and s.country and not s.sector) for s in known
    )
    if state:
        return recode(code, "state") or code
    # 'the EU Monitoring Mission has patrolled the line': monitoring, not a show of force.
    monitors = bool(known) and all(s.code.startswith(tuple(words.monitor_sources)) for s in known)
    return (recode(code, "monitors") or code) if monitors else code


def _host(where: EventPlace | None, source: Actor | None, lexicons: Lexicons) -> Actor | None:
    """The government of the country whose capital an event took place in, when that is not
    the source's and no international body sits there."""
    if where is None or source is None or not source.code:
        return None
    if where.name in lexicons.event_words.seats:
        return None
    found = lexicons.country_forms.get(where.name)
    if found is None or found[1] != "capital" or found[0] == source.country:
        return None
    return Actor(text=where.text, code=found[0] + "GOV", country=found[0], sector="GOV")


def _a_person(head: Token | None, context: actor_res.ActorContext) -> bool:
    """Is a target head one person: a personal pronoun, or a person the article names (not a
    place the tagger took for a name)?"""
    if head is None:
        return False
    if head.pos_ == "PRON":
        return head.lower_ in context.lexicons.actor_words.person_pronouns
    person = context.person_for(head)
    if person is None or head.idx in context.place_country:
        return False
    # A lone word the tagger took for a name ('took Kherson') may be a place.
    return bool(person.code or person.role or " " in person.name)


def _doer(trigger: Token, lexicons: Lexicons) -> Token | None:
    """Who does what a verb says. 'Vietnam is committed to opening up': the subject of a passive
    of stance (an intention verb) holds it, it is not done to it. 'US officials said removing
    the sanctions is out of the question': whoever says a refused act is out of the question
    refuses it."""
    cues = lexicons.cues
    subject = subject_of(trigger)
    if subject.actor is not None and not actor_like(subject.actor, lexicons):
        subject = _beside_participle(trigger) or subject
    stances = cues.intent_governors
    stance = trigger.lemma_.lower() in stances or trigger.lower_ in stances
    if subject.actor is None and stance and subject.patient is not None:
        return subject.patient if subject.patient.dep_ == "nsubjpass" else None
    if subject.actor is None and refused_gerund(trigger, cues):
        return speaker_of(trigger.head, cues.reporting_governors)
    return subject.actor


def _beside_participle(trigger: Token) -> Subject | None:
    """'held negotiations mediated by the AU before signing the deal': a gerund the parser hung
    on a participle that qualifies an event noun is done by whoever the noun's clause says
    held it (an event noun signs nothing)."""
    prep = trigger.head
    if trigger.dep_ != "pcomp" or prep.dep_ != "prep":
        return None
    participle = prep.head
    if participle.dep_ != "acl" or participle.tag_ != "VBN":
        return None
    outer = subject_of(clause_of(participle.head))
    return outer if outer.actor is not None else None


def _code_of(actor: Actor | None) -> str:
    return actor.code if actor is not None else ""


def _repeated(trigger: Token, event: Event, coded: Sequence[tuple[Token, Event]]) -> bool:
    """'would boycott parliament and stage protests', 'established ties with and opened an
    embassy in Tehran': a verb conjoined to another that gives the same code, by the same
    source, on the same target (or on the one it shares) tells the same event once more. The
    one that names a target stays, else the first."""
    source = _code_of(event.source)
    if not source:
        return False
    for other_trigger, other in coded:
        joined = (trigger.dep_ == "conj" and trigger.head.i == other_trigger.i) or (
            other_trigger.dep_ == "conj" and other_trigger.head.i == trigger.i
        )
        same = (
            joined
            and other.cameo == event.cameo
            and other.modality == event.modality
            and _code_of(other.source) == source
        )
        if not same:
            continue
        mine, theirs = _code_of(event.target), _code_of(other.target)
        if (mine == theirs and other_trigger.i < trigger.i) or (
            not mine and theirs and _dangling(trigger)
        ):
            return True
    return False


def _dangling(trigger: Token) -> bool:
    """'established ties with and opened an embassy in Tehran': a preposition left without its
    object shares the object of the verb conjoined after it."""
    near = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    return any(
        c.dep_ == "prep" and not any(g.dep_ in {"pobj", "pcomp"} for g in c.children)
        for token in near
        for c in token.children
    )


def _countries(actors: Sequence[Actor | None]) -> int:
    """How many countries the actors belong to."""
    return len({a.country for a in actors if a is not None and a.country})


def _natural(subject: Token, natural: frozenset[str]) -> bool:
    """Is the subject (or a subject beside it, where the parser split the phrase: 'a magnitude
    | 6.8 earthquake') a force of nature?"""
    subjects = [subject, *(c for c in subject.head.children if c.dep_ == subject.dep_)]
    return any(t.lemma_.lower() in natural for s in subjects for t in s.subtree)


def _unidentified(
    found: Actor | None,
    target: Actor | None,
    clauses: ClauseIndex,
    trigger: Token,
    context: actor_res.ActorContext,
    weapon: Token | None = None,
) -> Actor | None:
    """CAMEO's unidentified armed forces of the country where an unattributed violent act
    happened: the event's place, else a place its weapon's phrase names ('a roadside bombing
    near Samarra'), else its target's country, else the sentence's scene or the article's
    home."""
    lexicons = context.lexicons
    place = event_place(clauses, trigger, (found, target), lexicons)
    phrase = weapon.subtree if weapon is not None else ()
    named = (context.place_country[t.idx] for t in phrase if t.idx in context.place_country)
    country = (
        (place.country if place else "")
        or next(named, "")
        or (target.country if target and target.country != "IGO" else "")
        or context.scene_country
        or context.home_country
    )
    if not country:
        return found
    sector = lexicons.event_words.unattributed_sector
    text, span = (found.text, found.span) if found else ("", None)
    return Actor(text=text, code=country + sector, country=country, sector=sector, span=span)


def _authority(
    clauses: ClauseIndex, trigger: Token, target: Actor | None, lexicons: Lexicons
) -> Actor | None:
    """'A US national has been put under investigation in Italy': the state its clause names as
    the place does what only authorities do (not a city's or region's, which may be held by
    another: 'detainees are held in Tskhinvali')."""
    place = event_place(clauses, trigger, (None, target), lexicons)
    if place is None or place.source not in {"clause", "venue"} or not place.country:
        return None
    if place.precision != "country":
        return None
    sector = lexicons.event_words.authority_sector
    return Actor(text="", code=place.country + sector, country=place.country, sector=sector)


def _policy_target(
    trigger: Token,
    source: Actor | None,
    source_head: Token | None,
    context: actor_res.ActorContext,
) -> Actor | None:
    """Whom a protest over a policy is aimed at: the policy's named owner, else the government
    of the protesters' own country (not for protests by a state body, or of no known
    country)."""
    words = context.lexicons.event_words
    if source is None or not source.country or source.country == "IGO":
        return None
    if source.sector in words.state_sectors:
        return None
    found = policy_object(trigger, source_head, context.lexicons)
    if found is None:
        return None
    policy, owner = found
    if owner is not None:
        return next(iter(actor_res.resolve(owner, context)), None)
    country = source.country
    span = (policy.left_edge.idx, policy.idx + len(policy.text))
    text = doc_text(policy.doc)[span[0] : span[1]]
    return Actor(text=text, code=country + "GOV", country=country, sector="GOV", span=span)


def _place_index(item: ArticleState) -> dict[int, str]:
    """Char offset of every token of a resolved place → its country."""
    index: dict[int, str] = {}
    for place in item.places:
        if place.country and place.span and place.kind in {"city", "region", "country"}:
            tokens = item.doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
            for token in tokens or ():
                index[token.idx] = place.country
    return index


def _person_index(item: ArticleState, person_mentions: Sequence[Any]) -> dict[int, int]:
    """Char offset of every token inside a person mention → the person's index."""
    index: dict[int, int] = {}
    for span, person in person_mentions:
        tokens = item.doc.char_span(span[0], span[1], alignment_mode="expand")
        for token in tokens or ():
            index[token.idx] = person
    return index


def _event_id(article: str, span: tuple[int, int], code: str, *actors: Actor | None) -> str:
    key = "|".join(
        [article, f"{span[0]}:{span[1]}", code, *((a.code or a.text) if a else "" for a in actors)]
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
