"""Actor resolution: a noun phrase in the parse → CAMEO actor codes (country + sector, or IGO).

Coordinated phrases ("Lithuania, Estonia and Latvia") and regional groups ("the Baltics") give
one actor per member; a phrase that cannot be coded keeps its text with an empty code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from tidings.components.events.dyads import LED
from tidings.components.events.patterns import actor_like, bare_number
from tidings.components.people.nouns import person_noun
from tidings.lexicons.leaders import Leader
from tidings.models import Actor, Person
from tidings.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.lexicons import Lexicons
    from tidings.names.matcher import NameMatches

MAX_NAME_TOKENS = 5
# Dependents that belong to the noun phrase of an actor, left of its head.
NP_LEFT = {"compound", "amod", "poss", "nmod", "det", "nummod", "case", "punct", "quantmod"}


@dataclass
class ActorContext:
    """What actor resolution may look back on within one article, and the lexicons it codes
    with."""

    lexicons: Lexicons
    names: NameMatches
    people: Sequence[Person] = ()
    person_at: dict[int, int] = field(default_factory=dict)  # char offset → index in people
    recent: list[Token] = field(default_factory=list)  # subjects seen, most recent last
    place_country: dict[int, str] = field(default_factory=dict)  # char offset → ISO3
    # The country the article is about: domestic actors named without one belong to it.
    home_country: str = ""
    # The country of a sentence's scene ('In Islamabad, a spokesman said'), which comes first.
    scene_country: str = ""
    # The article's date: which office-holder a name means depends on it.
    published: date | None = None
    # Statements coded so far (sentence, CAMEO code, source), for 'rejected the allegation'.
    said: list[tuple[int, str, Actor]] = field(default_factory=list)
    # The spans of the article's direct quotes.
    quoted: tuple[tuple[int, int], ...] = ()
    # Names (as the parser's entities read them) → the actors an earlier mention resolved to.
    named: dict[str, list[Actor]] = field(default_factory=dict)

    def person_for(self, token: Token) -> Person | None:
        index = self.person_at.get(token.idx)
        return self.people[index] if index is not None else None

    def learn(self, head: Token, actors: Sequence[Actor | None]) -> None:
        """Keep the codes a name was resolved to, for a later mention of it that says less."""
        coded = [a for a in actors if a is not None and a.code]
        name = _entity_text(head) if head.pos_ == "PROPN" else ""
        if coded and name:
            self.named.setdefault(name, coded)

    def remember(self, subjects: Iterable[Token]) -> None:
        """Subjects a later pronoun may point back to (resolved only if one does)."""
        self.recent.extend(s for s in subjects if s.pos_ != "PRON")
        del self.recent[:-6]


def phrase_tokens(head: Token, prepositions: frozenset[str]) -> list[Token]:
    """The tokens that name the actor: left modifiers, the head, its phrases of one of the
    `prepositions` (of/from-phrases)."""
    tokens = [head]
    for child in head.lefts:
        if child.dep_ in NP_LEFT:
            tokens.extend(child.subtree)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in prepositions:
            tokens.append(child)
            for grand in child.children:
                if grand.dep_ == "pobj":
                    tokens.extend(t for t in grand.subtree if t.dep_ not in {"relcl", "acl"})
        elif child.dep_ in {"appos"}:
            tokens.extend(child.subtree)
    unique = {t.i: t for t in tokens}
    return [unique[i] for i in sorted(unique)]


def _sector(tokens: list[Token], head: Token, lexicons: Lexicons) -> str:
    """The sector of the longest role phrase up to the head ("defence chiefs" → MIL)."""
    roles = lexicons.roles
    # A possessive head ("the government's demand") still names its own role; a word joined
    # to another by a hyphen ("multi-party elections", "pro-government protesters") does not.
    words = [
        t
        for t in tokens
        if t.i == head.i
        or (t.i < head.i and t.dep_ not in {"det", "poss", "case"} and not _hyphened(t))
    ]
    lowers = [t.lower_ for t in words]
    lemmas = [t.lemma_.lower() for t in words]
    best: tuple[int, int, str] = (0, 0, "")
    for end in range(len(words), 0, -1):
        for start in range(max(0, end - 4), end):
            texts = lowers[start:end]
            for candidate in (" ".join(texts), " ".join([*texts[:-1], lemmas[end - 1]])):
                if candidate in roles:
                    # Prefer the longest phrase, then the one nearest the head.
                    best = max(best, (end - start, end, roles[candidate].sector))
    if best[2]:
        return best[2]
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grand in child.children:
                if grand.lemma_.lower() in roles and grand.pos_ == "NOUN":
                    return roles[grand.lemma_.lower()].sector
    return ""


def _sector_around(head: Token, lexicons: Lexicons) -> str:
    """'officers' alone: the sector of theirs that a role named in the sentence or the one
    before has ('a spokeswoman for the State Police said officers had fired'), else the
    default one."""
    sectors = lexicons.actor_words.ambiguous_roles.get(head.lemma_.lower())
    if not sectors or any(c.dep_ in {"compound", "amod"} for c in head.children):
        return ""
    sentence = head.sent
    start = head.doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    roles = lexicons.roles
    for token in head.doc[start : sentence.end]:
        role = roles.get(token.lower_) or roles.get(token.lemma_.lower())
        if role is not None and token.i != head.i and role.sector in sectors:
            return role.sector
    return sectors[0]


def _hyphened(token: Token) -> bool:
    doc = token.doc
    return (token.i > 0 and doc[token.i - 1].text == "-") or (
        token.i + 1 < len(doc) and doc[token.i + 1].text == "-"
    )


def _span(tokens: list[Token], strip: frozenset[str]) -> tuple[int, int]:
    kept = [t for t in tokens if t.lower_ not in strip and not t.is_punct] or tokens
    return kept[0].idx, kept[-1].idx + len(kept[-1].text)


def _name_ending_at(head: Token, names: NameMatches) -> list[Token]:
    """The known name that ends at the head ('Baltic states', 'Security Council') when it
    lies inside the head's phrase, else the head alone."""
    index = names.match_at.get(head.i)
    if index is not None:
        match = names.matches[index]
        if match.end == head.i + 1 and head.left_edge.i <= match.start < head.i:
            return list(head.doc[match.start : match.end])
        # 'Jamaat-ul-Ahrar has carried out': a name the parser split into several subjects.
        last = head.doc[match.end - 1]
        if match.start <= head.i < match.end - 1 and (last.dep_, last.head.i) == (
            head.dep_,
            head.head.i,
        ):
            return list(head.doc[match.start : match.end])
    return [head]


