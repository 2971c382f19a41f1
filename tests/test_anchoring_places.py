"""Event places, through the records `tidings.extract` returns: a statement is placed where it
was made, not by what it is about; a relative clause of the event's arguments does not place
the event; a movement is placed where it went; "there" refers back to the place named before."""

from __future__ import annotations

from functools import cache

import pytest

import tidings
from tidings.models import ArticleRecord, Event

PUBLISHED = "2015-07-28"


@cache
def extracted(text: str) -> ArticleRecord:
    return tidings.extract(text, published=PUBLISHED)


def place_of(text: str, trigger: str) -> tuple[str, str] | None:
    """(name, source) of the place of the one event of the text with this trigger."""
    found: list[Event] = [e for e in extracted(text).events if e.trigger.text == trigger]
    assert len({e.place for e in found}) == 1, found
    where = found[0].place
    return None if where is None else (where.name, where.source)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # what the statement is about happened elsewhere
        ("Germany condemned Russia's annexation of Crimea on Friday.", "condemned", None),
        (
            "Georgia condemned the detention of two villagers near the boundary line with "
            "South Ossetia.",
            "condemned",
            None,
        ),
        (
            "The sending of heavy equipment by the US to Latvia was condemned by Russia.",
            "condemned",
            None,
        ),
        ("Russia accused Ukraine of shelling villages in Donetsk.", "accused", None),
        # where it was said
        (
            "In Brussels, NATO condemned the Russian annexation of Crimea.",
            "condemned",
            ("Brussels", "clause"),
        ),
        (
            "In Kabul, a spokesman for the Afghan government rejected the allegation.",
            "rejected",
            ("Kabul", "clause"),
        ),
    ],
)
def test_anchoring_statement_placed_where_said(
    text: str, trigger: str, expected: tuple[str, str] | None
) -> None:
    assert place_of(text, trigger) == expected


def test_anchoring_act_keeps_the_place_of_its_object() -> None:
    """Not a statement: the annexation's place is the event's place all the same."""
    assert place_of("Russian troops shelled Ukrainian positions near Kharkiv.", "shelled") == (
        "Kharkiv",
        "clause",
    )


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        (
            "The EU accused Minsk of allowing Russian troops to launch the invasion, which began "
            "when Russian forces crossed into Ukraine.",
            "accused",
        ),
        (
            "Police arrested the editor of a newspaper which had reported on fighting in Darfur.",
            "arrested",
        ),
    ],
)
def test_anchoring_relative_clause_does_not_place_the_event(text: str, trigger: str) -> None:
    assert place_of(text, trigger) is None


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Qatar sent two cargo planes carrying food to eastern Chad on Wednesday.",
            "sent",
            ("eastern Chad", "clause"),
        ),
        ("France deployed 500 soldiers to Mali.", "deployed", ("Mali", "clause")),
        ("Russia sent 300 tanks to Ukraine in March.", "sent", ("Ukraine", "clause")),
    ],
)
def test_anchoring_movement_placed_at_its_destination(
    text: str, trigger: str, expected: tuple[str, str]
) -> None:
    assert place_of(text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Russia recognised South Ossetia and Abkhazia as independent states and stationed "
            "thousands of troops there.",
            "stationed",
            ("Abkhazia", "clause"),
        ),
        (
            "Rebels seized the town of Kidal in March. France sent troops there on Monday.",
            "sent",
            ("Kidal", "clause"),
        ),
    ],
)
def test_anchoring_there_refers_to_the_place_before(
    text: str, trigger: str, expected: tuple[str, str]
) -> None:
    assert place_of(text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # the sentence before, in the same paragraph, says where its main clause happened
        (
            "In Islamabad, a Foreign Office spokesman accused Afghanistan of harbouring "
            "militants. He said Pakistan had summoned the Afghan ambassador.",
            "summoned",
            ("Islamabad", "narrative"),
        ),
        (
            "Police fired tear gas at protesters in Tirana. They arrested 37 people.",
            "arrested",
            ("Tirana", "narrative"),
        ),
        # a new paragraph: not the narrative's, but the story's setting (the lead's place)
        (
            "Police fired tear gas at protesters in Tirana.\n\nThey arrested 37 people.",
            "arrested",
            ("Tirana", "setting"),
        ),
        # a sentence with a time of its own, or a present-tense event: none
        (
            "Police fired tear gas at protesters in Tirana. In 2017 they arrested 37 people.",
            "arrested",
            None,
        ),
        (
            "Police fired tear gas at protesters in Tirana. Police arrest people every week.",
            "arrest",
            None,
        ),
        # the sentence before names a place only as a name, not as where it happened
        (
            "Prosecutors charged the editor of the weekly Mwanga newspaper. A magistrate "
            "refused bail.",
            "refused",
            None,
        ),
    ],
)
def test_anchoring_narrative_place(
    text: str, trigger: str, expected: tuple[str, str] | None
) -> None:
    assert place_of(text, trigger) == expected


