"""Mentions of names: the parser's entity mentions, and where the lexicons' countries and bodies
are named (the one surface-form match of an article, which later components share)."""

from __future__ import annotations

from tidings.lexicons import Lexicons
from tidings.models import Mention
from tidings.names.matcher import NameMatches
from tidings.names.setting import article_setting
from tidings.pipeline.state import ArticleState

LABELS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}


class EntityMentions:
    name = "entities"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ("mentions",)

    def __call__(self, state: ArticleState) -> None:
        state.mentions = tuple(
            Mention(
                ent.text,
                LABELS[ent.label_],
                (ent.start_char, ent.end_char),
                state.sentence_of_token[ent.start],
            )
            for ent in state.doc.ents
            if ent.label_ in LABELS and "\n" not in ent.text
        )


class NameMatching:
    """Where the country and organisation lexicons match, once per article."""

    name = "names"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ("names",)

    def __init__(self, lexicons: Lexicons) -> None:
        self.lexicons = lexicons

    def __call__(self, state: ArticleState) -> None:
        state.names = NameMatches.of(state.doc, self.lexicons)


class StorySetting:
    """Where the article is set: its home country and each sentence's scene."""

    name = "setting"
    requires: tuple[str, ...] = ("names", "places")
    provides: tuple[str, ...] = ("setting",)

    def __call__(self, state: ArticleState) -> None:
        state.setting = article_setting(state.doc, state.names, state.places, state.sentence_tokens)