def evidence_levels(head: Token, names: NameMatches) -> list[list[Token]]:
    """Where a phrase says whose it is, nearest first: the name itself, its modifiers, its
    of/from-phrase, its apposition."""
    whole = _name_ending_at(head, names)
    if len(whole) > 1:
        return [whole]
    name = [head]
    modifiers: list[Token] = []
    for child in head.lefts:
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.i == head.i - 1:
            name.insert(0, child)
        elif child.dep_ in {"amod", "poss", "compound", "nmod"}:
            modifiers.extend(child.subtree)
    for child in name[:-1]:
        modifiers.extend(t for t in child.subtree if t not in name)
    of_phrase: list[Token] = []
    apposition: list[Token] = []
    words = names.lexicons.actor_words
    prepositions = words.phrase_prepositions
    # 'workers affiliated with the Serbian union': the member's phrase describes it too.
    members = [
        prep
        for child in head.rights
        if child.dep_ in {"acl", "amod"} and child.lower_ in words.membership
        for prep in child.children
        if prep.dep_ == "prep"
    ]
    for child in [*head.rights, *members]:
        if child.dep_ == "prep" and (child.lower_ in prepositions or child in members):
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                of_phrase.extend(
                    w for t in pobj.lefts if t.dep_ != "det" for w in t.subtree if w.dep_ != "det"
                )
                of_phrase.extend([pobj, *pobj.conjuncts])
        elif child.dep_ == "appos":
            apposition.extend(child.subtree)
    # The modifiers are read together with the name, so that 'Sri' + 'Lankan army' is one window.
    near = sorted({t.i: t for t in [*modifiers, *name]}.values(), key=lambda t: t.i)
    return [name, near, sorted(of_phrase, key=lambda t: t.i), apposition]


