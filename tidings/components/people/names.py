"""Person names in a parsed doc: runs of capitalised words, and which of them the text marks
as people.

The small parser's NER misses many names (it tags "Edgars Rinkevics" as ORG), so a run of
capitalised proper nouns is taken as a person when the text says so: the NER, a title or role
before it ("Capt.", "Latvia's Foreign Minister"), an apposition ("X, a spokeswoman for the
army,"), a relative clause ("X, who said"), or its being the subject of a reporting verb.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.components.people.describe import (
    SUBJECT_DEPS,
    Descriptor,
    describe,
    is_speech_verb,
    title_of,
)
from tidings.components.people.organizations import in_place_phrase, is_place
from tidings.lexicons.words import SpeechData
from tidings.names.matcher import NameMatches
from tidings.nlp import token_column

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tidings.lexicons import Lexicons

NOT_NAME_ENTS = frozenset(
    {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP"}
)
# The small model calls some people places ("Alain Dubois" LOC): such a run needs a title,
# a role or an apposition, not merely a reporting verb.
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
Run = tuple[int, int]


def _name_token(token: Token, lex: NameMatches) -> bool:
    text, speech = token.text, lex.lexicons.speech
    return (
        text[:1].isupper()
        and any(c.isalpha() for c in text)
        and (not (len(text) > 1 and text.isupper()) or is_initial(text) or text in speech.suffixes)
        and (token.pos_ == "PROPN" or token.ent_type_ == "PERSON")
        and token.ent_type_ not in NOT_NAME_ENTS
        and token.i not in lex.country_at
        and token.i not in lex.org_at
        and text not in speech.not_name
        and title_of(token, speech) is None
        and token.lower_ not in speech.role_words
    )


def is_initial(text: str) -> bool:
    return len(text) == 2 and text[0].isupper() and text[1] == "."


def name_runs(doc: Doc, lex: NameMatches) -> list[Run]:
    """Maximal runs of name tokens, joined by particles and hyphens, at most five long."""
    orth = token_column(doc, "ORTH")
    name = [word[:1].isupper() and _name_token(doc[i], lex) for i, word in enumerate(orth)]
    particles = lex.lexicons.speech.particles
    runs: list[Run] = []
    i = 0
    while i < len(doc):
        if not name[i]:
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j - i < 6 and not doc[j].is_sent_start:
            if name[j]:
                j += 1
                continue
            # "al-Assad", "von der Leyen": particles and hyphens between name words.
            k = j
            while k < len(doc) and k - j < 3 and _joiner(doc, k, particles):
                k += 1
            if k == j or k >= len(doc) or not (name[k] or _glued(doc, k)):
                break
            j = k + 1
        runs.append((i, j))
        i = j
    return runs


def _joiner(doc: Doc, k: int, particles: frozenset[str]) -> bool:
    token = doc[k]
    return token.lower_ in particles or (token.text == "-" and not doc[k - 1].whitespace_)


def _glued(doc: Doc, k: int) -> bool:
    """ "Hau-yip": a lower-case name part hyphenated to the name word before it."""
    return (
        doc[k].is_alpha
        and doc[k - 1].text == "-"
        and not doc[k - 1].whitespace_
        and not doc[k - 2].whitespace_
        and doc[k - 2].text[:1].isupper()
    )


def _description_words_of(lexicons: Lexicons) -> frozenset[str]:
    speech = lexicons.speech
    return speech.role_words | speech.qualifiers | {"of", "to", "pro", "anti", "-"}


def _left_region(doc: Doc, start: int, lex: NameMatches) -> list[Token]:
    """The descriptive words right before a name: "Latvia's Foreign Minister", "Capt."."""
    speech = lex.lexicons.speech
    words = lex.lexicons.derive(_description_words_of)
    region: list[Token] = []
    i = start - 1
    while i >= 0 and not doc[i + 1].is_sent_start:
        t = doc[i]
        dot = t.text == "." and i > 0 and title_of(doc[i - 1], speech) is not None
        # "Ambassador to the European Union": "the" inside a role's of- or to-phrase.
        dot = dot or (t.lower_ == "the" and i > 0 and doc[i - 1].lower_ in ("of", "to"))
        lexical = t.i in lex.country_at or t.i in lex.org_at or t.tag_ == "POS"
        # "pro-Western", "anti-government": a stance, part of the description.
        lexical = lexical or (i > 1 and doc[i - 1].text == "-" and doc[i - 2].lower_ in words)
        if not (dot or lexical or t.lower_ in words or title_of(t, speech) is not None):
            k = _title_words(doc, i, lex)
            if k == i:
                break
            region[:0] = doc[k + 1 : i + 1]
            i = k
            continue
        region.insert(0, t)
        i -= 1
    while region and (region[0].lower_ in ("of", "to", "-") or region[0].tag_ == "POS"):
        region.pop(0)
    return region


def _title_words(doc: Doc, i: int, lex: NameMatches) -> int:
    """ "Chad's Humanitarian Affairs Minister", "Amnesty's Research and Advocacy Director":
    capitalised words of a title (joined by "and"), after a country's or a body's possessive;
    the index before them, or `i` when there are none."""
    speech = lex.lexicons.speech
    k = i
    while k >= 0 and i - k < 5:
        token = doc[k]
        joined = token.lower_ in ("and", "&") and doc[k - 1].text[:1].isupper()
        if not (joined or (token.text[:1].isupper() and token.is_alpha)):
            break
        if token.i in lex.country_at or token.i in lex.org_at or token.is_sent_start:
            return i
        after = doc[k + 1] if k + 1 < len(doc) else token
        role_next = after.lower_ in speech.role_words or title_of(after, speech) is not None
        if token.ent_type_ == "PERSON" and not (joined or role_next):
            return i  # "Kenya's President William Ruto and Uganda's minister": a name, no title
        k -= 1
    owner = k >= 1 and doc[k].tag_ == "POS"
    owner = owner and (doc[k - 1].i in lex.country_at or doc[k - 1].i in lex.org_at)
    return k if owner and k < i and doc[k + 1].lower_ not in ("and", "&") else i


def run_head(doc: Doc, run: Run) -> Token:
    """The run's syntactic head: the token whose head lies outside the run."""
    inside = [t for t in doc[run[0] : run[1]] if not run[0] <= t.head.i < run[1] or t.head == t]
    return inside[0] if inside else doc[run[1] - 1]


