from __future__ import annotations

from datetime import date

import pytest

from tidings.components.events.patterns import PatternError, compile_pattern
from tidings.models import ArticleRecord, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline


def _events(pipeline: Pipeline, text: str, published: date = date(2020, 6, 15)):
    record = pipeline(RawDocument(SourceRef("t"), text, published=published, has_header=False))
    return record.events


@pytest.mark.parametrize(
    ("text", "plover", "source", "target"),
    [
        (
            "Russian troops attacked Ukrainian positions near Kharkiv on Monday.",
            "ASSAULT",
            "RUSMIL",
            "",
        ),
        ("The European Union imposed sanctions on Belarus on Tuesday.", "SANCTION", "IGO", "BLR"),
        ("Police arrested dozens of protesters in Minsk.", "COERCE", "", ""),
        (
            "Lithuania, Estonia and Latvia called on NATO to send more troops.",
            "REQUEST",
            "LTU",
            "IGO",
        ),
        (
            "Turkish Foreign Minister Ahmet Yilmaz met his Greek counterpart in Athens.",
            "CONSULT",
            "TURGOV",
            "",
        ),
        ("Germany accused Russia of spreading disinformation.", "ACCUSE", "DEU", "RUS"),
        ("China condemned the visit of the Japanese prime minister.", "ACCUSE", "CHN", ""),
        ("Iran threatened to close the Strait of Hormuz.", "THREATEN", "IRN", ""),
        ("Thousands of farmers protested against the government in Paris.", "PROTEST", "", ""),
    ],
)
def test_events_code_type_and_dyad(
    pipeline: Pipeline, text: str, plover: str, source: str, target: str
) -> None:
    events = [e for e in _events(pipeline, text) if e.plover == plover]
    assert events, [(e.cameo, e.plover) for e in _events(pipeline, text)]
    event = events[0]
    assert (event.source.code if event.source else "").startswith(source)
    assert (event.target.code if event.target else "").startswith(target)
    start, end = event.trigger.span
    assert text[start:end] == event.trigger.text


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Russia did not attack the convoy.", "negated"),
        ("The dispute could degenerate into war between Russia and NATO.", None),
        ("Russia could attack Ukraine next year.", "hypothetical"),
        ("Officials said Russia attacked the convoy.", "reported"),
        ("Russia is accused of attacking the convoy.", None),
        ("Russia attacked the convoy.", "asserted"),
    ],
)
def test_events_modality(pipeline: Pipeline, text: str, modality: str | None) -> None:
    assault = [e for e in _events(pipeline, text) if e.plover == "ASSAULT"]
    if modality is None:
        assert all(e.modality != "asserted" for e in assault)
    else:
        assert assault and assault[0].modality == modality


def test_events_request_content_is_not_a_second_event(pipeline: Pipeline) -> None:
    events = _events(
        pipeline, "The rebels rejected an appeal from the president to lay down their arms."
    )
    assert [e.plover for e in events] == ["REJECT"]


def test_events_record_fields_come_from_the_code_table(pipeline: Pipeline) -> None:
    (event,) = [
        e for e in _events(pipeline, "Israel imposed a curfew on Hebron.") if e.cameo == "1723"
    ]
    assert (event.plover, event.quad_class, event.cameo_label) == ("COERCE", 4, "Impose curfew")
    assert event.goldstein < 0


@pytest.mark.parametrize(
    "pattern",
    [
        "",
        "attack {T} {T}",
        "Attack {T}",
        "meet +With",
        "call on {T} to:Send",
        "vow to to:fight",
        "receive +aid {S}",
        "receive +aid from {S} {T}",
    ],
)
def test_patterns_malformed_are_rejected(pattern: str) -> None:
    with pytest.raises(PatternError):
        compile_pattern("190", pattern, "test")


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        ("Syria said it would not accept more refugees.", "REJECT"),
        ("The minister did not resign despite the protests.", "REJECT"),
    ],
)
def test_events_refusal_is_a_rejection(pipeline: Pipeline, text: str, plover: str) -> None:
    events = _events(pipeline, text)
    assert [e.plover for e in events] == [plover]
    assert events[0].modality == "asserted" and events[0].cameo.startswith("12")


@pytest.mark.parametrize(
    "text",
    [
        "Pro-Russian separatists attacked Ukrainian troops near Donetsk on Monday.",
        "Kenya's foreign minister accused the Ethiopian government of violating the agreement.",
        "Anti-government rebels attacked an army post in the north-east, the military said.",
    ],
)
def test_events_actor_text_is_the_article_characters(pipeline: Pipeline, text: str) -> None:
    record = pipeline(RawDocument(SourceRef("t"), text, published=date(2015, 1, 1)))
    assert isinstance(record, ArticleRecord)
    actors = [a for e in record.events for a in (e.source, e.target) if a and a.span]
    assert actors, [e.cameo for e in record.events]
    for actor in actors:
        assert actor.text == record.article.text[actor.span[0] : actor.span[1]]