def _codes_from(
    tokens: list[Token],
    head: Token,
    sector: str,
    context: ActorContext,
    groups: bool = True,
) -> tuple[list[str], str, Actor | None]:
    """(countries, sector, an organisation actor) named in some tokens; `groups` lets a
    multi-country region stand for its members."""
    countries: list[str] = []
    names = context.names
    lexicons = names.lexicons
    for match in names.matches_in(tokens):
        kind, key = match.kind, match.key
        if kind == "org":
            org = lexicons.organization_forms[key]
            return [], sector, Actor(text="", code=org.code, country=org.country, name=org.name)
        if kind == "country":
            code, how = lexicons.country_forms[key]
            if how == "adjective" and _ethnic(tokens, key):
                # 'ethnic Albanians in Serbia': an ethnicity, not the people of Albania.
                sector = sector or "CVL"
                continue
            if how == "capital":
                # 'militias in Tripoli, the Lebanese port': the city the places resolved.
                code = context.place_country.get(head.doc[match.start].idx, code)
            countries.append(code)
            if how == "capital" and not sector and head.text == key.split()[-1]:
                sector = "GOV"
        else:
            region = lexicons.region_forms[key]
            if region.members and (not groups or len(region.members) > 8):
                continue
            countries.extend(region.members or ((region.country,) if region.country else ()))
    return countries, sector, None


def resolve_head(head: Token, context: ActorContext, at_home: bool = True) -> list[Actor]:
    """The actor(s) one noun-phrase head stands for; `at_home`: a domestic sector named without
    a country takes the scene's or the article's country."""
    words = context.lexicons.actor_words
    if head.lower_ in words.pronouns and head.pos_ == "PRON":
        return [_pronoun(head, context)]
    tokens = phrase_tokens(head, words.phrase_prepositions)
    span = _span(tokens, words.span_strip)
    # The article's own characters at the span (joined tokens would re-space "pro-Russian").
    text = doc_text(head.doc)[span[0] : span[1]]
    named = _antecedents(head, context)
    if named:
        return [replace(a, text=text, span=span) for a in named]
    bloc = _bloc(head, context.lexicons)
    if bloc:
        return [Actor(text=text, code=bloc, span=span)]
    led = _leader_named(head, context.lexicons)
    if led is not None:
        return [replace(led, text=text, span=span)]
    person = context.person_for(head)
    if person is not None and person.country and person.code:
        return [_person_actor(person, text, span)]
    lexicons = context.lexicons
    plain = lexicons.actor_words.plain_people
    # 'coca growers', 'pensioners': people named by what they do are civilians.
    plain_head = (
        head.lemma_.lower() in plain
        or bare_number(head)
        or (head.tag_ == "NNS" and person_noun(head, lexicons))
    )
    sector = (
        _sector(tokens, head, lexicons)
        or _sector_around(head, lexicons)
        or ("CVL" if plain_head else "")
    )
    if person is not None and not sector and len(person.code) == 3:
        # The article gave the person a role but no country: keep looking for the country.
        sector = person.code
    countries: list[str] = []
    for number, level in enumerate(evidence_levels(head, context.names)):
        countries, sector, org = _codes_from(level, head, sector, context, groups=number != 1)
        if org is not None:
            return [Actor(text=text, code=org.code, country=org.country, name=org.name, span=span)]
        # A town or province the gazetteer placed stands for its country.
        countries = (
            countries
            or [context.place_country[t.idx] for t in level if t.idx in context.place_country][:1]
        )
        if countries:
            break
    unique = list(dict.fromkeys(countries))
    if unique and not sector and _people_of(head, unique, lexicons):
        # 'Iraqi Kurds', 'Algerian landowners': people of a country, not its state.
        sector = "CVL"
    if not unique and (person is not None or head.pos_ == "PROPN"):
        leader = _leader(person.name if person else _proper_name(head), context)
        if leader is None and person is not None and person.role:
            leader = _leader(f"{person.role} {person.name}", context)
        if leader is not None:
            return [
                Actor(
                    text=text,
                    code=leader.code,
                    country=leader.country,
                    sector=leader.sector,
                    name=leader.name,
                    span=span,
                )
            ]
    owned = any(c.dep_ == "poss" for c in head.children)  # 'his country's embassy'
    if not unique and not owned and head.lemma_.lower() in words.foreign_roles:
        # 'expelled the diplomats': another country's, which the text does not name here.
        return [Actor(text=text, span=span)]
    if not unique and not sector and head.pos_ == "PROPN":
        # 'Jamaat-ul-Ahrar, a breakaway faction of the Pakistani Taliban, ... Jamaat-ul-Ahrar
        # has carried out dozens of attacks': a name the text coded before keeps its code.
        known = _coded_before(head, context)
        if known:
            return [replace(a, text=text, span=span) for a in known]
    if not unique and at_home:
        unique = _home_country(sector, context)
    if not unique:
        # A sector without a country is still a CAMEO code ('REB', 'MIL').
        return [Actor(text=text, code=sector, sector=sector, span=span)]
    return [
        Actor(text=text, code=country + sector, country=country, sector=sector, span=span)
        for country in unique
    ]


