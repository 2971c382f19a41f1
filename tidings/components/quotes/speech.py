"""Quotes: direct and partial quotations in quote marks, indirect speech, and their speakers.

A direct quote is a clause in quote marks, possibly over several sentences and paragraphs; a
partial quote is a few quoted words inside the reporter's own sentence; indirect speech is the
clausal complement of a reporting verb ("X said the move was necessary") or a clause credited
with "according to X". The speaker is the subject of the reporting verb, resolved to a person or
organisation of the article, a country or government, or failing that a described role.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import InitVar, dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from tidings.components.people.describe import SUBJECT_DEPS, describe, is_speech_verb
from tidings.components.quotes.marks import quote_spans
from tidings.lexicons import Lexicons
from tidings.lexicons.words import SpeechData
from tidings.models import Organization, Person, Quote, Span, Speaker
from tidings.names.matcher import NameMatches
from tidings.nlp import lower_lemmas, token_column
from tidings.pipeline.state import ArticleState
from tidings.syntax import subject_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)

FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
RELATIVES = frozenset({"who", "that", "which"})
CORE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "flat", "det"})
LEFT_OUT = frozenset({"relcl", "acl", "advcl", "punct", "cc", "conj"})


@dataclass
class QuoteContext:
    """What speaker resolution looks at within one article."""

    doc: Doc
    text: str
    lex: NameMatches
    lexicons: Lexicons
    people: Sequence[Person]
    person_at: dict[int, int]  # token index -> index in people
    organizations: Sequence[Organization]
    quoted: set[int]  # token indexes inside quote marks
    # Each sentence's [start, end) token range; Token.sent walks the doc's sentences each time.
    sentence_tokens: InitVar[Sequence[tuple[int, int]]]
    starts: list[int] = field(default_factory=list)  # token -> first token of its sentence
    ends: list[int] = field(default_factory=list)  # token -> one past its sentence's last

    @property
    def speech(self) -> SpeechData:
        return self.lexicons.speech

    def __post_init__(self, sentence_tokens: Sequence[tuple[int, int]]) -> None:
        self.starts, self.ends = [0] * len(self.doc), [len(self.doc)] * len(self.doc)
        for start, end in sentence_tokens:
            self.starts[start:end] = [start] * (end - start)
            self.ends[start:end] = [end] * (end - start)

    def org_at(self, token: Token) -> Organization | None:
        for org in self.organizations:
            if any(a <= token.idx < b for a, b in org.spans):
                return org
        return None


def _subject(verb: Token, speech: SpeechData) -> Token | None:
    """Who speaks: the verb's subject, or the one quoted ("he was quoted as saying")."""
    subject = subject_of(verb, lambda token: is_speech_verb(token, speech))
    return subject.actor or subject.patient


def _phrase(token: Token) -> list[Token]:
    """The noun phrase a subject token heads, without clauses and appositions."""
    out = [token]
    for child in token.children:
        if child.dep_ not in LEFT_OUT:
            out.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


def _core(token: Token) -> list[Token]:
    """The words that name the subject itself: modifiers, appositions and of-phrases."""
    out = [token]
    for child in token.children:
        if child.dep_ in CORE_DEPS or (child.dep_ == "prep" and child.lower_ == "of"):
            out.extend(child.subtree)
    return out


def speaker_of(token: Token | None, ctx: QuoteContext, wide: bool = False) -> Speaker | None:
    """A subject token as a speaker: a person, a country, an organisation, a described role.

    `wide` looks for people and bodies in the whole subtree ("a report by SIPRI").
    """
    if token is None:
        return None
    if token.lower_ in RELATIVES and token.head.dep_ == "relcl":
        token = token.head.head
    phrase = sorted(token.subtree, key=lambda t: t.i) if wide else _phrase(token)
    core = phrase if wide else _core(token)
    named = [token.i] if token.i in ctx.person_at else []
    named += [t.i for t in core if t.i in ctx.person_at and t.dep_ != "poss"]
    if named:
        return _person(ctx.people[ctx.person_at[named[0]]])
    if token.pos_ == "PRON":
        return _antecedent(token, ctx)
    named_body = _named_before(token, ctx)
    if named_body is not None:
        return named_body
    if token.lower_ in ctx.speech.documents:
        # "the statement said": whoever the statement is from, if it says.
        inner = [t for t in token.subtree if t is not token and t.pos_ in ("PROPN", "NOUN")]
        found = [speaker_of(t, ctx) for t in inner if t.i in ctx.person_at or ctx.org_at(t)]
        return next((f for f in found if f is not None), None)
    if token.i in ctx.lex.country_at:
        code, how = ctx.lex.country_at[token.i]
        name = ctx.lexicons.countries[code].name
        return Speaker(name, code + "GOV" if how == "capital" else code, "")
    role = ctx.speech.role_table.get(token.lower_)
    org = ctx.org_at(token) or (
        None if role else next((o for o in map(ctx.org_at, core) if o is not None), None)
    )
    if org is not None:
        return Speaker(org.name, org.code, "")
    about = describe(phrase, ctx.lex, token)
    words = [t for t in phrase if t.dep_ != "det" and not t.is_punct]
    name = ctx.doc[words[0].i : words[-1].i + 1].text if words else token.text
    return Speaker(name, about.code if about.role or about.country else "", about.role)


