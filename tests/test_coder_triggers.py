"""The event coder's triggers and codes by family, on real spaCy parses: this sentence gives
this (countable) event type, or none of it. Every sentence here was written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.models import COUNTABLE, Event, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline


def _countable(pipeline: Pipeline, text: str) -> list[Event]:
    record = pipeline(
        RawDocument(SourceRef("t"), text, published=date(2024, 5, 10), has_header=False)
    )
    return [e for e in record.events if e.modality in COUNTABLE and e.plover]


def _types(pipeline: Pipeline, text: str) -> list[str]:
    return sorted(e.plover for e in _countable(pipeline, text))


def _shown(pipeline: Pipeline, text: str) -> list[tuple[str, str, str, str]]:
    return [(e.cameo, e.modality, e.trigger.text, e.pattern) for e in _countable(pipeline, text)]


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        # Phrasal verbs whose particle the parser hangs on as an adverb.
        ("Hezbollah fighters pulled back from positions near the river on Tuesday.", "RETREAT"),
        ("Armenia handed back to Azerbaijan four border villages on Friday.", "RETREAT"),
        ("The rebels handed back the captured town to the army.", "RETREAT"),
        # Control taken of a place, whatever it is called.
        ("Rebels took control of the town of Goma on Monday.", "COERCE"),
        # Clausal promises.
        (
            "The Taliban administration promised on Sunday that girls' schools would reopen.",
            "AGREE",
        ),
        ("Kenya's president pledged that the budget would be withdrawn.", "AGREE"),
        # A border opened to people takes them in.
        ("Uganda opened its border to thousands of Congolese refugees.", "AID"),
        ("Poland opened its borders to Ukrainian families fleeing the war.", "AID"),
        # Accusations made with a noun object.
        ("Mozambique's opposition alleged widespread fraud in the election.", "ACCUSE"),
        # Negotiators recalled; an ambassador given hours to leave.
        ("Israel recalled its negotiators from the ceasefire talks with Hamas.", "SANCTION"),
        ("Niger's military rulers gave the French ambassador 48 hours to leave.", "SANCTION"),
        ("Mali gave the Swedish envoy 72 hours to leave the country.", "SANCTION"),
        # Verbs the lemmatizer gets wrong are found by their inflections.
        ("The Arab League readmitted Syria on Sunday.", "SUPPORT"),
        ("Opposition supporters staged a rally in the capital on Friday.", "PROTEST"),
        # A phrasal verb's object is its target ('gun down {T}', 'turn back {T}').
        (
            "A provincial governor was gunned down in Kandahar on Tuesday.",
            "ASSAULT",
        ),
        ("Colombia turned back two U.S. military planes carrying deported migrants.", "REJECT"),
        ("Rebels blew up a bridge on the main road to the capital.", "ASSAULT"),
        # Words of the object's phrase: what was asked for, set on fire, sent where.
        ("Malawi asked neighbouring countries and donors for emergency food aid.", "REQUEST"),
        ("Rioters set buses and a tram on fire in central Dublin.", "PROTEST"),
        ("Beijing sent 71 warplanes and seven navy ships toward Taiwan on Monday.", "MOBILIZE"),
        ("Israel allowed aid trucks to enter Gaza on Sunday.", "RETREAT"),
        # The nouns compounded with the counted noun of an object say what it is.
        ("The United States suspended part of its military aid programme for Bosnia.", "SANCTION"),
        ("Germany froze half of its development aid budget for Niger.", "SANCTION"),
        ("China launched three days of war games around Taiwan on Saturday.", "MOBILIZE"),
        ("North Korea began a week of war games on Monday.", "MOBILIZE"),
        # Whose staff may come back.
        (
            "Venezuela allowed staff of the U.N. human rights office to return to Caracas.",
            "CONCEDE",
        ),
        # Relations reviewed, attacks answered, attempts crushed: statements of what will be done.
        ("Morocco said it would review its cooperation with Germany.", "THREATEN"),
        ("Egypt said it would respond firmly to any Ethiopian attack on its dams.", "THREATEN"),
        ("The junta said the army would crush any attempt to topple the government.", "THREATEN"),
        # Forces put on alert, whether by name or in the passive.
        ("Troops along the border were placed on high alert on Sunday.", "MOBILIZE"),
        ("Pakistan placed its army on high alert after the attack.", "MOBILIZE"),
        # A company placed under state management is seized.
        (
            "Russia placed the local unit of Finland's Fortum under temporary state management.",
            "COERCE",
        ),
    ],
)
def test_coder_triggers_family_gives_type(pipeline: Pipeline, text: str, plover: str) -> None:
    assert plover in _types(pipeline, text), _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "plover", "absent"),
    [
        # Easing sanctions is CAMEO 085 (RETREAT), not an easing of restrictions (081).
        ("The United States eased sanctions on Venezuela's oil sector.", "RETREAT", "CONCEDE"),
        ("Washington eased sanctions on Caracas for six months.", "RETREAT", "CONCEDE"),
        # 'Struck' with an object that names no actor is an attack, not a labour strike.
        ("Israeli jets struck what the army said were weapons depots.", "ASSAULT", "PROTEST"),
        ("Ukrainian drones struck overnight near the border.", "ASSAULT", "PROTEST"),
        ("Nurses struck over pay on Monday.", "PROTEST", "ASSAULT"),
        # Roads blocked by a state are a blockade; by protesters, a protest.
        (
            "Azerbaijan has blocked the only road linking Armenia with the enclave.",
            "COERCE",
            "PROTEST",
        ),
        ("The army blocked the main highway into the city for a week.", "COERCE", "PROTEST"),
        ("Students blocked the three bridges over the Danube on Saturday.", "PROTEST", "COERCE"),
        ("Angry farmers blocked streets around the parliament with tractors.", "PROTEST", "COERCE"),
        # A commitment to a gerund is an intent of whoever is committed, the act not done.
        ("The Ethiopian government is committed to holding free elections.", "AGREE", "CONCEDE"),
        ("Ghana's finance minister said Ghana is committed to opening its markets.", "AGREE", ""),
        ("Turkey remains committed to expanding trade with Iraq.", "AGREE", "COOPERATE"),
        # Exercises held by the forces of several countries together are cooperation; by one
        # country's forces, a show of force.
        (
            "Russia and Belarus held military exercises near the Polish border.",
            "COOPERATE",
            "MOBILIZE",
        ),
        ("French and Egyptian warships launched ten days of war games.", "COOPERATE", "MOBILIZE"),
        ("China launched three days of war games around Taiwan.", "MOBILIZE", "COOPERATE"),
        ("Iran's navy held exercises in the Strait of Hormuz.", "MOBILIZE", "COOPERATE"),
        # Ordering a newspaper or broadcaster to stop is repression, not a demand.
        (
            "Russia's regulator ordered the Novaya Gazeta newspaper to suspend publication.",
            "COERCE",
            "REQUEST",
        ),
        (
            "Iran's judiciary ordered the reformist daily Shargh to stop publication.",
            "COERCE",
            "REQUEST",
        ),
        ("The junta forced the BBC to close its bureau in Niamey.", "COERCE", "REQUEST"),
        ("The court ordered the government to release the detainees.", "REQUEST", "COERCE"),
        ("The rebels agreed to opening the road to aid convoys.", "AGREE", "RETREAT"),
    ],
)
def test_coder_triggers_known_trigger_gets_its_code(
    pipeline: Pipeline, text: str, plover: str, absent: str
) -> None:
    types = _types(pipeline, text)
    assert plover in types and absent not in types, _shown(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Israeli jets struck Hezbollah weapons depots in southern Lebanon, killing five fighters.",
        "Myanmar's military bombed a village in Sagaing, killing dozens of people.",
        "Security forces opened fire on protesters in Zahedan, killing at least 40 people.",
        "Egyptian police opened fire to disperse the demonstrators in Cairo.",
    ],
)
def test_coder_triggers_a_clause_of_how_an_attack_went_is_the_same_event(
    pipeline: Pipeline, text: str
) -> None:
    assert _types(pipeline, text) == ["ASSAULT"], _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        (
            "Mozambique's main opposition party demanded a recount, alleging widespread fraud.",
            ["ACCUSE", "REQUEST"],
        ),
        (
            "Hamas threatened to delay the release of hostages, accusing Israel of violating "
            "the ceasefire.",
            ["ACCUSE", "THREATEN"],
        ),
        (
            "Serbia's opposition demanded a rerun of the vote, accusing the ruling party of fraud.",
            ["ACCUSE", "REQUEST"],
        ),
        # What protesters demand stays their protest's.
        (
            "Thousands of Chilean students marched in Santiago, demanding free education.",
            ["PROTEST"],
        ),
    ],
)
def test_coder_triggers_a_participle_beside_a_speech_act_is_a_second_act(
    pipeline: Pipeline, text: str, types: list[str]
) -> None:
    assert _types(pipeline, text) == types, _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # A plain negated act tells of nothing done.
        ("China has not supplied lethal weapons to Russia, a U.S. official said.", []),
        ("Egypt did not open the Rafah crossing on Saturday.", []),
        ("Turkey has not sent troops to Libya.", []),
        # Withheld consent, or what an actor says it will not do, is a refusal.
        ("Iran said it will not accept the demands of the inspectors.", ["REJECT"]),
        ("The junta did not agree to meet the ECOWAS delegation.", ["REJECT"]),
        ("Hungary said it would not allow the refugees to cross its territory.", ["REJECT"]),
        # An act its speaker calls out of the question is refused by the speaker.
        (
            "US officials said removing the sanctions on Burma is out of the question.",
            ["REJECT"],
        ),
        (
            "Israeli officials said withdrawing troops from the corridor was not an option.",
            ["REJECT"],
        ),
        ("The Serbian government said lifting the ban on the party is unacceptable.", ["REJECT"]),
        # A gerund subject of any other predicate names no act.
        ("Attacking civilians is a war crime, the minister said.", []),
    ],
)
def test_coder_triggers_only_a_refusal_of_a_negated_act_counts(
    pipeline: Pipeline, text: str, types: list[str]
) -> None:
    assert _types(pipeline, text) == types, _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        # What a noun is for ('the right to', 'a bid to') has not happened.
        (
            "The United States defended the right of Russian troops to fire on militants.",
            "ASSAULT",
        ),
        ("The minister welcomed the plan to withdraw troops from the border.", "RETREAT"),
        # A gerund as the subject names no act.
        ("Officials said that removing the sanctions on Burma is out of the question.", "RETREAT"),
        ("Attacking civilians is a war crime, the minister said.", "ASSAULT"),
        # What a planned act is for is planned too.
        ("Gambia's president will visit Senegal to mediate in the dispute.", "CONSULT"),
    ],
)
def test_coder_triggers_unasserted_content_is_not_counted(
    pipeline: Pipeline, text: str, absent: str
) -> None:
    assert absent not in _types(pipeline, text), _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        (
            "Guterres condemned the detention of Niger's President Mohamed Bazoum by the army.",
            ["ACCUSE", "COERCE"],
        ),
        (
            "France denounced the arrest of three French journalists by Iranian police.",
            ["ACCUSE", "COERCE"],
        ),
    ],
)
def test_coder_triggers_what_a_condemnation_is_about_happened(
    pipeline: Pipeline, text: str, types: list[str]
) -> None:
    assert _types(pipeline, text) == types, _shown(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Poland's foreign ministry called the tactic a hybrid attack on the European Union.",
        "They said the ceasefire talks had resumed.",
        "The statement said it had been taken hostage.",
    ],
)
def test_coder_triggers_an_event_with_no_known_actor_is_not_counted(
    pipeline: Pipeline, text: str
) -> None:
    assert _types(pipeline, text) == [], _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # The name of a month is no event word.
        ("The opposition objected to holding the vote in March.", []),
        ("Parliament set the referendum for March.", []),
        ("Protesters held a march in the capital on Sunday.", ["PROTEST"]),
        ("Niger's junta gave the French ambassador 48 hours to leave.", ["SANCTION"]),
    ],
)
def test_coder_triggers_a_month_name_is_no_required_word(
    pipeline: Pipeline, text: str, types: list[str]
) -> None:
    assert _types(pipeline, text) == types, _shown(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "The Kenyan government allowed the opposition to hold a rally in Nairobi.",
        "The court authorised the opposition to hold a rally in the capital.",
        "Israel permitted the Red Cross to visit the detainees.",
    ],
)
def test_coder_triggers_what_a_permission_permits_is_no_event(
    pipeline: Pipeline, text: str
) -> None:
    # Only the permission is an event; the act permitted is its content.
    assert _types(pipeline, text) == ["CONCEDE"], _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # What an actor is arrested, accused or punished for is the charge, not an act told.
        (
            "A missionary from Calgary was arrested in Lebanon for collaborating with Israel.",
            ["COERCE"],
        ),
        ("Police detained two journalists for protesting outside the parliament.", ["COERCE"]),
        (
            "Serbia lodged a protest with Albania, charging it with supporting the dissidents.",
            ["ACCUSE"],
        ),
        ("The court sentenced the activist to five years for insulting the president.", ["ACCUSE"]),
    ],
)
def test_coder_triggers_what_an_actor_is_punished_for_is_the_charge(
    pipeline: Pipeline, text: str, types: list[str]
) -> None:
    assert _types(pipeline, text) == types, _shown(pipeline, text)


@pytest.mark.parametrize(
    "text",
    [
        "Moroccan diplomats met President Obama at a lunch hosted by the ambassador.",
        "Iranian and Saudi officials met in Baghdad at a dinner hosted by Iraq's prime minister.",
        "Armenian and Azeri ministers held talks at a reception hosted by the Russian envoy.",
    ],
)
def test_coder_triggers_who_hosted_the_occasion_of_a_meeting_is_part_of_it(
    pipeline: Pipeline, text: str
) -> None:
    events = _countable(pipeline, text)
    assert events and all(e.trigger.text != "hosted" for e in events), _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        # Verbs conjoined that give one code by one source on one target (or on none) tell
        # one event.
        ("Sri Lanka has established diplomatic ties with and opened an embassy in Tehran.", 1),
        ("The opposition said it would boycott parliament and stage nationwide protests.", 1),
        ("Hungary recognised Kosovo and established diplomatic ties with it.", 1),
        # On different targets they are different events, also when one addressee is no
        # known actor.
        ("Police arrested three activists and detained two journalists.", 2),
        (
            "The EU urged all sides to refrain from violence and called on the opposition to "
            "return to parliament.",
            2,
        ),
    ],
)
def test_coder_triggers_conjoined_verbs_of_one_event_count_once(
    pipeline: Pipeline, text: str, count: int
) -> None:
    assert len(_countable(pipeline, text)) == count, _shown(pipeline, text)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # A participle of how a yielding went, beside the verb carrying the yielding's noun, is
        # the same event.
        (
            "India's prime minister announced the repeal of three farm laws, bowing to pressure "
            "from farmers' unions.",
            ["CONCEDE"],
        ),
        (
            "Kenya's president announced the withdrawal of the finance bill, bowing to the "
            "demands of protesters.",
            ["CONCEDE"],
        ),
        (
            "Belarus announced the release of 50 political prisoners, bowing to pressure from the "
            "European Union.",
            ["RETREAT"],
        ),
    ],
)
def test_coder_triggers_a_participle_beside_a_carried_event_noun_is_that_event(
    pipeline: Pipeline, text: str, types: list[str]
) -> None:
    assert _types(pipeline, text) == types, _shown(pipeline, text)