def _bloc(head: Token, lexicons: Lexicons) -> str:
    """'The West imposed sanctions': a bare definite proper noun that names a bloc of states
    (not 'the West Bank', 'West Africa', which the parse joins to it)."""
    code = lexicons.actor_words.blocs.get(head.text, "")
    if not code or head.pos_ != "PROPN":
        return ""
    if any(c.dep_ in {"compound", "amod", "poss", "nmod"} for c in head.children):
        return ""
    if head.dep_ == "compound" or (
        head.i + 1 < len(head.doc) and head.doc[head.i + 1].pos_ == "PROPN"
    ):
        return ""
    return code if any(c.dep_ == "det" and c.lower_ == "the" for c in head.children) else ""


def _leader_named(head: Token, lexicons: Lexicons) -> Actor | None:
    """'U.S.-led' as one word: the country or body named before '-led'."""
    if not head.lower_.endswith(LED):
        return None
    name = head.text[: -len(LED)]
    if name in lexicons.country_forms:
        country = lexicons.country_forms[name][0]
        return Actor(text=name, code=country, country=country)
    org = lexicons.organization_forms.get(name)
    return Actor(text=name, code=org.code, country=org.country, name=org.name) if org else None


def _entity_text(token: Token) -> str:
    span = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    return span.text if span is not None else ""


def _coded_before(head: Token, context: ActorContext) -> list[Actor]:
    """The actors an earlier mention of the same name resolved to."""
    name = _entity_text(head)
    return list(context.named.get(name, ())) if name else []


def _home_country(sector: str, context: ActorContext) -> list[str]:
    """The country of a domestic sector named without one: the scene's, else the article's."""
    if sector not in context.lexicons.actor_words.domestic_sectors:
        return []
    return [c for c in (context.scene_country or context.home_country,) if c]


def _ethnic(tokens: list[Token], adjective: str) -> bool:
    first = adjective.split()[0]
    return any(t.text == first and t.i > 0 and t.doc[t.i - 1].lower_ == "ethnic" for t in tokens)


def _people_of(head: Token, countries: list[str], lexicons: Lexicons) -> bool:
    """A plural noun for people whose country comes from a modifier, not from the head."""
    if head.tag_ not in {"NNS", "NNPS"}:
        return False
    return head.text not in lexicons.country_forms and person_noun(head, lexicons)


def _proper_name(head: Token) -> str:
    """'Yoweri Museveni' from its head: the run of proper nouns ending at the head."""
    words = [head]
    for token in reversed(list(head.lefts)):
        if token.dep_ == "compound" and token.pos_ == "PROPN" and token.i == words[0].i - 1:
            words.insert(0, token)
    return " ".join(t.text for t in words)


def _leader(name: str, context: ActorContext) -> Leader | None:
    """Who a named office-holder is, when the article does not say which country they serve."""
    return context.lexicons.leaders.lookup(name, context.published) if name else None


def _pronoun(head: Token, context: ActorContext) -> Actor:
    """A pronoun: the subject of the speech verb it reports for, else the most recent actor."""
    words = context.lexicons.actor_words
    verb = head.head
    while verb.dep_ in {"conj", "xcomp", "aux"} and verb.head is not verb:
        verb = verb.head
    # 'said soldiers fought them off': an object is not whoever says it, but a group named
    # before it in the sentence, other than the verb's own subject.
    if head.dep_ in OBJECT_PRONOUN_DEPS and head.lower_ in words.group_pronouns:
        group = _earlier_group(head, context) if head.lower_ == "them" else None
        if group is not None:
            return group
    elif verb.dep_ == "ccomp":
        speaker = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if speaker is not None and not (
            speaker.lower_ in words.pronouns and speaker.pos_ == "PRON"
        ):
            found = resolve_head(speaker, context)
            if found and found[0].code:
                return found[0]
    if head.lower_ in words.speaker_pronouns:
        return Actor(text=head.text, span=_span([head], words.span_strip))
    person = context.person_for(head)
    if person is not None:
        return _person_actor(person, head.text, _span([head], words.span_strip))
    personal = head.lower_ in words.person_pronouns
    # '"We walked for four days. They burned our houses," said Amina': inside a quote, a group
    # is one the quote names, not one of the story outside it.
    quote = next((q for q in context.quoted if q[0] <= head.idx < q[1]), None)
    for subject in reversed(context.recent):
        if subject.i >= head.i and subject.doc is head.doc:
            continue
        if quote is not None and not personal and not quote[0] <= subject.idx < quote[1]:
            continue
        for actor in resolve_head(subject, context):
            if actor.code and bool(actor.name) == personal:
                return actor
    return Actor(text=head.text, span=_span([head], words.span_strip))