def _apposition(doc: Doc, run: Run, lex: NameMatches) -> Descriptor | None:
    """ "Lavrov, the foreign minister," or "the foreign minister, Sergey Lavrov"."""
    head, speech = run_head(doc, run), lex.lexicons.speech
    for child in head.children:
        if child.dep_ == "appos" and _role_noun(child, speech) and not _introduces_name(doc, child):
            return describe(list(child.subtree), lex, child)
    noun = head.head
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and not _role_noun(noun, speech):
        noun = noun.head.head  # "the foreign minister of Finland, Anna Virtanen" parsed askew
    if head.dep_ == "appos" and _role_noun(noun, speech):
        if noun.i == run[0] - 2:
            # "X and Uganda's foreign minister, Y": the role's own words, not all it governs.
            return describe(_left_region(doc, noun.i + 1, lex), lex, noun)
        inner = set(head.subtree)
        return describe([t for t in noun.subtree if t not in inner], lex, noun)
    return _role_before_comma(doc, run, head, lex) or _affiliation(head, lex)


def _affiliation(head: Token, lex: NameMatches) -> Descriptor | None:
    """ "Chad Miller of the Carnegie Endowment", "Ana Ruiz from Oxfam": the body a name is
    of speaks for the person (with the body's own country, not the story's)."""
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "from", "at"):
            continue
        for obj in prep.children:
            entry = lex.org_at.get(obj.i) if obj.dep_ == "pobj" else None
            if entry is not None:
                return Descriptor(country=entry.country, org_code=entry.code)
    return None