def test_patterns_converse_and_clause_slots() -> None:
    converse = compile_pattern("070", "receive +aid from {S}", "test")
    assert converse.converse and converse.target_preps == {"from"}
    clause = compile_pattern("112", "allege that", "test")
    assert clause.clause and not clause.particles
    assert not compile_pattern("112", "accuse {T}", "test").converse


# New triggers of the wider vocabulary, several per family: (sentence, CAMEO code prefix).
WIDER_TRIGGERS = [
    ("Kenya's president sent condolences to the families of the victims in Nairobi.", "018"),
    ("The Philippine foreign minister exhorted China to respect the arbitral ruling.", "020"),
    ("Pakistan sought a bailout from the International Monetary Fund on Monday.", "0231"),
    ("Washington wants Tehran to halt uranium enrichment.", "020"),
    ("Egypt gave assurances to Israel that the border would stay closed.", "030"),
    ("The Spanish prime minister spoke with his Moroccan counterpart on Tuesday.", "040"),
    ("The French president made a surprise visit to Kyiv on Monday.", "042"),
    ("Oman facilitated talks between Iran and the United States.", "045"),
    ("The Sudanese and Chadian delegations wrapped up three days of negotiations in Doha.", "046"),
    ("Germany threw its weight behind the Dutch candidate for NATO secretary general.", "050"),
    ("Vietnam and Australia inked a trade agreement in Hanoi on Friday.", "057"),
    ("The Netherlands offered an apology to Indonesia for the colonial-era killings.", "055"),
    ("Japan exchanged intelligence with South Korea on North Korean missile launches.", "064"),
    ("Denmark will supply F-16 jets to Ukraine.", "03"),
    ("The government repealed the controversial media law on Thursday.", "0832"),
    ("The rebels handed over ten hostages to the Red Cross.", "0841"),
    ("Russian forces vacated the town after weeks of shelling.", "087"),
    ("The United States waived sanctions on Venezuelan oil exports.", "085"),
    ("Prosecutors ordered an investigation into the collapse of the bridge.", "090"),
    ("The opposition leader lambasted the president over rising prices.", "111"),
    ("Seoul alleged that Pyongyang had hacked its banks.", "112"),
    ("China lodged an objection with Japan over the visit.", "114"),
    ("Hungary voted against the resolution at the United Nations.", "120"),
    ("The prime minister warned that Israel would face severe retaliation.", "138"),
    ("Farmers mounted a protest outside the parliament in Paris.", "140"),
    ("Rioters went on a rampage through the city centre.", "145"),
    ("Russia amassed troops near the Ukrainian border.", "150"),
    ("Sweden redeployed troops to the island of Gotland.", "154"),
    ("Mali suspended its participation in the regional bloc.", "160"),
    ("Ecuador reimposed a curfew in the coastal provinces.", "1723"),
    ("Iran impounded a British tanker in the Strait of Hormuz.", "1711"),
    ("Police remanded the opposition leader in custody on Monday.", "173"),
    ("Police clamped down on protesters in the capital.", "175"),
    ("The army mounted an offensive against the rebels in the north.", "190"),
    ("Israeli jets pounded Hezbollah positions in southern Lebanon.", "194"),
    ("Russian forces rained rockets on Kharkiv overnight.", "194"),
    ("The government forcibly displaced thousands of villagers from the valley.", "201"),
]


@pytest.mark.parametrize(("text", "code"), WIDER_TRIGGERS)
def test_events_wider_triggers(pipeline: Pipeline, text: str, code: str) -> None:
    codes = [e.cameo for e in _events(pipeline, text)]
    assert any(c.startswith(code) for c in codes), codes


@pytest.mark.parametrize(
    ("text", "code", "source", "target"),
    [
        ("Ghana received emergency aid from the World Bank after the floods.", "070", "IGO", "GHA"),
        ("Nepal secured a loan from India to rebuild its roads.", "071", "IND", "NPL"),
        ("The Serbian president drew sharp criticism from Croatia.", "111", "HRV", "SRB"),
    ],
)
def test_events_converse_verbs_give_the_giver_as_source(
    pipeline: Pipeline, text: str, code: str, source: str, target: str
) -> None:
    events = [e for e in _events(pipeline, text) if e.cameo.startswith(code)]
    assert events, [(e.cameo, e.pattern) for e in _events(pipeline, text)]
    assert events[0].source is not None and events[0].source.code.startswith(source)
    assert events[0].target is not None and events[0].target.code.startswith(target)


def test_events_clause_trigger_needs_a_clause(pipeline: Pipeline) -> None:
    """'allege that' needs a finite clause; 'the alleged plot' is no accusation."""
    assert not [e for e in _events(pipeline, "Police foiled the alleged plot.") if e.plover]
    assert not [
        e
        for e in _events(pipeline, "He resigned to allow the elections to go ahead.")
        if e.cameo.startswith("086")
    ]


