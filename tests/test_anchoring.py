"""Anchoring, through the records `tidings.extract` returns: an event takes the date and place of
its own clause, else the date of the sentence that governs it, else (told in the past tense) the
day the sentence before names, else the publication date, and says which."""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest

import tidings
from tidings.models import ArticleRecord, Event, RawDocument, SourceRef

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
        # what a document says, it says when it came out
        (
            "A UN report released on Monday accused Syrian forces of using chemical weapons.",
            "accused",
            ("on Monday", "2015-07-27", "sentence"),
        ),
        (
            "The Amnesty study, published in May, accused Nigerian soldiers of torture.",
            "accused",
            ("in May", "2015-05", "sentence"),
        ),
        # troops are no document: when they were sent is not when they attacked
        (
            "Soldiers, deployed in March, attacked the rebel town.",
            "attacked",
            ("", "2015-07-28", "publication"),
        ),
    ],
)
def test_anchoring_event_date_and_its_source(
    text: str, trigger: str, expected: tuple[str, str, str]
) -> None:
    assert date_of(event(text, trigger)) == expected


def test_anchoring_a_participle_on_the_object_dates_the_event() -> None:
    text = "Qatar sent two planes carrying food to Chad on Wednesday."
    assert date_of(event(text, "sent")) == ("on Wednesday", "2015-07-22", "sentence")


def test_anchoring_each_event_takes_its_own_clause_date() -> None:
    text = "Russia sent 300 tanks to Ukraine in March, and NATO condemned Russia on Friday."
    assert date_of(event(text, "sent")) == ("in March", "2015-03", "clause")
    assert date_of(event(text, "condemned")) == ("on Friday", "2015-07-24", "clause")


def test_anchoring_each_sentence_dates_its_own_events() -> None:
    text = "Russia attacked Ukraine in March. Germany condemned Russia in April."
    assert date_of(event(text, "attacked")) == ("in March", "2015-03", "clause")
    assert date_of(event(text, "condemned")) == ("in April", "2015-04", "clause")


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a past-tense event goes on telling the day the sentence before names
        (
            "Sudan and Chad signed a border deal on Sunday. Their ministers negotiated for "
            "three days in Addis Ababa.",
            "negotiated",
            ("", "2015-07-26", "narrative"),
        ),
        # or the sentence before that
        (
            "Rebels attacked an army post on Saturday. The post lies near the border. "
            "The army said the rebels killed four soldiers.",
            "killed",
            ("", "2015-07-25", "narrative"),
        ),
        # a present-tense event does not: it is dated by the story
        (
            "Sudan and Chad signed a border deal on Sunday. Chad accuses Sudan of arming rebels.",
            "accuses",
            ("", "2015-07-28", "publication"),
        ),
        # the day the sentence before tells of, not the day it was told
        (
            '"He was taken from his home two days ago," his editor told reporters on Friday. '
            "She said officers had beaten him during the arrest.",
            "beaten",
            ("", "2015-07-26", "narrative"),
        ),
        (
            "Police arrested the journalist on Monday, his lawyer said on Tuesday. The police "
            "had detained him at his home.",
            "detained",
            ("", "2015-07-27", "narrative"),
        ),
        # a limit ('by Wednesday evening') is no day anything was done on
        (
            "Police detained two activists in Minsk on Monday. Neither activist had been freed "
            "by Wednesday evening, the agency said. The EU envoy met the foreign minister.",
            "met",
            ("", "2015-07-27", "narrative"),
        ),
        # a sentence naming a month or a year breaks the thread
        (
            "Sudan and Chad signed a deal on Sunday. Fighting erupted in May. Rebels attacked "
            "a convoy.",
            "attacked",
            ("", "2015-07-28", "publication"),
        ),
    ],
)
def test_anchoring_narrative_date_from_the_sentence_before(
    text: str, trigger: str, expected: tuple[str, str, str]
) -> None:
    assert date_of(event(text, trigger)) == expected


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
        # a place reached through the nouns above it
        (
            "Police fired tear gas at thousands of protesters in Tirana on Saturday.",
            "fired",
            "Tirana",
        ),
        (
            "Police arrested the journalist at his home in Dar es Salaam on Tuesday.",
            "arrested",
            "Dar es Salaam",
        ),
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
    """'Russian troops shelled Ukrainian positions in Crimea': Crimea is where, Russia and
    Ukraine are who."""
    text = "Last week, Russian troops shelled Ukrainian positions in Crimea."
    found = event(text, "shelled")
    assert found.place is not None
    assert found.place.name == "Crimea"


