"""Where an event happened: a place of its clause (its venue when it belongs to the event noun:
"talks in Geneva"), or a place the clause refers back to ("sent troops to the region"), else a
place of the sentence where something happens, else where the sentence before says its main
clause happened, else where another telling of the same happening in the article places it,
else none. Actors are not places: an actor's home is never an event's place by default."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tidings.components.dates.expressions import verb_tense
from tidings.models import (
    Actor,
    EventPlace,
    Place,
    Span,
)
from tidings.names.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons
from tidings.components.events.clauses import (
    ACTOR_DEPS,
    NOUNS,
    OBJECT_DEPS,
    PHRASE_DEPS,
    PRECISION,
    ClauseIndex,
    clause_of,
    governing_verb,
    in_clause,
)


def _phrase_head(token: Token) -> Token:
    """The head of the noun phrase a word belongs to ("Baltic" in "the Baltic region" →
    "region"; "NATO" in "Russia and NATO" → "Russia")."""
    current = token
    for _ in range(6):
        if current.dep_ not in PHRASE_DEPS or current.head is current:
            return current
        current = current.head
    return current


def _preposition(head: Token) -> Token | None:
    """The preposition whose object the phrase is, if it is one."""
    return head.head if head.dep_ == "pobj" and head.head.dep_ in {"prep", "agent"} else None


def _acts(head: Token) -> bool:
    """Does the phrase stand where an actor stands: a subject, a possessor, a by-agent?"""
    if head.dep_ in ACTOR_DEPS:
        return True
    prep = _preposition(head)
    return prep is not None and prep.dep_ == "agent"


def _is_venue(head: Token, trigger: Token, lexicons: Lexicons) -> bool:
    """Is the phrase the place of an event noun: the trigger's ("a summit in Brussels") or the
    object of a verb that carries it out ("held talks in Geneva")?"""
    prep = _preposition(head)
    if prep is None or prep.lower_ not in lexicons.event_words.locative:
        return False
    noun = prep.head
    if noun.pos_ not in NOUNS:
        return False
    return noun.i == trigger.i or (noun.head.i == trigger.i and noun.dep_ in {"dobj", "attr"})


def _event_place(place: Place, source: str, text: str = "", span: Span | None = None) -> EventPlace:
    return EventPlace(
        text or place.text,
        place.name,
        place.country,
        place.lat,
        place.lon,
        PRECISION.get(place.kind, "point"),
        source,
        span or place.span,
    )


def _located(
    index: ClauseIndex,
    place: Place,
    actor_spans: Sequence[Span],
    lexicons: Lexicons,
    trigger: Token,
) -> tuple[Token, bool] | None:
    """The place's phrase head and whether it is one of the event's actors, unless it acts:
    a subject, a possessor, or an actor of the event not given as a location ("stationing
    troops in Lithuania" is where, whoever it targets; "sent planes to Chad" is where they
    went)."""
    if place.span is None:
        return None
    root = index.root_of(place.span)
    if root is None:
        return None
    head = _phrase_head(root)
    if _acts(head):
        return None
    is_actor = any(s[0] <= place.span[0] < s[1] for s in actor_spans)
    prep = _preposition(head)
    given = prep is not None and _where_to(prep, trigger, lexicons)
    if is_actor and not given and not _territory_taken(head, prep, trigger, lexicons):
        return None
    return head, is_actor


def _territory_taken(head: Token, prep: Token | None, trigger: Token, lexicons: Lexicons) -> bool:
    """Is the place the territory an invasion, occupation or annexation takes ("the invasion
    of Ukraine", "invaded Afghanistan"): where it happens, though it is the target too?"""
    words = lexicons.place_words.territorial_triggers
    if trigger.lemma_.lower() not in words and trigger.lower_ not in words:
        return False
    if prep is None:
        return head.dep_ == "dobj" and head.head.i == trigger.i
    return prep.lower_ == "of" and prep.head.i == trigger.i


def _where_to(prep: Token, trigger: Token, lexicons: Lexicons) -> bool:
    """Does the preposition give a location, or the destination of a movement ("sent troops
    to Chad")?"""
    if prep.lower_ in lexicons.event_words.locative:
        return True
    moves = lexicons.place_words.movement_verbs
    return prep.lower_ in lexicons.place_words.destinations and (
        trigger.lemma_.lower() in moves or trigger.lower_ in moves
    )


def _anaphor(
    index: ClauseIndex, trigger: Token, places: Sequence[Place], lexicons: Lexicons
) -> EventPlace | None:
    """A place of the clause named by a definite noun that refers back ("sent soldiers to the
    region"): the latest place of that kind named before it; or by an adverb of place
    ("stationed troops there"): the latest place named before it in its sentence or the one
    before."""
    words = lexicons.place_words
    kinds = {
        **dict.fromkeys(words.region_anaphors, "region"),
        **dict.fromkeys(words.country_anaphors, "country"),
        **dict.fromkeys(words.city_anaphors, "city"),
    }
    clause = clause_of(trigger)
    start, end = index.sentence_span(trigger)
    for token in index.item.doc.char_span(start, end, alignment_mode="expand") or ():
        if token.lower_ in words.place_adverbs and token.dep_ == "advmod":
            if token.head.i != clause.i:
                continue
            told = _told_before(index, token, places)
            if told is not None:
                span = (token.idx, token.idx + len(token.text))
                return _event_place(told, "clause", token.text, span)
            continue
        kind = kinds.get(token.lower_)
        if kind is None or token.dep_ != "pobj" or governing_verb(token).i != clause.i:
            continue
        prep = token.head
        if prep.lower_ not in lexicons.event_words.locative | words.destinations:
            continue
        children = list(token.children)
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in children) or any(
            c.dep_ in {"compound", "amod", "poss"} for c in children
        ):
            continue
        earlier = [p for p in places if p.span and p.span[1] <= token.idx and p.kind == kind]
        if earlier:
            the = next(c for c in children if c.dep_ == "det")
            span = (the.idx, token.idx + len(token.text))
            text = index.item.article.text[span[0] : span[1]]
            return _event_place(earlier[-1], "clause", text, span)
    return None