OBJECT_PRONOUN_DEPS = {"dobj", "pobj", "dative"}


def _earlier_group(head: Token, context: ActorContext) -> Actor | None:
    """The latest plural noun for a group named before 'them' in its sentence, other than the
    side of the pronoun's own verb: '40 militants had attacked the post and soldiers fought
    them off'."""
    lexicons = context.lexicons
    own_subject = next((c for c in head.head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    own = {a.code for a in resolve_head(own_subject, context)} if own_subject is not None else set()
    nouns = [
        t
        for t in head.sent
        if t.i < head.i
        and t.tag_ in {"NNS", "NNPS"}
        and t.dep_ in GROUP_DEPS
        and actor_like(t, lexicons)
        and (own_subject is None or t.i != own_subject.i)
    ]
    for noun in reversed(nouns):
        if context.person_for(noun) is not None:
            continue
        for actor in resolve_head(noun, context):
            if actor.code and actor.code not in own:
                return actor
    return None


# Relations of the nouns a later 'them' may point back to.
GROUP_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}


def _person_actor(person: Person, text: str, span: tuple[int, int]) -> Actor:
    sector = person.code[3:] if len(person.code) > 3 else ""
    return Actor(
        text=text,
        code=person.code,
        country=person.country,
        sector=sector,
        name=person.name,
        span=span,
    )


def _share_country(found: list[tuple[Actor, bool]]) -> list[Actor]:
    """'the Colombian government and the rebels': a sector named without a country in a
    coordination takes the country of the first member that has one, if it names an actor
    ('Palestinian homes and civilian buildings' do not share)."""
    country = next((a.country for a, _ in found if a.country and a.country != "IGO"), "")
    return [
        replace(a, country=country, code=country + a.sector)
        if country and shares and a.sector and not a.country and a.code == a.sector
        else a
        for a, shares in found
    ]


# Dependents of a noun that make it the name of its own actor ('the Syrian government').
DESCRIBED = {"amod", "compound", "poss", "nmod", "prep", "appos"}
# Dependents of the nouns that can be named before an anaphor.
NAMED_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "poss"}


def _antecedents(head: Token, context: ActorContext) -> list[Actor]:
    """'The BBC ... the broadcaster', 'Pakistan ... the country', 'India and China ... both
    governments': a definite, bare noun for a kind of actor stands for the one actor of that
    kind (two when plural) named just before it."""
    kind = context.lexicons.actor_words.kinds.get(head.lemma_.lower())
    if kind is None or any(c.dep_ in DESCRIBED for c in head.children):
        return []
    determiners = {c.lower_ for c in head.children if c.dep_ in {"det", "predet"}}
    if not determiners & {"the", "both", "this", "these"}:
        return []
    wanted = 2 if head.tag_ in {"NNS", "NNPS"} else 1
    # The sentence and the one before first; further back only while they name too few
    # ('... peace between the two countries and urged both governments').
    for back in range(1, KIND_LOOKBACK + 1):
        named = _named_before(head, context, back)
        # The subjects (and what is conjoined to them) first: 'Pakistan rejected India's
        # claims. The country ...' is Pakistan.
        subjects = [t for t in named if t.dep_ in {"nsubj", "nsubjpass"} or _conjoined_subject(t)]
        most = 0
        for tokens in (subjects, named):
            found: dict[str, Actor] = {}
            for token in tokens:
                for actor in resolve_head(token, context, at_home=False):
                    fitted = _of_kind(actor, kind)
                    if fitted is not None:
                        found.setdefault(fitted.code, fitted)
            if len(found) == wanted:
                return list(found.values())
            most = max(most, len(found))
        if most > wanted:
            return []  # more of that kind than it can mean: which one is not told
    return []