def test_anchoring_event_quantities_of_its_clause() -> None:
    text = "Russia sent 300 tanks to Ukraine in March, and NATO condemned Russia on Friday."
    assert [(q.text, q.value, q.object) for q in event(text, "sent").quantities] == [
        ("300", 300.0, "tanks")
    ]
    assert event(text, "condemned").quantities == ()


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # a noun's date is background: the treaty's year does not date the present event
        (
            "NATO is bound by a 1997 agreement with Russia which prevents it from attacking Iran.",
            "attacking",
            ("", PUBLISHED, "publication"),
        ),
        (
            "Iran accused Israel of violating the 2015 agreement.",
            "accused",
            ("", PUBLISHED, "publication"),
        ),
        # 'since' names where a state began: it does not date a present-tense event
        (
            "Since 2014 Russia supports the rebels who fight Ukrainian troops.",
            "supports",
            ("", PUBLISHED, "publication"),
        ),
        # ... but a past event in the same relation keeps its date
        ("Russia annexed Crimea in 2014.", "annexed", ("in 2014", "2014", "clause")),
        # a duration says how long, not when
        (
            "Russian troops attacked Ukrainian positions for three days.",
            "attacked",
            ("", PUBLISHED, "publication"),
        ),
    ],
)
def test_anchoring_background_and_durations_date_nothing(
    text: str, trigger: str, expected: tuple[str, str, str]
) -> None:
    assert date_of(event(text, trigger)) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "start", "end", "precision"),
    [
        ("Russia attacked Ukraine in March.", "attacked", date(2015, 3, 1), None, "month"),
        ("Russia attacked Ukraine last year.", "attacked", date(2014, 1, 1), None, "year"),
        ("Russia attacked Ukraine on Monday.", "attacked", date(2015, 7, 27), None, "day"),
        (
            "Russia attacked Ukraine between March and May.",
            "attacked",
            date(2015, 3, 1),
            date(2015, 5, 31),
            "month",
        ),
        (
            "Russian troops attacked Ukrainian positions.",
            "attacked",
            date(2015, 7, 28),
            None,
            "day",
        ),
    ],
)
def test_anchoring_event_date_is_a_period_with_a_precision(
    text: str, trigger: str, start: date, end: date | None, precision: str
) -> None:
    found = event(text, trigger).date
    assert found is not None
    assert (found.start, found.end, found.precision) == (start, end, precision)


def test_anchoring_dateline_day_dates_undated_events() -> None:
    raw = RawDocument(
        source=SourceRef("wire"),
        text="KYIV, July 26 (AP) — Russian troops attacked Ukrainian positions.",
        published=date(2015, 7, 28),
        has_header=False,
    )
    (found,) = tidings.build_pipeline(tidings.Settings())(raw).events
    assert found.date is not None
    assert (found.date.text, found.date.start, found.date.source) == (
        "",
        date(2015, 7, 26),
        "dateline",
    )


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # the venue of the event noun
        ("Iran held talks with Russia in Geneva on Monday.", "held", ("Geneva", "venue", "city")),
        # a place the sentence gives outside the event's clause, where something happens
        (
            "In a speech in Brussels, the minister said Russia had threatened Ukraine.",
            "threatened",
            ("Brussels", "sentence", "city"),
        ),
        # a noun that refers back to the latest place of its kind
        (
            "Tension is high in the Baltic region. In March, the US sent 3,000 soldiers to the "
            "region.",
            "sent",
            ("the region", "clause", "region"),
        ),
    ],
)
def test_anchoring_event_place_venue_sentence_and_reference(
    text: str, trigger: str, expected: tuple[str, str, str]
) -> None:
    found = event(text, trigger)
    assert found.place is not None
    assert (found.place.text, found.place.source, found.place.precision) == expected


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # the actors' countries are not where it happened
        ("Germany condemned Russia on Friday.", "condemned"),
        ("The US criticised China.", "criticised"),
        # a subject is an actor, not a place, even when it acts in another event
        ("Both Russia and NATO have increased their military exercises.", "increased"),
        # the place of an event nested in the arguments, with an owner of its own
        (
            "The EU imposed sanctions on Belarus over its role in Russia's invasion of Ukraine.",
            "imposed",
        ),
    ],
)
def test_anchoring_no_place_in_the_text_gives_none(text: str, trigger: str) -> None:
    assert all(e.place is None for e in extracted(text).events if e.trigger.text == trigger)
    assert any(e.trigger.text == trigger for e in extracted(text).events)


@pytest.mark.parametrize(
    ("text", "trigger", "tolls"),
    [
        ("A suicide bomber attacked a market in Kabul, killing 12 people.", "attacked", [12.0]),
        (
            "At least 30 people were wounded when rebels attacked a police post in Kunduz.",
            "attacked",
            [30.0],
        ),
        ("Twelve soldiers were killed when rebels attacked a convoy.", "attacked", [12.0]),
    ],
)
def test_anchoring_tolls_attach_to_the_events_they_count(
    text: str, trigger: str, tolls: list[float]
) -> None:
    found = [e for e in extracted(text).events if e.trigger.text == trigger]
    assert found
    assert all([q.value for q in e.quantities] == tolls for e in found)


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        # dated after the story: scheduled, not something that happened
        ("Iranian and Russian ministers meet in Geneva next week.", "meet", "future"),
        (
            "The planned visit of Pakistan's army chief to Kabul next week was confirmed.",
            "visit",
            "future",
        ),
        ("Pakistan's army chief visited Kabul last week.", "visited", "asserted"),
    ],
)
def test_anchoring_an_event_dated_after_the_story_is_future(
    text: str, trigger: str, modality: str
) -> None:
    found = [e for e in extracted(text).events if e.trigger.text == trigger]
    assert found and all(e.modality == modality for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "The rebels said they would release the hostages on Sunday.",
        "Iran threatened to close the strait next week.",
    ],
)
def test_anchoring_a_statement_about_a_later_act_is_dated_by_the_story(text: str) -> None:
    """What is said now about an act to come is one asserted statement, made in the story."""
    found = [e for e in extracted(text).events if e.cameo[:2] in {"03", "13"}]
    assert found
    for e in found:
        assert e.modality == "asserted"
        assert e.date is not None and e.date.source == "publication"