def _possessed_region(
    index: ClauseIndex, trigger: Token, actors: Sequence[Actor | None], lexicons: Lexicons
) -> EventPlace | None:
    """A part of a country the clause gives by a direction word that a possessive pronoun
    gives to the event's source ("Pakistan has battled militants in its northwest",
    "the army fought insurgents in their north"): that part of the source's country, at
    region precision. When another actor of the event is of another country the pronoun may
    be either's, and the region is nobody's to guess."""
    source = actors[0] if actors else None
    if source is None or not source.country:
        return None
    if any(a is not None and a.country and a.country != source.country for a in actors):
        return None
    entry = lexicons.derive(Gazetteer).country(source.country)
    if entry is None:
        return None
    words = lexicons.place_words
    clause = clause_of(trigger)
    for token in clause.subtree:
        if token.lower_ not in words.directions or token.dep_ != "pobj":
            continue
        if token.head.lower_ not in lexicons.event_words.locative:
            continue
        if governing_verb(token).i != clause.i:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None or owner.lower_ not in words.possessive_pronouns:
            continue
        span = (owner.idx, token.idx + len(token.text))
        return EventPlace(
            index.item.article.text[span[0] : span[1]],
            f"{token.lower_} {entry.name}",
            entry.country,
            entry.lat,
            entry.lon,
            "region",
            "clause",
            span,
        )
    return None


def _told_before(index: ClauseIndex, token: Token, places: Sequence[Place]) -> Place | None:
    """The latest place named before the token, in its sentence or the one before, that does
    not act there (a subject or a possessor is an actor)."""
    start, _ = index.sentence_span(token)
    earlier = [s for s in index.item.sentences if s.span[1] <= start][-1:]
    begin = earlier[0].span[0] if earlier else start
    for place in reversed(places):
        if not (place.span and begin <= place.span[0] and place.span[1] <= token.idx):
            continue
        root = index.root_of(place.span)
        if root is not None and not _acts(_phrase_head(root)):
            return place
    return None