@pytest.mark.parametrize(
    ("text", "cameo", "not_cameo"),
    [
        # killing is assassination only when the one killed is a leader
        ("Gunmen killed five villagers in the north on Sunday.", "18", "186"),
        ("Suspected militants killed three farmers near the border.", "1", "186"),
        ("Militants killed the provincial governor on Tuesday.", "186", ""),
        # 'struck targets' is an attack, a strike without an object is a labour strike
        ("Israeli jets struck targets in southern Lebanon.", "19", "143"),
        ("Russian missiles struck the city overnight.", "19", "143"),
        ("Teachers struck on Monday over unpaid wages.", "143", ""),
        # blocked assets are a sanction (CAMEO 163), not a blockade
        ("The United States blocked assets of three Iranian banks.", "163", "144"),
        ("Farmers blocked roads into the capital on Monday.", "144", ""),
        # not every ban bans a party or group
        ("The government banned the sale of alcohol.", "", "1722"),
        ("Thailand banned the import of Cambodian rice.", "163", "1722"),
        ("The government banned the opposition party.", "1722", ""),
    ],
)
def test_events_default_codes_follow_the_object(
    pipeline: Pipeline, text: str, cameo: str, not_cameo: str
) -> None:
    codes = [e.cameo for e in _events(pipeline, text)]
    if cameo:
        assert any(c.startswith(cameo) for c in codes), codes
    else:
        assert not codes, codes
    if not_cameo:
        assert not any(c.startswith(not_cameo) for c in codes), codes


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        # a required word or a trigger inside a name is no event word
        ("The government launched the Strike Relief Fund on Monday.", None),
        ("The Attack Helicopter Unit arrived in Kabul on Monday.", None),
        ("The Attack Helicopter Unit attacked Taliban positions.", "ASSAULT"),
        ("Workers launched a strike on Monday.", "PROTEST"),
    ],
)
def test_events_words_inside_names_are_not_triggers(
    pipeline: Pipeline, text: str, plover: str | None
) -> None:
    assert [e.plover for e in _events(pipeline, text)] == ([plover] if plover else [])


@pytest.mark.parametrize(
    "text",
    [
        # the content of a call is not coded as if it happened
        "The opposition called for the president to resign.",
        "The minister called for Reform Party members to resign.",
        "Activists called for the governor to step down.",
    ],
)
def test_events_what_a_call_asks_for_is_not_counted(pipeline: Pipeline, text: str) -> None:
    assert all(
        e.modality not in {"asserted", "reported"}
        for e in _events(pipeline, text)
        if e.cameo[:2] == "08"
    )


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # a required word inside the actor's own phrase does not complete a pattern
        ("Militants killed a local judge in Waziristan.", "190"),
        ("Security forces used the new law against journalists.", "175"),
    ],
)
def test_patterns_required_word_is_not_in_the_actors_phrase(
    pipeline: Pipeline, text: str, absent: str
) -> None:
    assert absent not in [e.cameo for e in _events(pipeline, text)]


def test_patterns_required_word_in_an_apposition_of_the_object(pipeline: Pipeline) -> None:
    text = "Syrian forces used sarin, a nerve agent, against rebels in Ghouta."
    assert [e.cameo for e in _events(pipeline, text) if e.cameo.startswith("204")]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # talking to the press is an interview, not a consultation
        ("Speaking to reporters on Friday, the Polish defence minister said it was sound.", "04"),
        ("The Latvian foreign minister spoke to state television on Tuesday.", "04"),
        ("Speaking to the Associated Press, the Estonian premier said it was needed.", "04"),
        # a naming verb with an object predicate says what something is
        ("The Kenyan president called the ceasefire a triumph for the whole region.", "02"),
        # refusing to tell a reporter something is no political refusal
        ("Ahmed, a farmer who declined to give his surname, said the village was empty.", "12"),
        # a pattern's word inside an organisation's name
        ("The Committee to Protect Journalists condemned the arrest of the editor.", "07"),
        # spending is not an alert
        ("Finland increased its defence spending by a fifth last year.", "15"),
        ("Norway upped its military budget on Monday.", "15"),
        # what a party must bear befalls it; it is not demanded of it
        ("The French president said Iran must face the consequences of its actions.", "10"),
    ],
)
def test_events_no_event_of_this_root(pipeline: Pipeline, text: str, absent: str) -> None:
    assert not [e.cameo for e in _events(pipeline, text) if e.cameo.startswith(absent)]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Polish foreign minister spoke with his Czech counterpart on Tuesday.", "040"),
        ("The Kenyan president called for talks with the rebels.", "026"),
        ("The rebels declined to give up their weapons.", "124"),
        ("Police raided the offices of an opposition newspaper in Harare.", "171"),
        ("The Treasury blocked the assets of three Iranian banks.", "163"),
        ("Canada froze the accounts of two Russian oligarchs on Monday.", "163"),
        ("The militant group claimed responsibility for the bombing in Quetta.", "015"),
        ("The French president said Iran must halt uranium enrichment.", "100"),
    ],
)
def test_events_coded_as(pipeline: Pipeline, text: str, code: str) -> None:
    assert code in [e.cameo for e in _events(pipeline, text)], [
        (e.cameo, e.pattern) for e in _events(pipeline, text)
    ]