def _introduces_name(doc: Doc, noun: Token) -> bool:
    """ "X and Y's foreign minister, Z,": the role noun is followed by the name it describes."""
    after = noun.right_edge.i + 1
    return (
        after + 1 < len(doc)
        and doc[after].text == ","
        and doc[after + 1].pos_ == "PROPN"
        and doc[after + 1].text[:1].isupper()
    )


def _role_before_comma(doc: Doc, run: Run, head: Token, lex: NameMatches) -> Descriptor | None:
    """ "South Sudan's foreign minister, Peter Majok," parsed as two appositions of an earlier
    name: the role noun just before the comma, tied to the name through the parse."""
    if run[0] < 2 or doc[run[0] - 1].text != "," or doc[run[0]].is_sent_start:
        return None
    noun = doc[run[0] - 2]
    tied = noun.head == head.head or noun.head == head or head.head == noun
    role = _role_noun(noun, lex.lexicons.speech)
    if not (role and tied and noun.dep_ in ("appos", "conj", "nsubj", "dobj")):
        return None
    region = _left_region(doc, run[0] - 1, lex)
    return describe(region, lex, noun) if noun in region else None


def _role_noun(token: Token, speech: SpeechData) -> bool:
    """A noun that names what a person is: a person role, a title's role, or "head"/"chief"."""
    role = speech.role_table.get(token.lower_)
    return role is not None and role.kind == "person"


def _speaks(head: Token, speech: SpeechData) -> bool:
    """Is the token the subject of a reporting verb, or the antecedent of "who ..."?"""
    if head.dep_ in SUBJECT_DEPS and is_speech_verb(head.head, speech):
        return True
    return any(
        c.dep_ == "relcl" and any(s.lower_ == "who" and s.dep_ in SUBJECT_DEPS for s in c.children)
        for c in head.children
    )


def _beside_not_name(doc: Doc, run: Run, data: SpeechData) -> bool:
    """ "Donetsk People's Republic", "Operation Inherent Resolve": part of a longer name;
    "the Kinondoni district": the name of a place."""
    after = doc[run[1]] if run[1] < len(doc) else None
    if in_place_phrase(doc, run[0], run[1], data):
        return True
    if after is not None and after.tag_ == "POS" and run[1] + 1 < len(doc):
        after = doc[run[1] + 1]
    before = doc[run[0] - 1].text if run[0] else ""
    return (after is not None and after.text in data.not_name) or before in data.not_name_before


def _kind_noun(token: Token, speech: SpeechData) -> bool:
    """ "faction", "newspaper", "think tank", "rebel group": a noun saying what kind of body."""
    kinds = speech.org_kinds
    role = speech.role_table.get(token.lower_)
    before = token.doc[token.i - 1].lower_ if token.i else ""
    return (
        token.lower_ in kinds
        or f"{before} {token.lower_}" in kinds
        or (role is not None and role.kind == "group")
    )


def _described_body(doc: Doc, run: Run, lex: NameMatches) -> Descriptor | None:
    """ "X, a breakaway faction of Y,", "the weekly X newspaper", "the state broadcaster X"."""
    tokens, speech = doc[run[0] : run[1]], lex.lexicons.speech
    kind = next(
        (
            c
            for t in tokens
            for c in t.children
            if c.dep_ == "appos" and c.i >= run[1] and _kind_noun(c, speech)
        ),
        None,
    )
    if kind is not None:
        return describe(list(kind.subtree), lex, kind)
    head, places = run_head(doc, run), speech.place_nouns
    after = doc[run[1]] if run[1] < len(doc) else None
    if (
        after is not None
        and after.text.islower()
        and after.pos_ == "NOUN"
        and head.head == after
        and _kind_noun(after, speech)
        and after.lower_ not in places
    ):
        return describe([after], lex, after)
    before = doc[run[0] - 1] if run[0] else None
    if (
        before is not None
        and before.text.islower()
        and before.lower_ in speech.org_kinds
        and (before.head == head or head.head in (before, before.head))
    ):
        return describe(list(doc[before.left_edge.i : before.i + 1]), lex, before)
    return None