def _attached(head: Token, trigger: Token) -> bool:
    """Is a prepositional place the event's own, not that of an event nested in its arguments?
    Its phrase hangs on the trigger or on the trigger's object ("the annexation of Crimea",
    "seized the city of Mariupol", "detained two men, residents of the village of Khurvaleti"),
    or reaches one of them through the nouns above it ("at a market in Kabul", "at his home in
    Dar es Salaam"), but not through a noun with a named owner of its own: "sanctions over its
    role in Russia's invasion of Ukraine" does not place the sanctions in Ukraine."""
    current = head
    for _ in range(6):
        prep = _preposition(current)
        if prep is None:
            return False
        owner = prep.head
        if owner.dep_ == "appos":
            owner = owner.head
        if owner.i == trigger.i or (owner.head.i == trigger.i and owner.dep_ in OBJECT_DEPS):
            return True
        if _carries_object(owner, trigger):
            return True
        if any(child.dep_ == "poss" and child.pos_ != "PRON" for child in owner.children):
            return False
        current = owner
    return False


def _carries_object(verb: Token, trigger: Token) -> bool:
    """Is `verb` a participle the parser hung on the trigger's object ("sent planes carrying
    food to Chad"): its phrases are the trigger's?"""
    return (
        verb.dep_ == "acl"
        and verb.tag_ in {"VBG", "VBN"}
        and verb.head.dep_ == "dobj"
        and verb.head.head.i == trigger.i
    )


def _nested(verb: Token, clause: Token) -> bool:
    """Is the clause of `verb` a relative clause inside the event's own arguments ("accused
    Minsk of allowing troops to launch the invasion, which began when Russian forces crossed
    into Ukraine"): it tells about a noun of the event, not where the event was?"""
    current = verb
    for _ in range(12):
        if current.i == clause.i or current.head is current:
            return False
        if current.dep_ == "relcl":
            return clause.i in {t.i for t in current.ancestors}
        current = current.head
    return False


def _said_here(head: Token, trigger: Token, lexicons: Lexicons) -> bool:
    """Is the place where a statement was made: its location phrase hangs on the statement
    itself ("In Kabul, the spokesman rejected ..."), not on what the statement is about (nor is
    a destination the parser hung on it: "condemned the deployment of troops to Poland")?"""
    prep = _preposition(head)
    return (
        prep is not None
        and prep.head.i == trigger.i
        and prep.lower_ in lexicons.event_words.locative
    )


def _where_doer_is(head: Token, trigger: Token, lexicons: Lexicons) -> bool:
    """Is the place where the subject of the event's verb is stationed ("the EU's delegation
    in Tirana urged", "the US embassy in Nairobi said"): what it does or says, it does there?"""
    prep = _preposition(head)
    if prep is None or prep.lower_ not in lexicons.event_words.locative:
        return False
    owner = prep.head
    return owner.dep_ in {"nsubj", "nsubjpass"} and owner.head.i == trigger.i


def _governs(verb: Token | None, clause: Token, where: bool | None) -> bool:
    """Is the place of a clause that governs the event's, elsewhere in the sentence ("In
    Washington, the Treasury said it had condemned ...")?"""
    return not where and verb is not None and verb.i in {t.i for t in clause.ancestors}


class _Found:
    """The places of one event's sentence, ranked (see `event_place`)."""

    def __init__(self) -> None:
        self.in_clause: list[tuple[int, Place]] = []
        self.in_sentence: list[Place] = []


