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
        # a destination is nowhere a statement was made
        ("Moscow condemned the deployment of American troops to Poland.", "condemned", None),
        # a threat told by the act it announces is not where the act would happen
        (
            "The Serbian minister said Serbia could ban the transit of Kosovar goods to "
            "Hungary if the sanctions stayed.",
            "ban",
            None,
        ),
        # where it was said
        (
            "In Belgrade, the Serbian minister said Serbia could ban the transit of Kosovar "
            "goods to Hungary if the sanctions stayed.",
            "ban",
            ("Belgrade", "clause"),
        ),
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
        # the event noun of a movement too
        (
            "Ankara's sending of drones to Azerbaijan angered Armenia.",
            "sending",
            ("Azerbaijan", "clause"),
        ),
        (
            "The deployment of 300 British soldiers to Estonia began on Monday.",
            "deployment",
            ("Estonia", "clause"),
        ),
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
        # a new paragraph: not the narrative's; neither the lead's place nor the dateline is
        # given to events the text does not place
        (
            "Police fired tear gas at protesters in Tirana.\n\nThey arrested 37 people.",
            "arrested",
            None,
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


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (Reuters) - U.S. forces carried out an air strike in Somalia on Monday.\n\n"
        "American troops also detained two suspected bomb makers.",
        "MOSCOW, March 3 (Reuters) - Russia said on Tuesday it had expelled two diplomats.\n\n"
        "Russian military police arrested two men.",
        "Police fired tear gas at protesters in Nairobi on Monday.\n\n"
        "Kenyan police had arrested the opposition leader.",
    ],
)
def test_anchoring_no_place_from_the_dateline_or_the_lead(text: str) -> None:
    """An event in a later paragraph that its own text does not place has no place: not the
    dateline's city, not the lead's (a Washington dateline says nothing of where U.S. troops
    detained anyone)."""
    (event,) = [e for e in extracted(text).events if e.trigger.text in {"detained", "arrested"}]
    assert event.place is None


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Peru has fought drug traffickers in its north since the 1990s.",
            "fought",
            ("north Peru", "region"),
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
        ("Peru has fought drug traffickers in its cities since the 1990s.", "fought", None),
        ("Nigeria accused Chad of sheltering insurgents in its northeast.", "accused", None),
        # the pronoun may be either side's when the target is of another country
        ("Afghan forces attacked Pakistani militants in their northwest.", "attacked", None),
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
            "The United Nations mission in Juba urged both armies to pull back.",
            "urged",
            ("Juba", "clause"),
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
            "Chad and Libya fought a long war in the 1980s over the Aouzou oil field.",
            "fought",
            ("Aouzou", "point"),
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
            "Peru signed a fisheries accord with Chile on Monday.\n\n"
            "Its trade minister talked for two days before signing the accord in Lima.",
            "signed",
            ("Lima", "retold"),
        ),
        (
            "Kenya signed a trade pact with China on Friday. Kenyan officials met for two "
            "hours before signing the pact in Nairobi.",
            "signed",
            ("Nairobi", "retold"),
        ),
        # another day's act of the same kind is no retelling
        (
            "Kenya signed a trade pact with China on Monday. In March, Kenya signed a pact "
            "with China in Beijing.",
            "signed",
            None,
        ),
        # the same kind of act by another party is no retelling
        (
            "Kenya signed a trade pact with China on Monday. Uganda signed the pact in "
            "Kampala on Monday.",
            "signed",
            None,
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


def test_anchoring_later_telling_takes_the_place_of_the_lead() -> None:
    """The body tells the lead's happening again in other words; its place is the lead's."""
    text = (
        "Peruvian police fired tear gas at farmers in Cusco on Saturday.\n\n"
        "The farmers had blocked a highway for a week. Police fired tear gas and rubber "
        "bullets on Saturday, witnesses said."
    )
    lead, body = [e for e in extracted(text).events if e.trigger.text == "fired"]
    assert lead.place is not None and body.place is not None
    assert (lead.place.name, lead.place.source) == ("Cusco", "clause")
    assert (body.place.name, body.place.source) == ("Cusco", "retold")


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Police detained a student leader in Mombasa on Monday.\n\n"
            "Kenyan officers assaulted the student during the arrest, his lawyer said.",
            "assaulted",
            ("Mombasa", "occasion"),
        ),
        (
            "Rebels raided a village in Ituri on Sunday.\n\n"
            "Fighters abducted four women during the raid, a local official said.",
            "abducted",
            ("Ituri", "occasion"),
        ),
        # an occasion nobody placed before places nothing
        (
            "Kenyan officers assaulted the student during the arrest, his lawyer said.",
            "assaulted",
            None,
        ),
        # an indefinite occasion is another one, not the one told before
        (
            "Police detained a student leader in Mombasa on Monday.\n\n"
            "Kenyan officers assaulted a student during an arrest in March, his lawyer said.",
            "assaulted",
            None,
        ),
    ],
)
def test_retelling_event_placed_where_its_occasion_happened(
    text: str, trigger: str, expected: tuple[str, str] | None
) -> None:
    """An event told as part of a happening told before ('during the arrest') is where that
    happening was placed by its own words."""
    assert place_of(text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Kenyan police fired tear gas at students in Nakuru on Friday.\n\n"
            "Police said they had arrested 40 people.",
            "arrested",
            ("Nakuru", "narrative"),
        ),
        # another actor in the next paragraph is another thread
        (
            "Kenyan police fired tear gas at students in Nakuru on Friday.\n\n"
            "Kenyan students said they had thrown stones at officers.",
            "thrown",
            None,
        ),
        # where something was done is not where it was spoken of
        (
            "Malian rebels attacked an army post in Kidal on Friday.\n\n"
            "The rebels accused the army of killing civilians.",
            "accused",
            None,
        ),
        # a time of its own starts another happening
        (
            "Kenyan police fired tear gas at students in Nakuru on Friday.\n\n"
            "In March, police arrested 40 people.",
            "arrested",
            None,
        ),
    ],
)
def test_retelling_same_actor_goes_on_in_the_next_paragraph(
    text: str, trigger: str, expected: tuple[str, str] | None
) -> None:
    """The narrative place crosses a paragraph only with the actor that goes on."""
    assert place_of(text, trigger) == expected