def test_anchoring_no_narrative_place_where_the_sentence_names_one() -> None:
    """A sentence that names a location of its own, even one that is not the event's, tells
    another happening."""
    text = (
        "In Islamabad, a Foreign Office spokesman accused Afghanistan of harbouring militants. "
        "Pakistan had summoned the Afghan ambassador in Kabul."
    )
    assert place_of(text, "summoned") in {None, ("Kabul", "clause")}


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "The EU imposed sanctions over Russia's invasion of Ukraine.",
            "invasion",
            ("Ukraine", "clause"),
        ),
        ("Iraq invaded Kuwait in August 1990.", "invaded", ("Kuwait", "clause")),
        # an attack on a country is aimed at it, not said to be in it
        ("Russia threatened Ukraine.", "threatened", None),
    ],
)
def test_anchoring_territory_taken_is_the_place(
    text: str, trigger: str, expected: tuple[str, str] | None
) -> None:
    assert place_of(text, trigger) == expected


# The story's setting: where the lead says its main clause happened, else where another clause
# of the lead happened, else the dateline's place; given to the story's own events (counted,
# of the story's week, told in the past) among the setting's own people.
NAIROBI_LEAD = "Police fired tear gas at protesters in Nairobi on Monday.\n\n"


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Police detained an opposition leader at a rally in Nairobi on Monday.\n\n"
            "Kenyan police said they had arrested 40 people.",
            "arrested",
            ("Nairobi", "setting"),
        ),
        (
            "NAIROBI, July 27 (Reuters) - Kenyan police arrested 40 protesters on Monday.",
            "arrested",
            ("Nairobi", "setting"),
        ),
        (
            f"{NAIROBI_LEAD}The Kenyan opposition leader called on the president to resign.",
            "called",
            ("Nairobi", "setting"),
        ),
        # filed from London, set where the lead's raid happened
        (
            "LONDON (Reuters) - Afghan security forces raided a hideout in Kabul on Tuesday.\n\n"
            "Afghan police arrested five militants.",
            "arrested",
            ("Kabul", "setting"),
        ),
        # the lead's main clause is a statement placed nowhere; its other clause is placed
        (
            "Armenia protested the shelling of a border village, as a UN envoy held talks in "
            "Yerevan on Tuesday.\n\nArmenian officials said soldiers had detained two farmers.",
            "detained",
            ("Yerevan", "setting"),
        ),
    ],
)
def test_anchoring_setting_places_the_story_events(
    text: str, trigger: str, expected: tuple[str, str]
) -> None:
    assert place_of(text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # a foreign actor, an international group: not the setting's own people
        (f"{NAIROBI_LEAD}The United States condemned the arrests.", "condemned"),
        (f"{NAIROBI_LEAD}Amnesty International demanded their release.", "demanded"),
        (f"{NAIROBI_LEAD}The Kenyan government accused the United States of meddling.", "accused"),
        # background, a habit, a state: not the story's own events
        (f"{NAIROBI_LEAD}Kenyan police arrested 40 protesters in 2007.", "arrested"),
        (f"{NAIROBI_LEAD}Kenyan police have repeatedly arrested protesters.", "arrested"),
        (f"{NAIROBI_LEAD}Kenyan police detain dozens of protesters every week.", "detain"),
        # a sentence that gives a location of its own tells of a happening elsewhere
        (
            f"{NAIROBI_LEAD}Officials said soldiers had blocked roads near the town of "
            "Velmorakh, and Kenyan police had arrested 30 people.",
            "arrested",
        ),
        # a story that says nowhere where it is set
        ("Kenyan police arrested 40 protesters on Monday.", "arrested"),
    ],
)
def test_anchoring_setting_not_given_beyond_the_story(text: str, trigger: str) -> None:
    assert place_of(text, trigger) is None