def _collect(
    index: ClauseIndex,
    trigger: Token,
    actor_spans: Sequence[Span],
    lexicons: Lexicons,
    statement: bool,
) -> _Found:
    found = _Found()
    clause = clause_of(trigger)
    locative = lexicons.event_words.locative | lexicons.place_words.destinations
    for place in index.item.places:
        where = in_clause(index, place.span, trigger)
        located = (
            _located(index, place, actor_spans, lexicons, trigger) if where is not None else None
        )
        if located is None or place.span is None:
            continue
        head, is_actor = located
        prep = _preposition(head)
        verb = index.verb_of(place.span)
        if where is False and verb is not None and _carries_object(verb, trigger):
            where = True
        stationed = where is True and _where_doer_is(head, trigger, lexicons)
        if (
            statement
            and not stationed
            and not _said_here(head, trigger, lexicons)
            and not _governs(verb, clause, where)
        ):
            continue  # 'condemned Iran's attack near Yemen': Yemen is where the attack was.
        if where and prep is not None and not stationed and not _attached(head, trigger):
            continue
        if where:
            # the venue of the event noun, a location that is the event's actor, a location,
            # then any other place of the clause ("the annexation of Crimea"), then where the
            # doer is stationed
            rank = 0 if _is_venue(head, trigger, lexicons) else 1 if is_actor else 2
            found.in_clause.append((rank if prep is not None and not stationed else 3, place))
        elif prep is not None and prep.lower_ in locative:
            if verb is not None and _nested(verb, clause):
                continue
            found.in_sentence.append(place)
    return found


def event_place(
    index: ClauseIndex,
    trigger: Token,
    actors: Iterable[Actor | None],
    lexicons: Lexicons,
    code: str = "",
) -> EventPlace | None:
    """Where the event happened, as the text gives it (see the module's note), or None. `code`
    is the event's CAMEO code: a statement is placed where it was made, never by what it is
    about."""
    actors = tuple(actors)
    actor_spans = [a.span for a in actors if a is not None and a.span]
    statement = code[:2] in lexicons.place_words.statement_roots
    found = _collect(index, trigger, actor_spans, lexicons, statement)
    if found.in_clause:
        rank, place = min(found.in_clause, key=lambda ranked: ranked[0])
        return _event_place(place, "venue" if rank == 0 else "clause")
    referred = (
        None
        if statement
        else _anaphor(index, trigger, index.item.places, lexicons)
        or _possessed_region(index, trigger, actors, lexicons)
    )
    if referred is not None:
        return referred
    if found.in_sentence:
        return _event_place(found.in_sentence[0], "sentence")
    return _narrative_place(index, trigger, lexicons)


def _locative(index: ClauseIndex, place: Place, lexicons: Lexicons) -> bool:
    """Is the place given as a location ("in Tirana", "at the border near Gori", "near the
    village of Khurvaleti")?"""
    root = index.root_of(place.span) if place.span else None
    prep = _preposition(_phrase_head(root)) if root is not None else None
    settled = lexicons.place_words.settlement_nouns
    if prep is not None and prep.lower_ == "of" and prep.head.lower_ in settled:
        prep = _preposition(_phrase_head(prep.head))
    return prep is not None and prep.lower_ in lexicons.event_words.locative


def _narrative_place(index: ClauseIndex, trigger: Token, lexicons: Lexicons) -> EventPlace | None:
    """ "In Islamabad, the spokesman accused Afghanistan of harbouring militants. He said
    Pakistan had summoned its deputy ambassador": a past-tense event whose sentence names no
    place goes on telling where the sentence before it, in the same paragraph, says its own
    main clause happened (the way the narrative date goes on telling its day). A sentence
    that names a time or a location of its own tells another happening."""
    if verb_tense(clause_of(trigger), lexicons.time_words) != "past":
        return None
    item = index.item
    start, end = index.sentence_span(trigger)
    if any(
        r.span and start <= r.span[0] < end and r.granularity != "duration" for r in item.dates
    ) or any(
        p.span and start <= p.span[0] < end and _locative(index, p, lexicons) for p in item.places
    ):
        return None
    earlier = [s for s in item.sentences if s.span[1] <= start][-1:]
    if not earlier or "\n" in item.article.text[earlier[0].span[1] : start]:
        return None
    root = index.root_of(earlier[0].span)
    if root is None:
        return None
    # where the sentence before says its main clause happened: a place given with a
    # preposition ("In Islamabad, ...", "at protesters in Tirana"), not a bare name
    told = [
        ranked
        for ranked in _collect(index, root, (), lexicons, False).in_clause
        if _locative(index, ranked[1], lexicons)
    ]
    if not told:
        return None
    _, place = min(told, key=lambda ranked: ranked[0])
    return replace(_event_place(place, "narrative"), text="", span=None)
