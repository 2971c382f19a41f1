"""Event arguments and modality that the wider text decides, on real parses: a bloc named as
such, the leader of a '-led' act, a definite noun for two actors named a few sentences back,
acts told only as a kind or as a denied report, the doer of what someone is suspected of."""

from __future__ import annotations

import datetime

import pytest

from tidings.models import RawDocument, SourceRef
from tidings.pipeline.run import Pipeline


def coded(pipeline: Pipeline, text: str, day: str = "2024-05-06") -> list[tuple[str, ...]]:
    """(CAMEO, source code, target code, modality, trigger) of each event of a text."""
    record = pipeline(
        RawDocument(
            SourceRef("t"), text, published=datetime.date.fromisoformat(day), has_header=False
        )
    )
    return [
        (
            e.cameo,
            e.source.code if e.source else "",
            e.target.code if e.target else "",
            e.modality,
            e.trigger.text,
        )
        for e in record.events
    ]


def by_trigger(pipeline: Pipeline, text: str, trigger: str) -> list[tuple[str, ...]]:
    return [e for e in coded(pipeline, text) if e[4] == trigger]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The West imposed sanctions on Iran in 2012.", "imposed"),
        ("The West has condemned the election in Belarus.", "condemned"),
        ("Moscow accused the West of arming Ukraine.", "accused"),
    ],
)
def test_actors_bloc_named_as_such(pipeline: Pipeline, text: str, trigger: str) -> None:
    codes = {code for e in by_trigger(pipeline, text, trigger) for code in e[1:3]}
    assert "WST" in codes


@pytest.mark.parametrize(
    "text",
    [
        "Israeli troops raided a village in the West Bank.",
        "Troops from West Africa arrived in Mali.",
    ],
)
def test_actors_bloc_not_inside_a_longer_name(pipeline: Pipeline, text: str) -> None:
    assert all("WST" not in e[1:3] for e in coded(pipeline, text))


@pytest.mark.parametrize(
    ("text", "trigger", "source"),
    [
        ("The U.S.-led invasion of Iraq in 2003 toppled Saddam Hussein.", "invasion", "USA"),
        ("A Saudi-led offensive on Hodeidah killed dozens of civilians.", "killed", "SAU"),
        ("The NATO-led bombing of Serbia lasted 78 days.", "bombing", "IGOWSTNAT"),
    ],
)
def test_dyads_leader_of_a_led_act(
    pipeline: Pipeline, text: str, trigger: str, source: str
) -> None:
    assert source in {e[1] for e in by_trigger(pipeline, text, trigger)}


@pytest.mark.parametrize(
    ("text", "trigger", "targets"),
    [
        (
            "Ethiopia and Eritrea signed a peace deal in July. Trade between them rose "
            "quickly. The UN welcomed lasting peace between the two countries and urged both "
            "governments to open the border.",
            "urged",
            {"ETHGOV", "ERIGOV"},
        ),
        (
            "Sudan and South Sudan signed a deal on Sunday. The deal reopens the border. "
            "Traders welcomed the news. The United Nations urged both governments to "
            "implement it.",
            "urged",
            {"SDNGOV", "SSDGOV"},
        ),
    ],
)
def test_actors_two_named_a_few_sentences_back(
    pipeline: Pipeline, text: str, trigger: str, targets: set[str]
) -> None:
    assert {e[2] for e in by_trigger(pipeline, text, trigger)} == targets


@pytest.mark.parametrize(
    ("text", "trigger", "modality"),
    [
        # what a clause on a noun 'any' picks out describes a kind, not an act
        (
            "He said Kabul had not sheltered any group fighting Pakistan.",
            "fighting",
            "hypothetical",
        ),
        (
            "The ministry denied supporting any militia attacking the army.",
            "attacking",
            "hypothetical",
        ),
        # a report that someone denies is not told as true
        (
            "She denied reports that Chadian soldiers had turned back refugees at the border.",
            "turned",
            "negated",
        ),
        (
            "The army denied reports that Russian troops had shelled Kharkiv.",
            "shelled",
            "negated",
        ),
        # a report nobody denies is reported
        ("Reports that Russian troops had shelled Kharkiv spread quickly.", "shelled", "reported"),
    ],
)
def test_modality_kinds_and_denied_reports(
    pipeline: Pipeline, text: str, trigger: str, modality: str
) -> None:
    found = by_trigger(pipeline, text, trigger)
    assert found and {e[3] for e in found} == {modality}