def _antecedent(pronoun: Token, ctx: QuoteContext) -> Speaker | None:
    """ "The Pentagon denied the claims. “...,” it said": "it" (a body or a country) and "they"
    (a group or a body) speak for the nearest subject before them, in their own sentence or the
    one before, that names such a speaker; never for a person."""
    if pronoun.lower_ not in ctx.speech.body_pronouns:
        return None
    plural = pronoun.lower_ != "it"
    start = ctx.starts[pronoun.i]
    earlier = ctx.starts[start - 1] if start else start
    subjects = [
        t
        for t in ctx.doc[earlier : pronoun.i]
        if t.dep_ in SUBJECT_DEPS and t.pos_ != "PRON" and t.i not in ctx.quoted
    ]
    for subject in reversed(subjects):
        # "they" may also stand for a body or a country named in the singular.
        body = plural and (ctx.org_at(subject) or subject.i in ctx.lex.country_at)
        number_agrees = (subject.tag_ in ("NNS", "NNPS")) == plural
        if subject.i in ctx.person_at or not (number_agrees or body):
            continue
        speaker = speaker_of(subject, ctx)
        if speaker is not None and speaker.code:
            return speaker
    return None


def _named_before(token: Token, ctx: QuoteContext) -> Speaker | None:
    """ "the ministry said": the body the article named before with that word in its name
    ("the Foreign Ministry"), when the phrase names no country or body of its own."""
    if token.pos_ != "NOUN" or not any(c.lower_ == "the" for c in token.children):
        return None
    if any(t.i in ctx.lex.country_at or ctx.org_at(t) for t in token.subtree):
        return None
    word = token.lower_
    named = [
        org
        for org in ctx.organizations
        if org.spans
        and org.spans[0][0] < token.idx
        and word in (w.lower() for w in org.name.split())
    ]
    if len({org.name for org in named}) != 1:
        return None
    return Speaker(named[-1].name, named[-1].code, "")


def _person(person: Person) -> Speaker:
    return Speaker(person.name, person.code, person.role)


def _verb_after(tokens: Sequence[Token], ctx: QuoteContext) -> Token | None:
    """ "“...,” X said" / "“...,” said X": a reporting verb just after the closing mark."""
    last = tokens[-1]
    for token in ctx.doc[last.i + 1 : min(ctx.ends[last.i], last.i + 10)]:
        if token.i in ctx.quoted:
            return None
        if is_speech_verb(token, ctx.speech):
            return token
    return None


def _verb_above(tokens: Sequence[Token], ctx: QuoteContext) -> Token | None:
    """A reporting verb governing the quoted words ("X said: “...”", "said ... “devastating”")."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i in inside:
            continue
        for above in token.ancestors:
            if above.i not in ctx.quoted and is_speech_verb(above, ctx.speech):
                return above
    return None


def _kind(ctx: QuoteContext, span: Span, tokens: Sequence[Token]) -> Literal["direct", "partial"]:
    """Direct when the quote is a clause of its own; partial when a few words sit in a sentence."""
    text = ctx.text
    before = text[: max(0, span[0] - 1)].rstrip()
    opening = ctx.doc[ctx.starts[tokens[0].i]].idx >= span[0] - 2
    at_start = opening or not before or before[-1] in ":,.?!"
    clause = any(t.tag_ in FINITE for t in tokens)
    first = next((c for c in text[span[0] : span[1]] if c.isalpha()), "")
    return "direct" if clause and (at_start or first.isupper()) else "partial"


def _verb_before(tokens: Sequence[Token], ctx: QuoteContext) -> Token | None:
    """ "X said, “...”" in the same sentence, or "X said:" closing the sentence before."""
    first = tokens[0]
    start = ctx.starts[first.i]
    for token in reversed(ctx.doc[max(start, first.i - 6) : first.i]):
        if is_speech_verb(token, ctx.speech) and token.i not in ctx.quoted:
            return token
    if start == 0:
        return None
    ends = [t for t in ctx.doc[ctx.starts[start - 1] : start] if not t.is_space]
    if ends and ends[-1].text == ":":
        return next((t for t in reversed(ends) if is_speech_verb(t, ctx.speech)), None)
    return None


def verb_name(verb: Token, speech: SpeechData) -> str:
    """The reporting verb's lemma, with its particle when listed ("point out")."""
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ == "prt" and f"{lemma} {child.lower_}" in speech.verbs:
            return f"{lemma} {child.lower_}"
    return lemma