def body_runs(doc: Doc, runs: list[Run], lex: NameMatches) -> dict[Run, Descriptor]:
    """Runs the text marks as the names of bodies, not people: "X, a breakaway faction of Y,"
    and "the weekly X newspaper"; every run with the same words as one of them too."""
    found: dict[Run, Descriptor] = {}
    for run in runs:
        about = _described_body(doc, run, lex)
        if about is not None:
            found[run] = about
    named = {doc[a:b].text: about for (a, b), about in found.items()}
    for run in runs:
        if run not in found and doc[run[0] : run[1]].text in named:
            found[run] = named[doc[run[0] : run[1]].text]
    return found


def person_runs(
    doc: Doc, runs: list[Run], lex: NameMatches, bodies: dict[Run, Descriptor]
) -> dict[Run, Descriptor]:
    """The runs the text marks as people, each with what the text says about them."""
    found: dict[Run, Descriptor] = {}
    regions: dict[Run, list[Token]] = {}
    speech = lex.lexicons.speech
    # "the border town of Adre" makes "In Adre, ..." a place too.
    places = {doc[a:b].text for a, b in runs if in_place_phrase(doc, a, b, speech)}
    for run in runs:
        if run in bodies or _beside_not_name(doc, run, speech):
            continue
        region = _left_region(doc, run[0], lex)
        if region and region[-1].lower_ in ("of", "to"):
            region = []  # "the head of X's council", "adviser to X": X does not hold the role
        left = describe(region, lex) if region else Descriptor()
        first = doc[run[0]]
        # "Official Journal": the NER reads the role word as part of a body's name.
        inside = (
            first.ent_iob_ == "I"
            and first.ent_type_ not in ("PERSON", "")
            and doc[run[0] - 1].lower_ in speech.role_words
        )
        marked = not inside and (bool(left.role) or any(title_of(t, speech) for t in region))
        appos = _apposition(doc, run, lex)
        labels = {t.ent_type_ for t in doc[run[0] : run[1]]}
        # A lone word the NER calls an organisation ("Gazprom said") needs more than a verb.
        speaks = (
            _speaks(run_head(doc, run), speech)
            and (run[1] - run[0] > 1 or "ORG" not in labels)
            and not labels & PLACE_ENTS
        )
        strong = marked or appos is not None
        text = doc[run[0] : run[1]].text
        if not strong and (text in places or is_place(text, lex.lexicons)):
            continue  # "Kowloon" tagged PERSON
        if strong or "PERSON" in labels or speaks:
            # A role the text spells out beats one a bare title implies ("Col. X, a spokesman").
            weak = not left.role or left.role in speech.title_roles
            about = (appos.merge(left) if weak else left.merge(appos)) if appos else left
            found[run] = about.merge(_owner_of(doc, region[0].i if region else run[0], found))
            regions[run] = region
    # "Research and Advocacy Director Paul Brown": a run inside the title of the name after it
    # is a word of that title, not a person.
    titled = {t.i for region in regions.values() for t in region}
    return {run: about for run, about in found.items() if run[0] not in titled}


def _owner_of(doc: Doc, start: int, found: dict[Run, Descriptor]) -> Descriptor:
    """ "Putin's spokesman X": X serves the country (or body) of the person before "'s"."""
    if start < 2 or doc[start - 1].tag_ != "POS":
        return Descriptor()
    owner = next((d for (a, b), d in found.items() if b == start - 1), Descriptor())
    return Descriptor(country=owner.country, org_code=owner.org_code)