@pytest.mark.parametrize(
    "text",
    [
        "Libya offered to hand over two of its nationals suspected by the West of blowing up "
        "a plane.",
        "Two men accused by police of attacking a patrol were released.",
    ],
)
def test_dyads_suspected_by_is_no_doer(pipeline: Pipeline, text: str) -> None:
    assert all(
        e[1] not in {"WST", "COP"} for e in coded(pipeline, text) if e[0][:2] in {"18", "19"}
    )


@pytest.mark.parametrize(
    ("text", "trigger", "code"),
    [
        # a required word names a thing, not the verb of a clause of its own
        ("Paris sent soldiers to help repel Libyan forces.", "sent", "154"),
        ("Britain sent troops to help the government of Sierra Leone.", "sent", "154"),
        ("Germany sent aid to Turkey after the earthquake.", "sent", "070"),
    ],
)
def test_patterns_required_word_is_no_clause_verb(
    pipeline: Pipeline, text: str, trigger: str, code: str
) -> None:
    assert {e[0] for e in by_trigger(pipeline, text, trigger)} == {code}


@pytest.mark.parametrize(
    "text",
    [
        "The World Food Programme warned that it could be forced to suspend food aid.",
        "The agency warned that it may be forced to close its clinics in Gaza.",
    ],
)
def test_patterns_forced_is_no_force(pipeline: Pipeline, text: str) -> None:
    assert all(not e[0].startswith("138") for e in coded(pipeline, text))


@pytest.mark.parametrize(
    ("text", "trigger", "wanted"),
    [
        ('"He was taken from his home two days ago," the editor told reporters.', "taken", False),
        ("Police said Ahmed Ali was taken from his office in Cairo.", "taken", False),
        ("Russian forces took Kherson in March.", "took", True),
    ],
)
def test_coder_territory_not_taken_from_a_person(
    pipeline: Pipeline, text: str, trigger: str, wanted: bool
) -> None:
    found = [e for e in by_trigger(pipeline, text, trigger) if e[0] == "192"]
    assert bool(found) == wanted


@pytest.mark.parametrize(
    ("text", "trigger", "code"),
    [
        ("Russia banned the transit of Lithuanian goods.", "banned", "163"),
        ("China banned trade with Lithuania in December.", "banned", "163"),
        (
            "He said Belarus could ban the transit of European goods if the West did not lift "
            "the restrictions.",
            "ban",
            "1312",
        ),
    ],
)
def test_patterns_trade_ban_is_a_sanction(
    pipeline: Pipeline, text: str, trigger: str, code: str
) -> None:
    assert code in {e[0] for e in by_trigger(pipeline, text, trigger)}


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        (
            "Georgia condemned the detention of two of its citizens by Russian border guards "
            "and demanded their immediate release.",
            "demanded",
            "RUSCOP",
        ),
        (
            "Iranian police arrested a British-Iranian aid worker in Tehran. Britain demanded "
            "her immediate release.",
            "demanded",
            "IRNCOP",
        ),
        (
            "Houthi rebels abducted two UN staff in Sanaa on Monday. The UN called for their "
            "release.",
            "called",
            "YEMREB",
        ),
    ],
)
def test_sides_release_demanded_of_the_detainer(
    pipeline: Pipeline, text: str, trigger: str, target: str
) -> None:
    assert target in {e[2] for e in by_trigger(pipeline, text, trigger)}


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        ("A senior European Union envoy held talks in Tbilisi.", "held", "GEOGOV"),
        ("The French foreign minister held talks in Beijing on Monday.", "held", "CHNGOV"),
        # where an international body sits, a meeting is no visit to the host
        ("The UN envoy held talks in Geneva on Monday.", "held", ""),
        # a named partner stays the target
        ("The French foreign minister met Wang Yi in Beijing.", "met", "CHNGOV"),
    ],
)
def test_coder_talks_in_a_capital_are_with_its_government(
    pipeline: Pipeline, text: str, trigger: str, target: str
) -> None:
    assert {e[2] for e in by_trigger(pipeline, text, trigger)} == {target}


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        (
            "The EU, Georgia's largest trading partner, has pledged 183 million euros to help "
            "the country cope with the pandemic.",
            "pledged",
            "GEO",
        ),
        # the country of a clause of its own inside the purpose is not the target
        (
            "Somalia's government appealed to donors for $1.5 billion to avert famine as the "
            "country endured its worst drought.",
            "appealed",
            "",
        ),
    ],
)
def test_dyads_purpose_names_the_country(
    pipeline: Pipeline, text: str, trigger: str, target: str
) -> None:
    assert target in {e[2] for e in by_trigger(pipeline, text, trigger)}