# How many sentences back a definite noun for a kind of actor may point.
KIND_LOOKBACK = 3


def _conjoined_subject(token: Token) -> bool:
    return token.dep_ == "conj" and any(
        t.dep_ in {"nsubj", "nsubjpass"} for t in token.ancestors if t.i < token.i
    )


def _named_before(head: Token, context: ActorContext, back: int = 1) -> list[Token]:
    """Nouns named earlier in the head's sentence and in the `back` sentences before."""
    start = head.sent.start
    for _ in range(back):
        if start == 0:
            break
        start = head.doc[start - 1].sent.start
    kinds = context.lexicons.actor_words.kinds
    return [
        t
        for t in head.doc[start : head.i]
        if t.pos_ in {"PROPN", "NOUN"} and t.dep_ in NAMED_DEPS and t.lemma_.lower() not in kinds
    ]


def _of_kind(actor: Actor, kind: str) -> Actor | None:
    country = actor.country
    if not country or country == "IGO":
        return actor if kind not in {"country", "GOV"} and actor.code.endswith(kind) else None
    if kind == "country":
        return actor if actor.code == country else None
    if kind == "GOV":
        return (
            replace(actor, code=country + "GOV", sector="GOV", name="")
            if actor.code in {country, country + "GOV"}
            else None
        )
    return actor if actor.code.endswith(kind) else None


def foreign_role(actor: Actor, context: ActorContext) -> bool:
    """An envoy, an embassy: the representative of another country than the side it faces."""
    words = actor.text.lower().split()
    roles = context.lexicons.actor_words.foreign_roles
    return bool(words) and (words[-1] in roles or words[-1].removesuffix("s") in roles)


def earlier_country(actor: Actor, context: ActorContext) -> str:
    """The country an earlier subject of the same sector named ('the Malian junta took power.
    ... the junta'), the latest first."""
    for token in reversed(context.recent):
        for found in resolve_head(token, context, at_home=False):
            if found.sector == actor.sector and found.country and found.country != "IGO":
                return found.country
    return ""


def sentence_country(actor: Actor, trigger: Token, context: ActorContext) -> str:
    """The country an actor of the same sector named earlier in the trigger's sentence gave
    ('an operation against al Shabaab militants, killing 30 fighters'), the nearest first."""
    if actor.span is None:
        return ""
    named = [
        t
        for t in trigger.sent
        if t.idx < actor.span[0] and t.pos_ in {"NOUN", "PROPN"} and t.dep_ in NAMED_DEPS
    ]
    for token in reversed(named):
        for found in resolve_head(token, context, at_home=False):
            # a body's code carries its sector ('SOMREB' for al Shabaab)
            sector = found.sector or found.code[3:6]
            if sector == actor.sector and found.country and found.country != "IGO":
                return found.country
    return ""


def _at_home(actor: Actor, context: ActorContext) -> Actor:
    if actor.country or actor.code != actor.sector:
        return actor
    country = next(iter(_home_country(actor.sector, context)), "")
    return replace(actor, country=country, code=country + actor.sector) if country else actor


def coordinated(head: Token) -> list[Token]:
    """A head and the heads coordinated with it, also those the parser hung on its name
    ("Sudan's Foreign Minister Hassan Abdelrahim and South Sudan's foreign minister")."""
    named = [c for c in head.children if c.dep_ == "appos" and c.left_edge.i == head.i + 1]
    joined = [*head.conjuncts, *(c for a in named for c in a.conjuncts)]
    return [head, *(t for t in joined if t.i != head.i)]


def resolve(head: Token, context: ActorContext) -> list[Actor]:
    """Actors for a head and its coordinated heads, one per distinct code."""
    found = [
        (actor, actor_like(token, context.lexicons))
        for token in coordinated(head)
        for actor in resolve_head(token, context, at_home=False)
    ]
    out = [_at_home(a, context) for a in _share_country(found)]
    if any(a.country or a.code.startswith(("IGO", "NGO", "IMG")) for a in out):
        # 'Palestinian homes and civilian buildings': the part with a country names the actor.
        out = [a for a in out if a.country or a.code.startswith(("IGO", "NGO", "IMG"))]
    elif any(a.code for a in out):
        out = [a for a in out if a.code]
    seen: set[str] = set()
    unique = []
    for actor in out:
        key = actor.code or actor.text
        if key not in seen:
            seen.add(key)
            unique.append(actor)
    return unique
