"""The clause of an event: the verb that governs a span of words, computed once per span for
one article, and whether a word belongs to an event's clause."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.pipeline.state import ArticleState

if TYPE_CHECKING:
    from spacy.tokens import Token


CLAUSE_VERBS = {"VERB", "AUX"}
NOUNS = {"NOUN", "PROPN"}
# A time expression in one of these relations to a noun dates that noun ("a 1997 agreement",
# "Sunday's elections"), not the clause.
NOUN_MODIFIERS = {"compound", "nummod", "amod", "nmod", "poss", "npadvmod"}
# The relations of a noun phrase to its head that keep it the same phrase ("Russia and NATO").
PHRASE_DEPS = {"compound", "amod", "appos", "conj", "flat", "nmod", "cc"}
# A noun phrase in one of these relations acts or owns: it is an actor, not a place.
ACTOR_DEPS = {"nsubj", "nsubjpass", "csubj", "poss", "expl", "agent"}
OBJECT_DEPS = {"dobj", "attr", "nsubjpass", "oprd"}
PRECISION = {"country": "country", "region": "region", "city": "city"}


def governing_verb(token: Token) -> Token:
    """The nearest verb above a token (itself if it is one); event nouns count as their verb."""
    current = token
    for _ in range(12):
        if current.pos_ in CLAUSE_VERBS or current.head is current:
            return current
        current = current.head
    return current


def clause_of(trigger: Token) -> Token:
    return trigger if trigger.pos_ in CLAUSE_VERBS else governing_verb(trigger)


class ClauseIndex:
    """The governing verb of each span of one article, computed once per span."""

    def __init__(self, item: ArticleState) -> None:
        self.item = item
        self._verbs: dict[tuple[int, int], Token | None] = {}
        self._roots: dict[tuple[int, int], Token | None] = {}

    def sentence_span(self, token: Token) -> tuple[int, int]:
        # Token.sent walks the doc each time it is asked; the pipeline numbered them once.
        span: tuple[int, int] = self.item.sentences[self.item.sentence_of_token[token.i]].span
        return span

    def root_of(self, span: tuple[int, int]) -> Token | None:
        """The syntactic head of the words at `span`."""
        if span not in self._roots:
            found = self.item.doc.char_span(span[0], span[1], alignment_mode="expand")
            self._roots[span] = found.root if found is not None and len(found) else None
        return self._roots[span]

    def verb_of(self, span: tuple[int, int]) -> Token | None:
        if span not in self._verbs:
            root = self.root_of(span)
            self._verbs[span] = governing_verb(root) if root is not None else None
        return self._verbs[span]


def in_clause(index: ClauseIndex, span: tuple[int, int] | None, trigger: Token) -> bool | None:
    """True: in the trigger's clause; False: elsewhere in its sentence; None: other sentence."""
    if span is None:
        return None
    start, end = index.sentence_span(trigger)
    if not (start <= span[0] < end):
        return None
    verb = index.verb_of(span)
    return verb is not None and verb.i == clause_of(trigger).i


def linked(verb: Token, clause: Token) -> bool:
    """Is `verb`'s clause one that `clause` sits inside ('On Tuesday, X said Y attacked'), or
    an adverbial or conjoined clause that goes with it ('annexed Crimea after Yanukovych fled
    last year')? A side clause of a noun ('which began on Feb. 24') is neither, but a participle
    the parser hung on the clause's object is ('sent planes carrying food to Chad on
    Wednesday')."""
    if verb.i in {t.i for t in clause.ancestors}:
        return True
    if (
        verb.dep_ == "acl"
        and verb.tag_ in {"VBG", "VBN"}
        and verb.head.dep_ == "dobj"
        and verb.head.head.i == clause.i
    ):
        return True
    while verb.dep_ in {"advcl", "conj"} and verb.head is not verb:
        verb = governing_verb(verb.head)
        if verb.i == clause.i:
            return True
    return False