def dated(pipeline: Pipeline, text: str, trigger: str, day: str) -> set[str]:
    record = pipeline(
        RawDocument(
            SourceRef("t"), text, published=datetime.date.fromisoformat(day), has_header=False
        )
    )
    return {
        (e.date.value if e.date else "") or "" for e in record.events if e.trigger.text == trigger
    }


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        # an undated past event after the lead took place on the lead's day
        (
            "Police fired tear gas at protesters in Tirana on Saturday. The rally was the "
            "fifth in a row. Organisers said thousands took part. Interior Minister Fatmir "
            "Kola accused opposition leaders of inciting the violence.",
            "accused",
            "2019-03-16",
        ),
        (
            "Militants stormed an army post in Mohmand on Friday, killing nine soldiers. The "
            "group claimed responsibility. Its spokesman spoke to reporters by phone. The "
            "military said soldiers fought the attackers off.",
            "fought",
            "2019-03-15",
        ),
        # a limit just before ('until Friday') tells no other thread
        (
            "Police detained two activists in Minsk on Monday. The activists work for a rights "
            "group. The court ordered that they stay in custody until Friday. Officers "
            "assaulted the activists at the station, their lawyer said.",
            "assaulted",
            "2019-03-11",
        ),
        # another past date just before tells another thread
        (
            "Police fired tear gas at protesters in Tirana on Saturday. The opposition began "
            "weekly protests in February. Police accused opposition leaders of inciting the "
            "violence.",
            "accused",
            "2019-03-17",
        ),
        # what has been going on is not dated by the lead
        (
            "Police fired tear gas at protesters in Tirana on Saturday. The rally was the "
            "fifth this year. Organisers said thousands took part. The government has accused "
            "the opposition of inciting violence.",
            "accused",
            "2019-03-17",
        ),
    ],
)
def test_anchoring_lead_day_dates_untold_past(
    pipeline: Pipeline, text: str, trigger: str, value: str
) -> None:
    assert dated(pipeline, text, trigger, "2019-03-17") == {value}


def test_anchoring_narrative_skips_a_setting_date(pipeline: Pipeline) -> None:
    text = (
        "Police arrested a journalist at his home on Tuesday. Prosecutors charged him on "
        "Wednesday under a law which has been in force since 2015. A magistrate refused bail."
    )
    assert dated(pipeline, text, "refused", "2021-07-15") == {"2021-07-14"}


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        (
            "In a similar incident last year, soldiers moved a fence into farmland near the "
            "village, cutting off several families from their orchards.",
            "cutting",
            "2018",
        ),
        ("In a raid in March, Turkish police detained 40 suspects.", "detained", "2019-03"),
        # a noun's own date is background
        ("Under a 1997 treaty, Russia sent troops to Georgia.", "sent", "2019-06-01"),
    ],
)
def test_anchoring_occasion_dates_its_clause(
    pipeline: Pipeline, text: str, trigger: str, value: str
) -> None:
    assert dated(pipeline, text, trigger, "2019-06-01") == {value}


