"""People and organisations: names found by NER and by title, role, apposition and speech
cues; every later mention; roles, countries and actor codes."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tidings.build import components_for
from tidings.config import Settings
from tidings.lexicons import LexiconError, load_lexicons
from tidings.models import ArticleRecord, Person, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline

LEX = load_lexicons()


@pytest.fixture(scope="module")
def people_pipeline() -> Pipeline:
    return Pipeline(Settings(), components_for("quotes"))


def run(pipeline: Pipeline, text: str) -> ArticleRecord:
    record = pipeline(RawDocument(SourceRef("test"), text, has_header=False))
    assert record.article.text == text
    return record


def person(record: ArticleRecord, surname: str) -> Person:
    words = [set(p.name.split()) | set(p.name.replace("-", " ").split()) for p in record.people]
    found = [p for p, w in zip(record.people, words, strict=True) if surname in w]
    assert len(found) == 1, f"{surname!r} in {[p.name for p in record.people]}"
    return found[0]


def mentioned(record: ArticleRecord, who: Person) -> list[str]:
    return [record.article.text[a:b] for a, b in who.spans]


@pytest.mark.parametrize(
    ("text", "name", "role", "code", "country"),
    [
        # a title before the name
        (
            "Capt. Tomas Berzins said the patrol had returned.",
            "Tomas Berzins",
            "captain",
            "MIL",
            "",
        ),
        # a country adjective and a role
        (
            "Estonian Interior Minister Lauri Laanemets said the border would stay open.",
            "Lauri Laanemets",
            "interior minister",
            "ESTGOV",
            "EST",
        ),
        # a possessive country
        (
            "Poland's Foreign Minister Radek Nowak met his counterparts in Vienna.",
            "Radek Nowak",
            "foreign minister",
            "POLGOV",
            "POL",
        ),
        # former, with a stance that names no country of its own
        (
            "Georgia’s former pro-Western president Levan Beridze fled the country.",
            "Levan Beridze",
            "president",
            "GEOELI",
            "GEO",
        ),
        # a capital for the government
        (
            "Kremlin spokesman Ivan Sokolov said the talks were useful.",
            "Ivan Sokolov",
            "spokesman",
            "RUSGOV",
            "RUS",
        ),
        # apposition: a spokeswoman takes the sector of the body she speaks for
        (
            "Marta Kowalczyk, a spokeswoman for the Polish army, said the drills had ended.",
            "Marta Kowalczyk",
            "spokeswoman",
            "POLMIL",
            "POL",
        ),
        # apposition after a name the parser calls a place
        (
            "Alain Dubois, the French defence minister, said the jets were ready.",
            "Alain Dubois",
            "defence minister",
            "FRAGOV",
            "FRA",
        ),
        # the role first, the name in apposition, the country in an of-phrase
        (
            "The foreign minister of Finland, Anna Virtanen, said the embassy would reopen.",
            "Anna Virtanen",
            "foreign minister",
            "FINGOV",
            "FIN",
        ),
        # an international body's spokeswoman takes the body's code
        (
            "NATO spokeswoman Ilse Berg said the alliance was ready.",
            "Ilse Berg",
            "spokeswoman",
            "IGOWSTNAT",
            "",
        ),
        # a role noun naming the speaker's body
        (
            "Army spokesman Jonas Keller described the attack.",
            "Jonas Keller",
            "spokesman",
            "MIL",
            "",
        ),
        # no cue but the reporting verb
        ("Tomasz Zielinski said the bridge was closed.", "Tomasz Zielinski", "", "", ""),
        # particles inside a name
        (
            "Syrian President Bashar al-Assad said the war was over.",
            "Bashar al-Assad",
            "president",
            "SYRGOV",
            "SYR",
        ),
        # a spelled-out role beats the title beside the name
        (
            "Iran’s Supreme Leader Ayatollah Ali Khamenei said the deal was dead.",
            "Ali Khamenei",
            "supreme leader",
            "IRNGOV",
            "IRN",
        ),
        # the president of a body takes the body's code
        (
            "Ursula von der Leyen, the president of the European Commission, said aid would go on.",
            "Ursula von der Leyen",
            "president",
            "IGOEUREEC",
            "",
        ),
        # the spokesman of a person serves that person's country
        (
            "Russian President Vladimir Putin’s spokesman Dmitry Peskov said the talks had ended.",
            "Dmitry Peskov",
            "spokesman",
            "RUSGOV",
            "RUS",
        ),
        # a capitalised title of several words, joined by "and", after a body's possessive
        (
            "Amnesty International's Research and Advocacy Director Paul Brown said the trials "
            "were unfair.",
            "Paul Brown",
            "research and advocacy director",
            "NGOAMN",
            "",
        ),
        (
            "Greenpeace's Climate and Energy Campaigner Ana Ruiz said the plan was weak.",
            "Ana Ruiz",
            "climate and energy campaigner",
            "NGOGRP",
            "",
        ),
        (
            "Chad's Humanitarian Affairs Minister Ahmat Saleh said the camps were full.",
            "Ahmat Saleh",
            "humanitarian affairs minister",
            "TCDGOV",
            "TCD",
        ),
        # a body the person is of (or an analyst at) gives its own country, not the story's
        (
            "France voted on Sunday. Chad Miller of the Carnegie Endowment said turnout had "
            "fallen.",
            "Chad Miller",
            "",
            "USANGO",
            "USA",
        ),
        (
            "France voted. Jordan Henderson, an analyst at the Brookings Institution, said the "
            "vote was close.",
            "Jordan Henderson",
            "analyst",
            "USAEDU",
            "USA",
        ),
        # a country's name as a first name is no country
        (
            "Kenya Barris, a spokeswoman for the United Nations, said aid would continue.",
            "Kenya Barris",
            "spokeswoman",
            "IGOUNO",
            "",
        ),
        # a relative clause marks a person
        (
            "The bridge was opened by Hugo Martens, who said the deal was fair.",
            "Hugo Martens",
            "",
            "",
            "",
        ),
    ],
)
def test_people_constructions(
    people_pipeline: Pipeline, text: str, name: str, role: str, code: str, country: str
) -> None:
    record = run(people_pipeline, text)
    found = person(record, name.split()[-1])
    assert found.name == name
    assert role in found.role
    assert found.code == code
    assert found.country == country
    assert name in mentioned(record, found)
    title_words = set(role.title().split()) - {"And"}
    assert not [p.name for p in record.people if set(p.name.split()) <= title_words]


@pytest.mark.parametrize(
    ("text", "surname", "mentions"),
    [
        # the surname later is the same person
        (
            "Defence Minister Karl Ots visited the base. Ots said the visit went well.",
            "Ots",
            ["Karl Ots", "Ots"],
        ),
        # a pronoun pointing back to the subject of the sentence before
        (
            "Latvian President Janis Ozols arrived in Riga on Monday. He said the talks went well.",
            "Ozols",
            ["Janis Ozols", "He"],
        ),
        # a possessive pronoun in the same sentence
        (
            "Foreign Minister Radek Nowak praised his staff.",
            "Nowak",
            ["Radek Nowak", "his"],
        ),
        # the role noun later
        (
            "Army spokesman Jonas Keller described the attack. "
            "The spokesman said two soldiers died.",
            "Keller",
            ["Jonas Keller", "The spokesman"],
        ),
        # an initial and a suffix are part of the name, not its surname
        (
            "Patrick W. Carlineo Jr., a lawyer, spoke. Carlineo said the fee was fair.",
            "Carlineo",
            ["Patrick W. Carlineo Jr.", "Carlineo"],
        ),
        # a family name written first
        (
            "China's ambassador Liu Xiaoming spoke on Monday. Liu said the talks would go on.",
            "Xiaoming",
            ["Liu Xiaoming", "Liu"],
        ),
        # a lower-case part hyphenated to the name
        (
            "Cheuk Hau-yip, the police commander, spoke. Cheuk said arrests were made.",
            "Hau",
            ["Cheuk Hau-yip", "the police commander", "Cheuk"],
        ),
        # a woman's title keeps "he" away from her
        ("Ms. Laura Kim met the ambassador. He said nothing.", "Kim", ["Laura Kim"]),
        # a pronoun two sentences on is not resolved
        (
            "Capt. Tomas Berzins returned. The storm ended. He slept.",
            "Berzins",
            ["Tomas Berzins"],
        ),
        # the only person named just before, subject or not
        (
            "Police arrested Dana Smirnova on Friday. She denied the charges.",
            "Smirnova",
            ["Dana Smirnova", "She"],
        ),
        # of two people, the one who was the subject
        (
            "Judge Ana Petrova questioned Maria Ivanova on Friday. She said the case was closed.",
            "Ivanova",
            ["Maria Ivanova"],
        ),
        (
            "Judge Ana Petrova questioned Maria Ivanova on Friday. She said the case was closed.",
            "Petrova",
            ["Ana Petrova", "She"],
        ),
        # "he" inside a quote is not the person named before
        (
            "Opposition leader Ivo Dimov spoke. “He must resign,” Dimov said.",
            "Dimov",
            ["Ivo Dimov", "Dimov"],
        ),
    ],
)
def test_people_mentions(
    people_pipeline: Pipeline, text: str, surname: str, mentions: list[str]
) -> None:
    record = run(people_pipeline, text)
    assert mentioned(record, person(record, surname)) == mentions


def test_people_home_country(people_pipeline: Pipeline) -> None:
    text = (
        "Thousands marched in Tirana on Sunday. Albanian media said the rally was peaceful. "
        "Interior Minister Fatos Lleshi said Albania would respect the protest, and the "
        "Albanian opposition vowed to return. Riot police guarded the State Police building."
    )
    record = run(people_pipeline, text)
    assert person(record, "Lleshi").code == "ALBGOV"
    orgs = {o.name: o.code for o in record.organizations}
    assert orgs.get("State Police") == "ALBCOP"


def test_people_no_home_country_when_several(people_pipeline: Pipeline) -> None:
    text = (
        "Russia and Ukraine met in Turkey. Russia said talks went well; Ukraine disagreed. "
        "Interior Minister Fatos Lleshi said more talks were due."
    )
    assert person(run(people_pipeline, text), "Lleshi").code == "GOV"


@pytest.mark.parametrize(
    "text",
    [
        # a name inside the name of a state
        "Rebels of the Donetsk People's Republic attacked the town.",
        # a role word inside the name of a publication
        "The rules were published in its Official Journal on Monday.",
        # a lone word the NER calls an organisation needs more than a reporting verb
        "Gazprom said the pipeline was shut.",
    ],
)
def test_people_not_people(people_pipeline: Pipeline, text: str) -> None:
    assert run(people_pipeline, text).people == ()


def test_people_one_record_per_person(people_pipeline: Pipeline) -> None:
    text = (
        "Prime Minister Kaja Kallas met President Joe Biden in Washington. "
        "Kallas said the meeting was useful. Biden did not comment."
    )
    record = run(people_pipeline, text)
    assert sorted(p.name for p in record.people) == ["Joe Biden", "Kaja Kallas"]
    assert mentioned(record, person(record, "Kallas")) == ["Kaja Kallas", "Kallas"]
    assert person(record, "Biden").role == "president"


def test_people_person_mentions_field(people_pipeline: Pipeline) -> None:
    text = "Capt. Tomas Berzins said the patrol had returned. He added that it was late."
    doc = people_pipeline.nlp(text)
    from tidings.models import Article
    from tidings.nlp import sentence_layout
    from tidings.pipeline.state import ArticleState

    item = ArticleState(Article("x", "x", text), doc, *sentence_layout(doc))
    for component in components_for("people"):
        with item.running(component.name, component.requires, component.provides):
            component(item)
    mentions = item.person_mentions
    assert list(mentions) == sorted(mentions)
    assert [(text[a:b], index) for (a, b), index in mentions] == [("Tomas Berzins", 0), ("He", 0)]


@pytest.mark.parametrize(
    ("text", "name", "code", "absent"),
    [
        # lexicon bodies, with "the" dropped from the name
        ("The Associated Press reported the attack.", "Associated Press", "USAMED", []),
        ("Ministers met at NATO headquarters.", "NATO", "IGOWSTNAT", []),
        # a government metonym is a country, not an organisation
        ("The Kremlin and NATO issued statements.", "NATO", "IGOWSTNAT", ["Kremlin"]),
        # a role word the NER calls an organisation is not one
        ("Interior Minister Karl Berg met NATO envoys.", "NATO", "IGOWSTNAT", ["Interior"]),
        # a capitalised name ending in a body's head word
        (
            "Officers of the Border Police Directorate closed the road.",
            "Border Police Directorate",
            "",
            [],
        ),
        # a body whose name ends in another body's alias is not that body (a council is
        # coded as a government body)
        (
            "Officials of the National Security Council met in the Situation Room.",
            "National Security Council",
            "GOV",
            ["UN Security Council"],
        ),
        # a city the NER calls an organisation is a place
        (
            "Cargo left the port of Klaipeda and NATO ships followed.",
            "NATO",
            "IGOWSTNAT",
            ["Klaipeda"],
        ),
    ],
)
def test_people_organizations(
    people_pipeline: Pipeline, text: str, name: str, code: str, absent: list[str]
) -> None:
    record = run(people_pipeline, text)
    orgs = {o.name: o for o in record.organizations}
    assert orgs[name].code == code
    assert all(text[a:b] in (name, f"the {name}") or name in text[a:b] for a, b in orgs[name].spans)
    assert not set(absent) & set(orgs)


def test_people_organizations_leave_out_people(people_pipeline: Pipeline) -> None:
    text = "Foreign Minister Edvins Kalnins spoke. Kalnins's office later confirmed it."
    record = run(people_pipeline, text)
    assert not [o for o in record.organizations if "Kalnins" in o.name]
    assert len(person(record, "Kalnins").spans) == 2


def test_people_bad_data_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "speech_verbs.extra.toml"
    bad.write_text('[verbs]\nlemmas = ["say"]\n[titles]\n"Capt" = { rank = "x" }\n')
    with pytest.raises(LexiconError, match=r"speech_verbs\.extra\.toml:4"):
        load_lexicons(tmp_path)


def test_people_baltic_case(
    pipeline: Pipeline, baltic_text: str, baltic_key: dict[str, Any]
) -> None:
    record = pipeline(
        RawDocument(SourceRef("baltic-2015"), baltic_text, published=date(2015, 7, 28))
    )
    for item in baltic_key["people"]:
        surname = item["name"].split()[-1]
        found = [p for p in record.people if surname.lower() in p.name.lower()]
        assert found, f"{surname} not among {[p.name for p in record.people]}"
        who = found[0]
        assert any(who.code.startswith(prefix) for prefix in item["actor_any_of"]), who
        assert item["role_contains"].lower() in who.role.lower(), who
    names = [o.name.lower() for o in record.organizations]
    texts = [record.article.text[a:b].lower() for o in record.organizations for a, b in o.spans]
    for name in baltic_key["organizations"]:
        assert name.lower() in names or name.lower() in texts, name
    assert not [o for o in record.organizations if "Neimontas" in o.name]


@pytest.mark.parametrize(
    ("text", "name", "role", "code"),
    [
        # the role noun right before the comma, parsed as a second apposition of another name
        (
            "Kenya's President William Ruto and Uganda's foreign minister, Odongo Abubakhar, "
            "met in Nairobi on Monday.",
            "Odongo Abubakhar",
            "foreign minister",
            "UGAGOV",
        ),
        # "the group's spokesman" speaks for the body named just before, the subject first
        (
            "Harakat al-Nour, a breakaway faction of the Pakistani Taliban, claimed the bombing. "
            "In a statement, the group's spokesman, Omar Qadir, said its fighters planted it.",
            "Omar Qadir",
            "spokesman",
            "PAKREB",
        ),
        # a role that speaks for a body: "director" takes the body's code
        (
            "“The trial was unfair,” said Lea Brandt, Amnesty's deputy director for Europe.",
            "Lea Brandt",
            "deputy director",
            "NGOAMN",
        ),
        # the head of a council: a local government role
        (
            "“We are afraid,” said Ivan Petrov, the head of Novoselki’s village council.",
            "Ivan Petrov",
            "head",
            "GOV",
        ),
        # a sentence opening on a capital places a role with no country of its own
        (
            "Azerbaijan and Armenia traded accusations on Monday. In Yerevan, Foreign Ministry "
            "spokeswoman Ani Badalyan said the claims were false.",
            "Ani Badalyan",
            "spokeswoman",
            "ARMGOV",
        ),
        # the country most named, when it is the lead sentence's subject, is the story's
        (
            "Armenia condemned the shelling on Monday. Armenia said three villages were hit. "
            "Azerbaijan denied it. Armenia called for talks. Foreign Minister Aram Sargsyan "
            "said the attack was planned.",
            "Aram Sargsyan",
            "foreign minister",
            "ARMGOV",
        ),
        # ... but not when the lead names two countries
        (
            "Armenia and Azerbaijan traded accusations. Armenia said three villages were hit. "
            "Azerbaijan denied it. Armenia called for talks. Foreign Minister Aram Sargsyan "
            "said the attack was planned.",
            "Aram Sargsyan",
            "foreign minister",
            "GOV",
        ),
        # a wire dateline names the story's country when the text names it too
        (
            "QUETTA, Pakistan (AP) — Gunmen attacked a bus near the Afghan border on Friday. "
            "Afghanistan condemned the attack, and Afghan officials said Afghanistan would help "
            "Pakistan. A senior government official, Nawaz Baloch, said 12 people were killed.",
            "Nawaz Baloch",
            "official",
            "PAKGOV",
        ),
    ],
)
def test_people_roles_from_context(
    people_pipeline: Pipeline, text: str, name: str, role: str, code: str
) -> None:
    record = people_pipeline(RawDocument(SourceRef("test"), text, has_header=False))
    found = person(record, name.split()[-1])
    assert found.name == name
    assert role in found.role
    assert found.code == code


@pytest.mark.parametrize(
    ("text", "not_people"),
    [
        # a name in apposition to a kind of body is that body
        (
            "Harakat al-Nour, a breakaway faction of the Pakistani Taliban, claimed the attack.",
            ["Harakat al-Nour"],
        ),
        # a name before a place noun, or after "the town of", is a place
        ("Police raided homes in the Kinondoni district on Friday.", ["Kinondoni"]),
        ("Shells fell on the village of Karmir, residents said.", ["Karmir"]),
        # "the head of X's council": X does not hold the role
        (
            "“We are afraid,” said Ivan Petrov, the head of Novoselki’s village council.",
            ["Novoselki"],
        ),
        # a name after a kind of body is that body
        ("Vardanyan told the state broadcaster Armnews that the talks had failed.", ["Armnews"]),
    ],
)
def test_people_names_that_are_not_people(
    people_pipeline: Pipeline, text: str, not_people: list[str]
) -> None:
    names = {p.name for p in run(people_pipeline, text).people}
    assert not names & set(not_people), names


@pytest.mark.parametrize(
    ("text", "name", "code", "aliases", "mentions"),
    [
        # a body the text describes, with its code from the description
        (
            "Harakat al-Nour, a breakaway faction of the Pakistani Taliban, claimed the attack. "
            "Officials say Harakat al-Nour has bases in the mountains.",
            "Harakat al-Nour",
            "PAKREB",
            (),
            ["Harakat al-Nour", "Harakat al-Nour"],
        ),
        # "the weekly X newspaper", and X later on its own; Arusha sets the story in Tanzania
        (
            "Police raided the offices of the daily Sauti newspaper in Arusha on Monday. "
            "The authorities banned Sauti in 2019.",
            "Sauti",
            "TZAMED",
            (),
            ["Sauti", "Sauti"],
        ),
        # a kind of body right before the name codes it
        (
            "Vardanyan told the state broadcaster Armnews that the talks had failed.",
            "Armnews",
            "MED",
            (),
            ["Armnews"],
        ),
        # a body whose name starts with a lexicon body's keeps that body's code
        (
            "Monitors from the EU Border Assistance Mission crossed the bridge on Friday.",
            "EU Border Assistance Mission",
            "IGOEUREEC",
            (),
            ["the EU Border Assistance Mission"],
        ),
        # every name the article gives a lexicon body
        (
            "The UN refugee agency UNHCR said it needed money. UNHCR staff said camps were full.",
            "UN High Commissioner for Refugees",
            "IGOUNOREF",
            ("UN refugee agency", "UNHCR"),
            ["UN refugee agency", "UNHCR", "UNHCR"],
        ),
        # a country's possessive is not part of the body's name, but gives its code
        (
            "Armenia's National Security Service said two men were held. "
            "The National Security Service later released them.",
            "National Security Service",
            "ARMCOP",
            (),
            ["National Security Service", "The National Security Service"],
        ),
    ],
)
def test_people_organization_names(
    people_pipeline: Pipeline,
    text: str,
    name: str,
    code: str,
    aliases: tuple[str, ...],
    mentions: list[str],
) -> None:
    record = run(people_pipeline, text)
    orgs = {o.name: o for o in record.organizations}
    assert name in orgs, list(orgs)
    assert orgs[name].code == code
    assert orgs[name].aliases == aliases
    assert [text[a:b] for a, b in orgs[name].spans] == mentions


def test_people_title_words_are_not_a_body(people_pipeline: Pipeline) -> None:
    text = "Chad's Humanitarian Affairs Minister Fatime Issa appealed for help."
    record = run(people_pipeline, text)
    assert record.organizations == ()
    assert person(record, "Issa").code == "TCDGOV"
