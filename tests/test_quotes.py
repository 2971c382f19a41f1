"""Quotes: direct, partial and indirect speech with the speaker resolved to a person,
an organisation or a government of the article."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tidings.build import components_for
from tidings.components.quotes.marks import quote_spans
from tidings.config import Settings
from tidings.models import ArticleRecord, Quote, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline


@pytest.fixture(scope="module")
def quotes_pipeline() -> Pipeline:
    return Pipeline(Settings(), components_for("quotes"))


def run(pipeline: Pipeline, text: str) -> ArticleRecord:
    record = pipeline(RawDocument(SourceRef("test"), text, has_header=False))
    assert record.article.text == text
    return record


def normal(text: str) -> str:
    return re.sub(r"[\"“”‘’']", "", text).lower()


def quote_with(record: ArticleRecord, words: str, kind: str) -> Quote:
    found = [q for q in record.quotes if normal(words) in normal(q.text) and q.kind == kind]
    assert found, f"no {kind} quote with {words!r} in {record.quotes}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "words", "kind", "speaker", "verb"),
    [
        # speaker after, curly marks
        (
            "“The road is open again,” Mayor Lina Petrova said.",
            "The road is open again",
            "direct",
            "Lina Petrova",
            "say",
        ),
        # speaker after, inverted, straight marks, with an apposition
        (
            '"We need more doctors," said Omar Haddad, a spokesman for the health ministry.',
            "We need more doctors",
            "direct",
            "Omar Haddad",
            "say",
        ),
        # speaker before, with a colon
        (
            'Gen. Piotr Lis told reporters: "The attack was repelled."',
            "The attack was repelled.",
            "direct",
            "Piotr Lis",
            "tell",
        ),
        # several sentences in one quote
        (
            "“The shelling stopped at dawn. "
            "We counted the damage,” Interior Minister Rui Costa said.",
            "The shelling stopped at dawn. We counted the damage",
            "direct",
            "Rui Costa",
            "say",
        ),
        # the speaker in between: the quote after belongs to them too
        (
            "“The port is closed,” said Captain Erik Lund. “No ship may leave until Friday.”",
            "No ship may leave until Friday",
            "direct",
            "Erik Lund",
            "say",
        ),
        # a quote running on into the next paragraph
        (
            "“The first part of the statement runs on for a while.\n\n“And it ends here,” "
            "said Mayor Ana Ruiz.",
            "The first part of the statement",
            "direct",
            "Ana Ruiz",
            "say",
        ),
        # a few quoted words inside the reporter's sentence
        (
            "Prime Minister Ana Lobo said the reform would bring “real change” to the country.",
            "real change",
            "partial",
            "Ana Lobo",
            "say",
        ),
        (
            "Senator Mark Ellis called the plan a “dangerous gamble” on Tuesday.",
            "dangerous gamble",
            "partial",
            "Mark Ellis",
            "call",
        ),
        # indirect speech, with and without "that"
        (
            "Foreign Minister Jan Novak said the embassy would reopen next month.",
            "the embassy would reopen next month",
            "indirect",
            "Jan Novak",
            "say",
        ),
        (
            "Health Minister Eva Horak confirmed that the hospital had run out of beds.",
            "the hospital had run out of beds",
            "indirect",
            "Eva Horak",
            "confirm",
        ),
        # a relative clause: the antecedent speaks
        (
            "The plan was rejected by Interior Minister Karl Berg, who said the costs were too "
            "high.",
            "the costs were too high",
            "indirect",
            "Karl Berg",
            "say",
        ),
        # a participle after a quote shares the main verb's speaker
        (
            '"The army is ready," Defence Minister Peter Hahn said, adding the reserves had been '
            "called up.",
            "the reserves had been called up",
            "indirect",
            "Peter Hahn",
            "add",
        ),
        # "according to"
        (
            "According to Mayor Ana Ruiz, the bridge will reopen in May.",
            "the bridge will reopen in May",
            "indirect",
            "Ana Ruiz",
            "according to",
        ),
        # "according to" after a quote
        (
            "“The situation is stable,” according to a statement from NATO.",
            "The situation is stable",
            "direct",
            "NATO",
            "according to",
        ),
        # "he said" and "the spokesman said"
        (
            "Defence Minister Peter Hahn visited the base on Monday. "
            "He said the troops were ready.",
            "the troops were ready",
            "indirect",
            "Peter Hahn",
            "say",
        ),
        (
            "Army spokesman Jonas Keller described the attack. The spokesman said two soldiers "
            "were wounded.",
            "two soldiers were wounded",
            "indirect",
            "Jonas Keller",
            "say",
        ),
        (
            "“We will not give up,” she said, after Jane Doe, a spokeswoman for the ministry, "
            "spoke.",
            "We will not give up",
            "direct",
            None,
            "say",
        ),
        (
            "Jane Doe, a spokeswoman for the ministry, spoke first. "
            "“We will not give up,” she said.",
            "We will not give up",
            "direct",
            "Jane Doe",
            "say",
        ),
    ],
)
def test_quotes_constructions(
    quotes_pipeline: Pipeline, text: str, words: str, kind: str, speaker: str | None, verb: str
) -> None:
    found = quote_with(run(quotes_pipeline, text), words, kind)
    assert found.verb == verb
    if speaker is None:
        assert found.speaker is None
    else:
        assert found.speaker is not None and found.speaker.name == speaker
    assert text[found.span[0] : found.span[1]] == found.text


@pytest.mark.parametrize(
    ("text", "words", "name", "code", "role"),
    [
        # people keep their code and role
        (
            "Kremlin spokesman Ivan Sokolov said the talks were useful.",
            "the talks were useful",
            "Ivan Sokolov",
            "RUSGOV",
            "spokesman",
        ),
        # a government metonym speaks for its country
        ("The Kremlin said the sanctions were illegal.", "sanctions", "Russia", "RUSGOV", ""),
        # an organisation
        ("NATO said it would send more jets.", "more jets", "NATO", "IGOWSTNAT", ""),
        # a role without a name
        (
            "A Turkish official said the border would stay shut.",
            "the border would stay shut",
            "Turkish official",
            "TURGOV",
            "official",
        ),
        # the spokesman of "the group" named just before speaks for it
        (
            "Harakat al-Nour, a breakaway faction of the Pakistani Taliban, claimed the attack. "
            "The group's spokesman, Omar Qadir, said its fighters had planted the bomb.",
            "its fighters had planted the bomb",
            "Omar Qadir",
            "PAKREB",
            "spokesman",
        ),
        # a body the text describes is a speaker of its own
        (
            "Harakat al-Nour, a faction of the Pakistani Taliban, said it would fight on.",
            "it would fight on",
            "Harakat al-Nour",
            "PAKREB",
            "",
        ),
    ],
)
def test_quotes_speaker_codes(
    quotes_pipeline: Pipeline, text: str, words: str, name: str, code: str, role: str
) -> None:
    speaker = quote_with(run(quotes_pipeline, text), words, "indirect").speaker
    assert speaker is not None
    assert (speaker.name, speaker.code, speaker.role) == (name, code, role)


@pytest.mark.parametrize(
    ("text", "words", "kind", "name", "code"),
    [
        # "it" after a body that was the subject of the sentence before
        (
            "The Pentagon denied the claims. “Every strike was reviewed,” it said.",
            "Every strike was reviewed",
            "direct",
            "Pentagon",
            "USAMIL",
        ),
        (
            "The European Union called for restraint. It said the detainees must be freed.",
            "the detainees must be freed",
            "indirect",
            "European Union",
            "IGOEUREEC",
        ),
        # "they" after a group
        (
            "Kenyan farmers blocked the road. They said prices had fallen by half.",
            "prices had fallen by half",
            "indirect",
            "Kenyan farmers",
            "KENAGR",
        ),
        # "the ministry": the body named before with that word in its name
        (
            "Egypt's Foreign Ministry rejected the report. “It is false,” the ministry said.",
            "It is false",
            "direct",
            "Foreign Ministry",
            "EGYGOV",
        ),
    ],
)
def test_quotes_pronoun_and_definite_speakers(
    quotes_pipeline: Pipeline, text: str, words: str, kind: str, name: str, code: str
) -> None:
    speaker = quote_with(run(quotes_pipeline, text), words, kind).speaker
    assert speaker is not None
    assert (speaker.name, speaker.code) == (name, code)


@pytest.mark.parametrize(
    "text",
    [
        # a person is not "it"
        "Omar Haddad denied the claims. “Every strike was reviewed,” it said.",
        # two ministries named before: which one is not said
        "The Defence Ministry and the Interior Ministry met. “It is false,” the ministry said.",
    ],
)
def test_quotes_unresolved_speaker_stays_empty(quotes_pipeline: Pipeline, text: str) -> None:
    (quote,) = [q for q in run(quotes_pipeline, text).quotes if q.kind == "direct"]
    # at most the sector the words say ("ministry": government), no country or body
    assert quote.speaker is None or quote.speaker.code in ("", "GOV")


@pytest.mark.parametrize(
    "text",
    [
        "“The army is ready,” Defence Minister Peter Hahn said.",
        "“The situation is stable,” according to a statement from NATO.",
    ],
)
def test_quotes_indirect_not_made_of_direct(quotes_pipeline: Pipeline, text: str) -> None:
    assert [q.kind for q in run(quotes_pipeline, text).quotes] == ["direct"]


@pytest.mark.parametrize(
    "text",
    [
        # a relative clause: "that" is no report
        "The firms that it said had helped the army were listed.",
        # a clause before the verb but cut off from it
        "Organisers put the crowd at 50,000; police estimated it at 12,000.",
    ],
)
def test_quotes_not_indirect(quotes_pipeline: Pipeline, text: str) -> None:
    assert [q for q in run(quotes_pipeline, text).quotes if q.kind == "indirect"] == []


def test_quotes_confirm_keeps_the_clause_subject(quotes_pipeline: Pipeline) -> None:
    text = "Capt. Tomas Berzins confirmed his unit along with two others had left the town."
    found = quote_with(run(quotes_pipeline, text), "had left the town", "indirect")
    assert found.text.startswith("his unit")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ('He said "it\'s late" and left.', ["it's late"]),
        ("She called it “a farce,” and left.", ["a farce"]),
        ("Ukraine’s ‘special’ status and the soldiers’ pay.", ["special"]),
        ('"An open quote that runs to the end of its paragraph\n\nNext.', ["An open quote"]),
        ("No quotes here, only Ukraine’s apostrophes.", []),
    ],
)
def test_quotes_spans(text: str, quoted: list[str]) -> None:
    found = [text[a:b] for a, b in quote_spans(text)]
    assert len(found) == len(quoted)
    assert all(f.startswith(q) for f, q in zip(found, quoted, strict=True))


def test_quotes_baltic_case(
    pipeline: Pipeline, baltic_text: str, baltic_key: dict[str, Any]
) -> None:
    record = pipeline(
        RawDocument(SourceRef("baltic-2015"), baltic_text, published=date(2015, 7, 28))
    )
    for item in baltic_key["quotes"]:
        surname = item["speaker"].split()[-1]
        matching = [
            q
            for q in record.quotes
            if normal(item["text_contains"]) in normal(q.text)
            and q.speaker is not None
            and surname in q.speaker.name
            and q.kind == item["kind"]
        ]
        assert matching, f"{item} not in {record.quotes}"
