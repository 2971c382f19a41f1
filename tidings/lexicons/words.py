"""Word lists of the lexicons (TOML), each checked and turned into frozen sets once.

modality.toml (modality cues), actor_words.toml (nouns for people, pronouns, the words of an
actor's phrase), event_words.toml (the conjunctions and prepositions of the event coder),
places.toml (place words), boilerplate.toml (page furniture patterns) and speech_verbs.toml
(reporting verbs, name words, titles, role words).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType

from tidings.lexicons.loader import TomlDoc
from tidings.lexicons.tables import SECTORS, Role


@dataclass(frozen=True, slots=True)
class Cues:
    """The cues of modality.toml: words that make an event negated, hypothetical, future or
    reported."""

    negation: frozenset[str]
    hypothetical_aux: frozenset[str]
    future_aux: frozenset[str]
    conditional_marks: frozenset[str]
    temporal_marks: frozenset[str]
    hypothetical_governors: frozenset[str]
    future_governors: frozenset[str]
    negating_governors: frozenset[str]
    reporting_governors: frozenset[str]
    reporting_adverbs: frozenset[str]
    negative_subjects: frozenset[str]
    intent_governors: frozenset[str]
    cancelling_governors: frozenset[str]
    planning_governors: frozenset[str]
    occasion_prepositions: frozenset[str]
    refusal_verbs: frozenset[str]
    ranking_words: frozenset[str]
    refusal_predicates: frozenset[str]
    enacting_governors: frozenset[str]
    pending_heads: frozenset[str]
    unspecific_determiners: frozenset[str]
    enacted_verbs: frozenset[str]


def _list_names(doc: TomlDoc, table: str, record: type) -> list[str]:
    """The word lists a record of `table` holds: its fields; a list the file has beyond them is
    an error naming it."""
    names = [f.name for f in fields(record)]
    unknown = sorted(set(doc.table(table)) - set(names))
    if unknown:
        raise doc.fail(f"[{table}] has unknown lists {unknown}", table, unknown[0])
    return names


def load_cues(doc: TomlDoc) -> Cues:
    names = _list_names(doc, "cues", Cues)
    return Cues(**{name: doc.words("cues", name) for name in names})


@dataclass(frozen=True, slots=True)
class ActorWords:
    """actor_words.toml: endings of nouns for people, such nouns that are things, nouns for
    people in general; the sectors that are the article's own, the prepositions of an actor's
    phrase, the words its span leaves out, pronouns for a person and for a group."""

    person_suffixes: tuple[str, ...]
    not_people: frozenset[str]
    plain_people: frozenset[str]
    domestic_sectors: frozenset[str]
    foreign_roles: frozenset[str]
    phrase_prepositions: frozenset[str]
    membership: frozenset[str]
    span_strip: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    # First person plural: in a quote, the body of whoever says it; nobody otherwise.
    speaker_pronouns: frozenset[str]
    # Derived: every pronoun of any kind.
    pronouns: frozenset[str]
    # Noun → the kind of actor it points back to ('country' or a sector code).
    kinds: Mapping[str, str]
    # Proper noun → the bloc of states it names as a bare definite phrase ('the West': WST).
    blocs: Mapping[str, str]
    # Role noun (lemma) → the sectors it may name, the default first ('officer').
    ambiguous_roles: Mapping[str, tuple[str, ...]]


def load_actor_words(doc: TomlDoc) -> ActorWords:
    domestic = doc.words("domestic_sectors")
    unknown = sorted(domestic - SECTORS)
    if unknown:
        raise doc.fail(
            f"domestic_sectors: {unknown[0]!r} is not one of {sorted(SECTORS)}",
            "domestic_sectors",
            needle=f'"{unknown[0]}"',
        )
    person = doc.words("pronouns", "person", lower=True)
    group = doc.words("pronouns", "group", lower=True)
    speaker = doc.words("pronouns", "speaker", lower=True)
    return ActorWords(
        person_suffixes=tuple(doc.strings("person_suffixes")),
        not_people=doc.words("not_people"),
        plain_people=doc.words("plain_people"),
        domestic_sectors=domestic,
        foreign_roles=doc.words("foreign_roles", lower=True),
        phrase_prepositions=doc.words("phrase_prepositions", lower=True),
        membership=doc.words("membership", lower=True),
        span_strip=doc.words("span_strip", lower=True),
        person_pronouns=person,
        group_pronouns=group,
        speaker_pronouns=speaker,
        pronouns=person | group | speaker,
        kinds=_kinds(doc),
        blocs={word: code for code in doc.table("blocs") for word in doc.words("blocs", code)},
        ambiguous_roles={
            noun: tuple(doc.strings("ambiguous_roles", noun))
            for noun in doc.table("ambiguous_roles")
        },
    )


def _kinds(doc: TomlDoc) -> dict[str, str]:
    out = {}
    for kind in doc.table("kinds"):
        if kind != "country" and kind not in SECTORS:
            raise doc.fail(f"kinds: {kind!r} is neither 'country' nor a sector", "kinds", kind)
        out.update(dict.fromkeys(doc.words("kinds", kind, lower=True), kind))
    return out


@dataclass(frozen=True, slots=True)
class EventWords:
    """event_words.toml: the conjunctions and prepositions the event coder reads."""

    separate_marks: frozenset[str]
    conditions: frozenset[str]
    distinct_words: frozenset[str]
    referring_determiners: frozenset[str]
    unless_marks: frozenset[str]
    locative: frozenset[str]
    target: frozenset[str]
    hostile_only: frozenset[str]
    in_phrase: frozenset[str]
    destination: frozenset[str]
    event_noun: frozenset[str]
    not_actors: frozenset[str]
    # [tolls]: the words of a death or injury toll, and the CAMEO roots of events it counts.
    toll_words: frozenset[str]
    toll_roots: frozenset[str]
    # [reciprocal]: the codes (prefixes) and trigger lemmas of events coordinated actors do with
    # each other.
    reciprocal_codes: frozenset[str]
    reciprocal_lemmas: frozenset[str]
    # [unattributed]: violent roots whose unnamed doer is the place's unidentified forces (the
    # sector), and the forces of nature that are nobody's.
    unattributed_roots: frozenset[str]
    unattributed_sector: str
    natural: frozenset[str]
    # Prepositions whose object is where a violent act came from, not whom it hit.
    violent_origins: frozenset[str]
    # [complaints]: roots aimed at what is complained about, and the prepositions naming it.
    complaint_roots: frozenset[str]
    complaint_preps: frozenset[str]
    # [own_forces]: roots whose own moved forces are no target, and the sectors of forces.
    own_force_roots: frozenset[str]
    force_sectors: frozenset[str]
    # [earlier_statements]: definite nouns naming a statement made before, and its roots.
    earlier_nouns: frozenset[str]
    earlier_roots: frozenset[str]
    # [particles]: adverbs the parser may hang on a verb where a particle belongs ('pulled
    # back from', 'handed back to').
    particle_adverbs: frozenset[str]
    # [state]: the sectors of a state's own bodies.
    state_sectors: frozenset[str]
    # Meetings with the press are not meetings: roots and the sectors of the press.
    press_roots: frozenset[str]
    press_sectors: frozenset[str]
    # [permissions]: verbs whose permitted act is their content.
    permission_verbs: frozenset[str]
    # [charges]: verbs of accusing or punishing and the prepositions naming the charge.
    charge_verbs: frozenset[str]
    charge_preps: frozenset[str]
    # [naming]: verbs that with an object predicate say what something is.
    naming_verbs: frozenset[str]
    # [withheld]: refusals to tell a name or a detail, not to do anything.
    withheld_roots: frozenset[str]
    withheld_nouns: frozenset[str]
    # [fates]: what a party must bear is no demand on it.
    fate_roots: frozenset[str]
    fate_verbs: frozenset[str]
    # [territory]: codes of acts on territory, which a person cannot be the target of.
    territory_codes: frozenset[str]
    # [releases]: demands for a release, aimed at the doer of the latest detention codes.
    release_codes: frozenset[str]
    detention_codes: frozenset[str]
    # [hosts]: roots of meetings whose capital names their other party.
    host_roots: frozenset[str]
    seats: frozenset[str]
    # [occasions]: nouns whose date, in a phrase opening a clause, is the clause's.
    occasion_nouns: frozenset[str]
    # [documents]: nouns for documents, dated by a participle that qualifies them as subject.
    document_nouns: frozenset[str]
    # [monitors]: code prefixes of the bodies whose patrols monitor or keep the peace.
    monitor_sources: frozenset[str]
    # [crowds]: roots of meetings that people in general with nobody named do not hold.
    crowd_roots: frozenset[str]
    # [measures]: nouns for measures taken, which as a subject name an act told before.
    measure_nouns: frozenset[str]
    # [policies]: protest roots aimed at the own government when against one of these nouns.
    policy_roots: frozenset[str]
    policy_nouns: frozenset[str]
    # [authorities]: roots whose agentless passive is done by the state of its place.
    authority_roots: frozenset[str]
    authority_sector: str
    # Derived: the target prepositions of events that are not hostile.
    friendly_target: frozenset[str]

    def reciprocal(self, code: str, lemma: str) -> bool:
        """Is an event of this code and trigger lemma one that its actors do with each other?"""
        return lemma in self.reciprocal_lemmas or any(
            code.startswith(prefix) for prefix in self.reciprocal_codes
        )


def load_event_words(doc: TomlDoc) -> EventWords:
    target = doc.words("prepositions", "target", lower=True)
    hostile_only = doc.words("prepositions", "hostile_only", lower=True)
    if not hostile_only <= target:
        stray = sorted(hostile_only - target)[0]
        raise doc.fail(
            f"[prepositions] hostile_only: {stray!r} is not a target preposition",
            "prepositions",
            "hostile_only",
        )
    return EventWords(
        separate_marks=doc.words("clauses", "separate_marks", lower=True),
        conditions=doc.words("clauses", "conditions", lower=True),
        distinct_words=doc.words("clauses", "distinct_words", lower=True),
        referring_determiners=doc.words("clauses", "referring_determiners", lower=True),
        unless_marks=doc.words("clauses", "unless_marks", lower=True),
        locative=doc.words("prepositions", "locative", lower=True),
        target=target,
        hostile_only=hostile_only,
        in_phrase=doc.words("prepositions", "in_phrase", lower=True),
        destination=doc.words("prepositions", "destination", lower=True),
        event_noun=doc.words("prepositions", "event_noun", lower=True),
        not_actors=doc.words("pronouns", "not_actors", lower=True),
        toll_words=doc.words("tolls", "words", lower=True),
        toll_roots=doc.words("tolls", "roots"),
        reciprocal_codes=doc.words("reciprocal", "codes"),
        reciprocal_lemmas=doc.words("reciprocal", "lemmas", lower=True),
        unattributed_roots=doc.words("unattributed", "roots"),
        unattributed_sector=doc.strings("unattributed", "sector")[0],
        natural=doc.words("unattributed", "natural", lower=True),
        violent_origins=doc.words("unattributed", "origins", lower=True),
        complaint_roots=doc.words("complaints", "roots"),
        complaint_preps=doc.words("complaints", "prepositions", lower=True),
        own_force_roots=doc.words("own_forces", "roots"),
        force_sectors=doc.words("own_forces", "sectors"),
        earlier_nouns=doc.words("earlier_statements", "nouns", lower=True),
        earlier_roots=doc.words("earlier_statements", "roots"),
        particle_adverbs=doc.words("particles", "adverbs", lower=True),
        state_sectors=doc.words("state", "sectors"),
        press_roots=doc.words("press", "roots"),
        press_sectors=doc.words("press", "sectors"),
        permission_verbs=doc.words("permissions", "verbs", lower=True),
        charge_verbs=doc.words("charges", "verbs", lower=True),
        charge_preps=doc.words("charges", "prepositions", lower=True),
        naming_verbs=doc.words("naming", "verbs", lower=True),
        withheld_roots=doc.words("withheld", "roots"),
        withheld_nouns=doc.words("withheld", "nouns", lower=True),
        fate_roots=doc.words("fates", "roots"),
        fate_verbs=doc.words("fates", "verbs", lower=True),
        territory_codes=doc.words("territory", "codes"),
        release_codes=doc.words("releases", "codes"),
        detention_codes=doc.words("releases", "detentions"),
        host_roots=doc.words("hosts", "roots"),
        seats=doc.words("hosts", "seats"),
        occasion_nouns=doc.words("occasions", "nouns", lower=True),
        document_nouns=doc.words("documents", "nouns", lower=True),
        monitor_sources=doc.words("monitors", "sources"),
        crowd_roots=doc.words("crowds", "roots"),
        measure_nouns=doc.words("measures", "nouns", lower=True),
        policy_roots=doc.words("policies", "roots"),
        policy_nouns=doc.words("policies", "nouns", lower=True),
        authority_roots=doc.words("authorities", "roots"),
        authority_sector=doc.strings("authorities", "sector")[0],
        friendly_target=target - hostile_only,
    )


@dataclass(frozen=True, slots=True)
class PlaceWords:
    """The [words] lists of places.toml, lower case."""

    directions: frozenset[str]
    region_nouns: frozenset[str]
    not_places: frozenset[str]
    state_cues_after: frozenset[str]
    state_cues_before: frozenset[str]
    locative_prepositions: frozenset[str]
    settlement_nouns: frozenset[str]
    admin_nouns: frozenset[str]
    site_nouns: frozenset[str]
    destinations: frozenset[str]
    region_anaphors: frozenset[str]
    country_anaphors: frozenset[str]
    city_anaphors: frozenset[str]
    possessive_pronouns: frozenset[str]
    place_adverbs: frozenset[str]
    occasion_prepositions: frozenset[str]
    movement_verbs: frozenset[str]
    territorial_triggers: frozenset[str]
    statement_roots: frozenset[str]


def load_place_words(doc: TomlDoc) -> PlaceWords:
    names = _list_names(doc, "words", PlaceWords)
    lists = {name: doc.words("words", name, lower=True) for name in names}
    for name, words in lists.items():
        if any(not w.strip() for w in words):
            raise doc.fail(f"[words] {name} must be a list of lower-case words", "words", name)
    return PlaceWords(**lists)


@dataclass(frozen=True, slots=True)
class Boilerplate:
    """boilerplate.toml: patterns of page furniture lines; with the month names of
    time_words.toml (lower case: "jan", "sept", "march") for the dates in page stamps."""

    credit: tuple[re.Pattern[str], ...]
    stamp: tuple[re.Pattern[str], ...]
    byline: tuple[re.Pattern[str], ...]
    body_dateline: re.Pattern[str]
    trailer_drop: tuple[re.Pattern[str], ...]
    trailer_outlet: tuple[re.Pattern[str], ...]
    months: Mapping[str, int]


def _regex(doc: TomlDoc, pattern: str, flags: int, *keys: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise doc.fail(f"{'.'.join(keys)}: bad regular expression: {exc}", *keys) from None


def _groups(doc: TomlDoc, pattern: re.Pattern[str], groups: tuple[str, ...], *keys: str) -> None:
    missing = [g for g in groups if g not in pattern.groupindex]
    if missing:
        raise doc.fail(
            f"{'.'.join(keys)}: {pattern.pattern!r} needs the named groups {', '.join(groups)}",
            *keys,
        )


def load_boilerplate(doc: TomlDoc, months: Mapping[str, int]) -> Boilerplate:
    """Check boilerplate.toml; `months` are the month names and numbers of time_words.toml."""

    def many(
        table: str, key: str, flags: int = re.IGNORECASE, groups: tuple[str, ...] = ()
    ) -> tuple[re.Pattern[str], ...]:
        patterns = tuple(_regex(doc, p, flags, table, key) for p in doc.strings(table, key))
        for pattern in patterns:
            _groups(doc, pattern, groups, table, key)
        return patterns

    dateline = doc.table("body").get("dateline")
    if not isinstance(dateline, str):
        raise doc.fail("body.dateline must be a string", "body", "dateline")
    body_dateline = _regex(doc, dateline, 0, "body", "dateline")
    _groups(doc, body_dateline, ("place", "outlet", "day"), "body", "dateline")
    return Boilerplate(
        credit=many("header", "credit"),
        stamp=many("header", "dateline", groups=("date",)),
        byline=many("header", "byline", 0, groups=("name",)),
        body_dateline=body_dateline,
        trailer_drop=many("trailer", "drop"),
        trailer_outlet=many("trailer", "outlet", 0, groups=("outlet",)),
        months=MappingProxyType({name.lower(): number for name, number in months.items()}),
    )


# ---------------------------------------------------------------- speech_verbs.toml


@dataclass(frozen=True, slots=True)
class Title:
    role: str = ""
    sector: str = ""
    gender: str = ""


@dataclass(frozen=True, slots=True)
class SpeechData:
    """The word lists of speech_verbs.toml, validated, with what the people and quotes
    extractors derive from them and roles.tsv."""

    verbs: frozenset[str]
    announcing_events: frozenset[str]
    sources: tuple[tuple[str, str], ...]
    particles: frozenset[str]
    not_name: frozenset[str]
    not_name_before: frozenset[str]
    place_nouns: frozenset[str]
    suffixes: frozenset[str]
    documents: frozenset[str]
    org_heads: frozenset[str]
    org_kinds: frozenset[str]
    male_pronouns: frozenset[str]
    female_pronouns: frozenset[str]
    # Pronouns that may point back to a body, a country or a group that spoke before.
    body_pronouns: frozenset[str]
    defer: frozenset[str]
    qualifiers: frozenset[str]
    former: frozenset[str]
    former_sector: str
    male_words: frozenset[str]
    female_words: frozenset[str]
    titles: Mapping[str, Title]
    # Derived: the first words of phrasal verbs ("point" of "point out"), every lemma a speech
    # verb may have, the roles of roles.tsv plus those titles imply and those that speak for a
    # body, every word of a role, every beginning of a role phrase, the roles of titles.
    phrasal: frozenset[str]
    verb_lemmas: frozenset[str]
    # Every lemma by which a speaker announces its own act: the reporting verbs and the
    # announcing events ("said it would", "vowed it would").
    announcing: frozenset[str]
    role_table: Mapping[str, Role]
    role_words: frozenset[str]
    role_prefixes: frozenset[str]
    title_roles: frozenset[str]


def load_speech(doc: TomlDoc, roles: Mapping[str, Role]) -> SpeechData:
    """Load and check speech_verbs.toml; roles.tsv completes the role table."""
    titles: dict[str, Title] = {}
    for key, entry in doc.data.get("titles", {}).items():
        if not isinstance(entry, dict) or set(entry) - {"role", "sector", "gender"}:
            raise doc.fail(f"title {key!r} takes role, sector, gender", "titles", key)
        title = Title(**{k: str(v) for k, v in entry.items()})
        if (title.sector and title.sector not in SECTORS) or title.gender not in "mf":
            raise doc.fail(f"title {key!r}: bad sector or gender", "titles", key)
        titles[key.lower()] = title
    sources = doc.data.get("verbs", {}).get("sources", [])
    if not all(isinstance(s, list) and len(s) == 2 for s in sources):
        raise doc.fail("[verbs] sources must be pairs of words", "verbs", "sources")
    former_sector = str(doc.data.get("roles", {}).get("former_sector", ""))
    if former_sector not in SECTORS:
        raise doc.fail(f"[roles] former_sector {former_sector!r} unknown", "roles", "former_sector")
    verbs = doc.words("verbs", "lemmas")
    defer = doc.words("roles", "defer")
    table = {t.role: Role(t.role, t.sector, "person") for t in titles.values()}
    table |= {p: Role(p, "", "person") for p in defer}
    table.pop("", None)
    role_table = {**table, **roles}
    phrasal = frozenset(v.split()[0] for v in verbs if " " in v)
    announcing_events = doc.words("verbs", "announcing", lower=True)
    return SpeechData(
        verbs=verbs,
        announcing_events=announcing_events,
        sources=tuple((str(a), str(b)) for a, b in sources),
        particles=doc.words("names", "particles"),
        not_name=doc.words("names", "not_name"),
        not_name_before=doc.words("names", "not_name_before"),
        place_nouns=doc.words("names", "place_nouns"),
        suffixes=doc.words("names", "suffixes"),
        documents=doc.words("verbs", "documents"),
        org_heads=doc.words("organizations", "heads"),
        org_kinds=doc.words("organizations", "kinds"),
        male_pronouns=doc.words("pronouns", "male"),
        female_pronouns=doc.words("pronouns", "female"),
        body_pronouns=doc.words("pronouns", "body"),
        defer=defer,
        qualifiers=doc.words("roles", "qualifiers"),
        former=doc.words("roles", "former"),
        former_sector=former_sector,
        male_words=doc.words("roles", "male"),
        female_words=doc.words("roles", "female"),
        titles=titles,
        phrasal=phrasal,
        verb_lemmas=verbs | phrasal,
        announcing=verbs | phrasal | announcing_events,
        role_table=role_table,
        role_words=frozenset(w for p in role_table for w in re.split(r"[\s-]+", p) if w),
        role_prefixes=frozenset(p[:n] for p in role_table for n in range(1, len(p) + 1)),
        title_roles=frozenset(t.role for t in titles.values()),
    )
