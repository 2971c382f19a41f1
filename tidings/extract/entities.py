"""Entity mentions from the parser's NER, grouped into people, organisations and places."""

from __future__ import annotations

from collections import defaultdict

from tidings.models import Mention, Organization, Person, Place, Span
from tidings.pipeline import WorkItem

LABELS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
}


class EntityMentions:
    name = "entities"
    requires: tuple[str, ...] = ("doc", "sentence_of_token")
    assigns: tuple[str, ...] = ("mentions", "people", "organizations", "places")

    def __call__(self, item: WorkItem) -> None:
        mentions = [
            Mention(
                ent.text,
                LABELS[ent.label_],
                (ent.start_char, ent.end_char),
                item.sentence_of_token[ent.start],
            )
            for ent in item.doc.ents
            if ent.label_ in LABELS and "\n" not in ent.text
        ]
        item.set("mentions", mentions)
        item.set("people", group_people(mentions))
        item.set("organizations", group_organizations(mentions))
        item.set(
            "places",
            [Place(text=m.text, name=m.text, span=m.span) for m in mentions if m.label == "place"],
        )


def group_people(mentions: list[Mention]) -> list[Person]:
    """One Person per real-world name: a later surname-only mention joins the full name."""
    spans: dict[str, list[Span]] = {}
    for mention in mentions:
        if mention.label != "person":
            continue
        name = mention.text.removesuffix("’s").removesuffix("'s")
        full = next((n for n in spans if n.split()[-1] == name.split()[-1]), None)
        if full is not None and len(name.split()) > len(full.split()):
            spans[name] = spans.pop(full)
            full = name
        spans.setdefault(full or name, []).append(mention.span)
    return [Person(name=name, spans=tuple(s)) for name, s in spans.items()]


def group_organizations(mentions: list[Mention]) -> list[Organization]:
    spans: dict[str, list[Span]] = defaultdict(list)
    for mention in mentions:
        if mention.label == "organization":
            spans[mention.text.removeprefix("the ")].append(mention.span)
    return [Organization(name=name, spans=tuple(s)) for name, s in spans.items()]
