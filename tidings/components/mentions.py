"""Entity mentions from the parser's NER, each with its span and sentence."""

from __future__ import annotations

from tidings.models import Mention
from tidings.pipeline.state import WorkItem

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
    requires: tuple[str, ...] = ("doc", "sentence_of_token")
    assigns: tuple[str, ...] = ("mentions",)

    def __call__(self, item: WorkItem) -> None:
        item.set(
            "mentions",
            [
                Mention(
                    ent.text,
                    LABELS[ent.label_],
                    (ent.start_char, ent.end_char),
                    item.sentence_of_token[ent.start],
                )
                for ent in item.doc.ents
                if ent.label_ in LABELS and "\n" not in ent.text
            ],
        )
