"""Anchoring, through the records `tidings.extract` returns: an event takes the date and place of
its own clause, else the date of the sentence that governs it, else the publication date, and
says which."""

from __future__ import annotations

from functools import cache

import pytest

import tidings
from tidings.models import ArticleRecord, Event

PUBLISHED = "2015-07-28"  # a Tuesday


@cache
def extracted(text: str, published: str | None = PUBLISHED) -> ArticleRecord:
    return tidings.extract(text, published=published)


def event(text: str, trigger: str, published: str | None = PUBLISHED) -> Event:
    """The one event of the text whose trigger is `trigger`."""
    (found,) = [e for e in extracted(text, published).events if e.trigger.text == trigger]
    return found


def date_of(found: Event) -> tuple[str, str | None, str] | None:
    return None if found.date is None else (found.date.text, found.date.value, found.date.source)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # the clause's own expression, resolved against the publication date by tense
        ("Russia attacked Ukraine in March.", "attacked", ("in March", "2015-03", "clause")),
        (
            "Russian troops attacked Ukrainian positions near Kharkiv on Monday.",
            "attacked",
            ("on Monday", "2015-07-27", "clause"),
        ),
        # the sentence's: a date on the reporting clause that governs the event's clause
        (
            "On Monday, officials said Russian troops attacked Ukrainian positions.",
            "attacked",
            ("On Monday", "2015-07-27", "sentence"),
        ),
        # none in the text: the publication date, with no text of its own
        (
            "Russian troops attacked Ukrainian positions.",
            "attacked",
            ("", PUBLISHED, "publication"),
        ),
        # a date in a side clause ('which was attacked in May') does not date the arrest
        (
            "Police arrested five militants in Kabul, which was attacked in May.",
            "arrested",
            ("", PUBLISHED, "publication"),
        ),
    ],
)
def test_anchoring_event_date_and_its_source(
    text: str, trigger: str, expected: tuple[str, str, str]
) -> None:
    assert date_of(event(text, trigger)) == expected


def test_anchoring_each_event_takes_its_own_clause_date() -> None:
    text = "Russia sent 300 tanks to Ukraine in March, and NATO condemned Russia on Friday."
    assert date_of(event(text, "sent")) == ("in March", "2015-03", "clause")
    assert date_of(event(text, "condemned")) == ("on Friday", "2015-07-24", "clause")


def test_anchoring_each_sentence_dates_its_own_events() -> None:
    text = "Russia attacked Ukraine in March. Germany condemned Russia in April."
    assert date_of(event(text, "attacked")) == ("in March", "2015-03", "clause")
    assert date_of(event(text, "condemned")) == ("in April", "2015-04", "clause")


def test_anchoring_without_a_publication_date_an_undated_event_has_none() -> None:
    found = event("Russian troops attacked Ukrainian positions.", "attacked", published=None)
    assert found.date is None


def test_anchoring_the_clause_date_span_points_into_the_text() -> None:
    text = "Russia attacked Ukraine in March."
    found = event(text, "attacked")
    assert found.date is not None and found.date.span is not None
    start, end = found.date.span
    assert text[start:end] == "in March"


@pytest.mark.parametrize(
    ("text", "trigger", "place"),
    [
        (
            "Russian troops attacked Ukrainian positions near Kharkiv on Monday.",
            "attacked",
            "Kharkiv",
        ),
        ("In Kabul, police arrested five militants on Sunday.", "arrested", "Kabul"),
        (
            "Police arrested five militants in Kabul, which was attacked in May.",
            "arrested",
            "Kabul",
        ),
    ],
)
def test_anchoring_event_place_of_its_clause(text: str, trigger: str, place: str) -> None:
    found = event(text, trigger)
    assert found.place is not None
    assert (found.place.text, found.place.name, found.place.source) == (place, place, "clause")
    assert found.place.lat is not None and found.place.lon is not None


def test_anchoring_an_actor_is_not_the_event_place() -> None:
    """'Germany condemned Russia's annexation of Crimea': Crimea is where, Russia is who."""
    text = "Last week, Germany condemned Russia's annexation of Crimea."
    found = event(text, "condemned")
    assert found.place is not None
    assert (found.place.name, found.place.source) == ("Crimea", "clause")


def test_anchoring_event_quantities_of_its_clause() -> None:
    text = "Russia sent 300 tanks to Ukraine in March, and NATO condemned Russia on Friday."
    assert [(q.text, q.value, q.object) for q in event(text, "sent").quantities] == [
        ("300", 300.0, "tanks")
    ]
    assert event(text, "condemned").quantities == ()
