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


def test_events_future_cooperation_is_intent(pipeline: Pipeline) -> None:
    events = _events(pipeline, "Japan will send humanitarian aid to the Philippines.")
    assert [e.plover for e in events] == ["AGREE"]
    assert events[0].cameo.startswith("03") and events[0].modality == "future"


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
    ["", "attack {T} {T}", "Attack {T}", "meet +With", "call on {T} to:Send", "vow to to:fight"],
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