def _opens_sentence(tokens: Sequence[Token], ctx: QuoteContext) -> bool:
    start = ctx.starts[tokens[0].i]
    return all(t.is_punct or t.is_space for t in ctx.doc[start : tokens[0].i])


def direct_quotes(ctx: QuoteContext, text: str, spans: Sequence[Span]) -> list[Quote]:
    """Quotes in quote marks, with the speaker after, before or around them."""
    quotes: list[Quote] = []
    last_end = -9  # where the sentence closing the previous quote ends (a token index)
    for span in spans:
        chunk = ctx.doc.char_span(*span, alignment_mode="expand")
        if chunk is None or not len(chunk):
            continue
        tokens = list(chunk)
        kind = _kind(ctx, span, tokens)
        verb = _verb_after(tokens, ctx) or _verb_above(tokens, ctx) or _verb_before(tokens, ctx)
        speaker = speaker_of(_subject(verb, ctx.speech), ctx) if verb is not None else None
        name = verb_name(verb, ctx.speech) if verb is not None else ""
        source = _source_after(tokens, ctx) if verb is None else None
        if source is not None:
            speaker, name = speaker_of(source[1], ctx, wide=True), source[0]
        elif (
            verb is None and quotes and _opens_sentence(tokens, ctx) and tokens[0].i <= last_end + 1
        ):
            # The quote goes on after "..., X said." or into the next paragraph.
            speaker, name = quotes[-1].speaker, quotes[-1].verb
        elif verb is None and kind == "partial":
            root = ctx.doc[ctx.starts[tokens[0].i] : ctx.ends[tokens[0].i]].root
            subject = _subject(root, ctx.speech)
            if subject is not None and (subject.i in ctx.person_at or ctx.org_at(subject)):
                speaker, name = speaker_of(subject, ctx), root.lemma_.lower()
        quotes.append(Quote(text[span[0] : span[1]], kind, speaker, name, span))
        last_end = ctx.ends[tokens[-1].i]
    return _carry_back(text, quotes)


def _source_after(tokens: Sequence[Token], ctx: QuoteContext) -> tuple[str, Token] | None:
    """ "“...”, according to the ministry": the source named right after the quote."""
    last = tokens[-1]
    window = ctx.doc[last.i + 1 : min(ctx.ends[last.i], last.i + 6)]
    after = [t for t in window if not t.is_punct]
    for first, second in ctx.speech.sources:
        if len(after) > 1 and (after[0].lower_, after[1].lower_) == (first, second):
            source = next((c for c in after[1].children if c.dep_ == "pobj"), None)
            if source is not None:
                return f"{first} {second}", source
    return None


def _carry_back(text: str, quotes: list[Quote]) -> list[Quote]:
    """A quote left open at a paragraph's end belongs to whoever speaks the next paragraph."""
    for k in range(len(quotes) - 2, -1, -1):
        here, after = quotes[k], quotes[k + 1]
        between = text[here.span[1] : after.span[0]]
        if here.speaker is None and "\n" in between and not between.strip(' \n"“'):
            quotes[k] = replace(here, speaker=after.speaker, verb=after.verb)
    return quotes


def _clause(tokens: list[Token]) -> list[Token]:
    """The clause without its "that", outer punctuation and unbalanced quote marks, and
    within one paragraph (the parser sometimes runs a sentence across a blank line)."""
    breaks = [k for k, t in enumerate(tokens) if t.is_space and "\n" in t.text]
    if breaks:
        tokens = tokens[: breaks[0]]
    while tokens and (tokens[0].dep_ == "mark" or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and not _closes(tokens):
        tokens = tokens[:-1]
    return tokens


def _closes(tokens: list[Token]) -> bool:
    """Is the last token a quote mark closing one opened inside the clause?"""
    marks = [t for t in tokens if t.is_quote]
    return bool(marks) and marks[-1] is tokens[-1] and len(marks) % 2 == 0


def _quote(text: str, tokens: list[Token], speaker: Speaker | None, verb: str) -> Quote:
    span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1]))
    return Quote(text[span[0] : span[1]], "indirect", speaker, verb, span)