def test_anchoring_setting_has_the_precision_of_its_place() -> None:
    text = (
        "Gunmen stormed a checkpoint in Pakistan's Bajaur tribal district on Friday.\n\n"
        "Pakistani troops killed six attackers, the army said."
    )
    (killed,) = [e for e in extracted(text).events if e.trigger.text == "killed"]
    assert killed.place is not None
    assert (killed.place.name, killed.place.source, killed.place.precision) == (
        "Bajaur",
        "setting",
        "region",
    )


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Pakistan has battled Islamist militants in its northwest since 2001.",
            "battled",
            ("northwest Pakistan", "region"),
        ),
        (
            "Nigeria's army has fought Boko Haram insurgents in its northeast for a decade.",
            "fought",
            ("northeast Nigeria", "region"),
        ),
        (
            "Colombian troops clashed with rebels in their south on Monday.",
            "clashed",
            ("south Colombia", "region"),
        ),
        # not a direction word, or a statement about its part of the country: none
        ("Pakistan has battled Islamist militants in its cities since 2001.", "battled", None),
        ("Nigeria accused Chad of sheltering insurgents in its northeast.", "accused", None),
    ],
)
def test_anchoring_possessed_region_is_the_source_country_part(
    text: str, trigger: str, expected: tuple[str, str] | None
) -> None:
    found = [e for e in extracted(text).events if e.trigger.text == trigger]
    assert found, text
    where = found[0].place
    assert (None if where is None else (where.name, where.precision)) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "The European Union's delegation in Tirana urged all sides to refrain from violence.",
            "urged",
            ("Tirana", "clause"),
        ),
        (
            "The US embassy in Nairobi called on the authorities to release the journalist.",
            "called",
            ("Nairobi", "clause"),
        ),
        ("Rebels in Darfur attacked a convoy on Monday.", "attacked", ("Darfur", "clause")),
        # a place of the clause itself comes first
        (
            "The EU delegation in Tirana met opposition leaders in Brussels on Monday.",
            "met",
            ("Brussels", "venue"),
        ),
    ],
)
def test_anchoring_event_placed_where_its_doer_is_stationed(
    text: str, trigger: str, expected: tuple[str, str]
) -> None:
    assert place_of(text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Sudan and South Sudan fought a brief border war in 2012 over the Heglig oil field.",
            "fought",
            ("Heglig", "point"),
        ),
        (
            "Iraqi troops clashed with Kurdish fighters near the Bai Hassan oil field on Monday.",
            "clashed",
            ("Bai Hassan", "point"),
        ),
    ],
)
def test_anchoring_named_site_is_a_place(
    text: str, trigger: str, expected: tuple[str, str]
) -> None:
    """A name before a noun of a site ("oil field") is a place, though no gazetteer knows it;
    a conflict 'over' a place is fought there."""
    (event,) = [e for e in extracted(text).events if e.trigger.text == trigger]
    assert event.place is not None
    assert (event.place.name, event.place.precision) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Sudan and South Sudan signed an agreement on Sunday to reopen their border.\n\n"
            "Their foreign ministers held three days of talks before signing the deal in "
            "Addis Ababa.",
            "signed",
            ("Addis Ababa", "narrative"),
        ),
        (
            "Kenya and Uganda signed a trade pact on Friday. Their presidents met for two "
            "hours before signing the pact in Kampala.",
            "signed",
            ("Kampala", "narrative"),
        ),
        # another event of the same kind, not a retelling: an object of its own
        (
            "Serbia and Kosovo signed an agreement on Friday. Serbia and Kosovo also signed "
            "a second accord in Brussels.",
            "signed",
            None,
        ),
    ],
)
def test_anchoring_event_placed_where_it_is_retold(
    text: str, trigger: str, expected: tuple[str, str] | None
) -> None:
    first = next(e for e in extracted(text).events if e.trigger.text == trigger)
    where = first.place
    assert (None if where is None else (where.name, where.source)) == expected