def events_of(pipeline: Pipeline, text: str, day: str = "2020-09-18") -> list[tuple[str, ...]]:
    record = pipeline(
        RawDocument(
            SourceRef("t"), text, published=datetime.date.fromisoformat(day), has_header=False
        )
    )
    return [
        (
            e.trigger.text,
            e.source.code if e.source else "",
            e.target.code if e.target else "",
            (e.date.value if e.date else "") or "",
        )
        for e in record.events
    ]


@pytest.mark.parametrize(
    ("text", "noun", "verb"),
    [
        (
            "Georgia on Thursday condemned the detention of two of its citizens by Russian "
            "border guards. Russian border guards detained the two men on Wednesday while they "
            "were collecting firewood.",
            ("detention", "RUSCOP", "GEOCVL", "2020-09-16"),
            ("detained", "RUSCOP", "GEOCVL", "2020-09-16"),
        ),
        (
            "Kyiv on Friday condemned the shelling of Kharkiv by Russian forces. Russian forces "
            "shelled Ukrainian positions near the city on Tuesday.",
            ("shelling", "RUSMIL", "UKR", "2020-09-15"),
            ("shelled", "RUSMIL", "UKR", "2020-09-15"),
        ),
    ],
)
def test_coreference_definite_noun_takes_the_told_act(
    pipeline: Pipeline, text: str, noun: tuple[str, ...], verb: tuple[str, ...]
) -> None:
    found = events_of(pipeline, text)
    assert noun in found and verb in found


def test_coreference_other_actors_stay_apart(pipeline: Pipeline) -> None:
    text = (
        "Turkey on Thursday condemned the detention of its citizens by Greek police. Iranian "
        "police detained two British tourists on Monday."
    )
    found = events_of(pipeline, text)
    assert ("detention", "GRCCOP", "TURCVL", "2020-09-17") in found


@pytest.mark.parametrize(
    ("text", "trigger", "target"),
    [
        # 'them' is a group named before it, not the object of a singular noun
        (
            "Officials said 40 Taliban militants had attacked the post and that Afghan "
            "soldiers fought them off.",
            "fought",
            "REB",
        ),
        # nor whoever says it ('the army said ... fought them')
        (
            "Nigerian police said Boko Haram fighters had stormed the village and that "
            "soldiers later fought them off.",
            "fought",
            "NGAREB",
        ),
        # a plural object before it still is what 'them' is
        (
            "Kenya expelled three Somali diplomats, accusing them of spying.",
            "accusing",
            "SOM",
        ),
    ],
)
def test_actors_them_points_to_a_group(
    pipeline: Pipeline, text: str, trigger: str, target: str
) -> None:
    targets = {e[2] for e in by_trigger(pipeline, text, trigger)}
    assert any(code.startswith(target) or code.endswith(target) for code in targets)


@pytest.mark.parametrize(
    ("text", "trigger", "source"),
    [
        # 'officers' alone: the police by default
        ("She said officers had beaten him during the arrest.", "beaten", "COP"),
        (
            "A spokeswoman for the State Police said officers had fired tear gas.",
            "fired",
            "COP",
        ),
        # the army's, where the army tells it
        ("The army said officers had shot two insurgents.", "shot", "MIL"),
    ],
)
def test_actors_officers_take_the_sector_around(
    pipeline: Pipeline, text: str, trigger: str, source: str
) -> None:
    assert any(e[1].endswith(source) for e in by_trigger(pipeline, text, trigger))