def indirect_quotes(ctx: QuoteContext, text: str) -> list[Quote]:
    """Clausal complements of reporting verbs that are not in quote marks."""
    quotes: list[Quote] = []
    verbs = ctx.speech.verb_lemmas
    for i in [i for i, lemma in enumerate(lower_lemmas(ctx.doc)) if lemma in verbs]:
        if not is_speech_verb(verb := ctx.doc[i], ctx.speech):
            continue
        for comp in (c for c in verb.children if c.dep_ == "ccomp"):
            tokens = list(comp.subtree)
            if _mostly_quoted(tokens, ctx.quoted) or _not_speech(comp, verb):
                continue
            # "denied that X had ..., saying ...": the next report is not part of this one.
            cut = [
                c.left_edge.i
                for c in comp.rights
                if is_speech_verb(c, ctx.speech) and c.dep_ != "ccomp"
            ]
            tokens = [t for t in tokens if not cut or t.i < min(cut)]
            if not any(c.dep_ in SUBJECT_DEPS or c.dep_ == "expl" for c in comp.children):
                # "confirmed his country ... had sent": the clause's subject parsed as object.
                obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i < comp.i), None)
                tokens = list(ctx.doc[obj.left_edge.i : comp.right_edge.i + 1]) if obj else tokens
            tokens = _clause(tokens)
            if len(tokens) > 1:
                speaker = speaker_of(_subject(verb, ctx.speech), ctx)
                quotes.append(_quote(text, tokens, speaker, verb_name(verb, ctx.speech)))
    return quotes + _according(ctx, text)


def _mostly_quoted(tokens: list[Token], quoted: set[int]) -> bool:
    """Are more than half of the tokens inside quote marks?"""
    return bool(quoted) and 2 * sum(t.i in quoted for t in tokens) > len(tokens)


def _not_speech(comp: Token, verb: Token) -> bool:
    """ "firms that it said had helped" (a relative clause), or "X put it at 50; Y estimated
    it at 12" (a clause before the verb but not reported by it)."""
    subject = next((c for c in comp.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None and subject.tag_ in ("WDT", "WP"):
        return True
    between = comp.doc[comp.right_edge.i + 1 : verb.i]
    return comp.i < verb.i and any(t.text in (";", ":", ".") for t in between)


def _according(ctx: QuoteContext, text: str) -> list[Quote]:
    """ "According to X, ...": the rest of the clause, credited to X."""
    quotes: list[Quote] = []
    lowers = token_column(ctx.doc, "LOWER")
    for first, second in ctx.speech.sources:
        firsts = (ctx.doc[i] for i, lower in enumerate(lowers) if lower == first)
        for token in (t for t in firsts if t.head is not t):
            prep = next((c for c in token.children if c.lower_ == second), None)
            source = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
            if source is None:
                continue
            aside, clause = {t.i for t in token.subtree}, token.head
            while clause.dep_ == "conj":
                clause = clause.head  # "X supplies ... and earned ..., according to Y"
            rest = [t for t in clause.subtree if t.i not in aside]
            after = _clause([t for t in rest if t.i > token.right_edge.i])
            before = _clause([t for t in rest if t.i < token.left_edge.i])
            tokens = after if len(after) >= len(before) else before
            if len(tokens) > 1 and not _mostly_quoted(tokens, ctx.quoted):
                speaker = speaker_of(source, ctx, wide=True)
                quotes.append(_quote(text, tokens, speaker, f"{first} {second}"))
    return quotes


class Quotes:
    """Direct, partial and indirect quotes with their speakers."""

    name = "quotes"
    requires: tuple[str, ...] = ("names", "people", "person_mentions", "organizations")
    provides: tuple[str, ...] = ("quotes",)

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons

    def __call__(self, item: ArticleState) -> None:
        doc, text = item.doc, item.article.text
        spans = quote_spans(text)
        person_at: dict[int, int] = {}
        for (start, end), index in item.person_mentions:
            chunk = doc.char_span(start, end, alignment_mode="expand")
            person_at.update({t.i: index for t in chunk or ()})
        quoted: set[int] = set()
        for start, end in spans:
            chunk = doc.char_span(
                max(0, start - 1), min(len(text), end + 1), alignment_mode="expand"
            )
            quoted.update(t.i for t in chunk or ())
        ctx = QuoteContext(
            doc=doc,
            text=text,
            lex=item.names,
            lexicons=self.lexicons,
            people=item.people,
            person_at=person_at,
            organizations=item.organizations,
            quoted=quoted,
            sentence_tokens=item.sentence_tokens,
        )
        found = direct_quotes(ctx, text, spans) + indirect_quotes(ctx, text)
        item.quotes = tuple(sorted(found, key=lambda q: q.span))