@pytest.mark.parametrize(
    ("text", "trigger", "source", "code"),
    [
        # a perfect relative clause with its own subject is active: 'which' is the mission
        (
            "Observers from the EU Monitoring Mission, which has patrolled the line since "
            "2008, arrived in Gori.",
            "patrolled",
            "IGOEU",
            "074",
        ),
        ("UN peacekeepers patrolled the buffer zone in Cyprus.", "patrolled", "IGOUNO", "074"),
        # an army's patrol is still a show of force
        ("Russian troops patrolled the streets of Tskhinvali.", "patrolled", "RUSMIL", "150"),
    ],
)
def test_coder_patrols_by_monitors_are_monitoring(
    pipeline: Pipeline, text: str, trigger: str, source: str, code: str
) -> None:
    found = by_trigger(pipeline, text, trigger)
    assert any(e[1].startswith(source) and e[0] == code for e in found)


def test_coder_people_gathering_hold_no_meeting(pipeline: Pipeline) -> None:
    text = "Soldiers shelled the village, killing dozens of people who had gathered for a funeral."
    assert not [e for e in coded(pipeline, text) if e[0].startswith("04")]


@pytest.mark.parametrize(
    ("text", "trigger", "source"),
    [
        # the doer of an act that a violent verb's subject names, through the acts it is one of
        (
            "Al Shabaab has carried out dozens of attacks in Kenya, including a bombing that "
            "killed 21 people in Nairobi.",
            "killed",
            "SOMREB",
        ),
        # a by-agent on the act
        ("A bombing by Boko Haram killed 12 villagers in Nigeria.", "killed", "NGAREB"),
    ],
)
def test_dyads_doer_of_the_act_that_kills(
    pipeline: Pipeline, text: str, trigger: str, source: str
) -> None:
    found = {e[1] for e in by_trigger(pipeline, text, trigger)}
    assert any(code.endswith(source[3:]) for code in found), found


def test_actors_a_name_keeps_the_code_it_was_given(pipeline: Pipeline) -> None:
    text = (
        "Jamaat-ul-Ahrar, a breakaway faction of the Pakistani Taliban, claimed the attack. "
        "Officials say Jamaat-ul-Ahrar has carried out dozens of attacks, including a suicide "
        "bombing that killed 13 people in Lahore in February."
    )
    assert {e[1] for e in by_trigger(pipeline, text, "killed")} == {"PAKREB"}


@pytest.mark.parametrize(
    ("text", "trigger", "target", "value"),
    [
        (
            "The European Union imposed new sanctions on Belarus on Wednesday. The EU "
            "measures, published in its Official Journal, freeze the assets of 25 individuals.",
            "freeze",
            "BLR",
            "2024-05-01",
        ),
        (
            "The United States imposed sanctions on Iran on Monday. The sanctions freeze the "
            "assets of 12 companies.",
            "freeze",
            "IRN",
            "2024-04-29",
        ),
    ],
)
def test_coreference_measures_keep_the_act_they_belong_to(
    pipeline: Pipeline, text: str, trigger: str, target: str, value: str
) -> None:
    found = [e for e in events_of(pipeline, text, "2024-05-02") if e[0] == trigger]
    assert found and all(e[2].startswith(target) and e[3] == value for e in found)


@pytest.mark.parametrize(
    ("text", "trigger", "sources"),
    [
        # inside a quote, 'they' is not a group of the story outside it
        (
            'Oxfam said the camp was full. "We walked for four days. They burned our houses '
            'and killed my husband in El Geneina," said Amina Abdallah, a Sudanese refugee.',
            "burned",
            set(),
        ),
        # a group the quote itself names is
        (
            'Officials in Mohmand spoke to reporters. "The militants came at night from the '
            'mountains. Our soldiers fought them until the end," said Khalid Afridi.',
            "fought",
            {"REB"},
        ),
    ],
)
def test_actors_group_pronouns_in_quotes(
    pipeline: Pipeline, text: str, trigger: str, sources: set[str]
) -> None:
    found = by_trigger(pipeline, text, trigger)
    if not sources:
        assert all(not e[1].startswith("NGO") for e in found)
    else:
        assert any(e[2].endswith("REB") for e in found)
