"""Records to plain dicts and back: `from_dict(to_dict(r)) == r`, for every record type."""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import date
from typing import Any

import pytest
from conftest import case_names

from tidings import models
from tidings.models import (
    LIST_FIELDS,
    Actor,
    Article,
    ArticleRecord,
    Event,
    EventDate,
    EventMention,
    EventPlace,
    Organization,
    Place,
    Problem,
    Quantity,
    Quote,
    Record,
    Sentence,
    Setting,
    SourceRef,
    Speaker,
    TimeRef,
    Trigger,
)


def differences(got: ArticleRecord, want: ArticleRecord) -> list[str]:
    """The fields that differ, each with its first differing item, for a readable failure."""
    out = []
    for f in dataclasses.fields(ArticleRecord):
        a, b = getattr(got, f.name), getattr(want, f.name)
        if a == b:
            continue
        if isinstance(a, tuple) and isinstance(b, tuple):
            pairs = [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
            where = f"item {pairs[0][0]}: {pairs[0][1]!r} != {pairs[0][2]!r}" if pairs else ""
            out.append(f"{f.name}: {len(a)} vs {len(b)} items; {where}")
        else:
            out.append(f"{f.name}: {a!r} != {b!r}")
    return out


def _event(article: str = "a1", **changes: Any) -> Event:
    event = Event(
        id="e1",
        cameo="0234",
        cameo_label="Appeal for military aid",
        plover="REQUEST",
        plover_mode="",
        plover_context="military",
        quad_class=1,
        goldstein=3,  # a whole number, as JSON may give it
        source=Actor("Lithuania", "LTU", "LTU", "", "Lithuania", (0, 9)),
        target=None,
        modality="reported",
        date=None,
        place=None,
        sentence=0,
        span=(0, 20),
        trigger=Trigger("asked", (10, 15)),
        quantities=(Quantity("3,000 troops", 3000.0, unit="troops", span=(30, 42)),),
        mentions=(EventMention(article, 0, (0, 20)),),
        pattern="ask for",
    )
    return dataclasses.replace(event, **changes)


def edge_record() -> ArticleRecord:
    """A record with every optional value both present and absent, a URL source with a record
    (a colon in the location), no publication date, and a setting with scenes."""
    article = Article(
        id="a1",
        external_id="feed-7",
        content_hash="0123456789abcdef",
        text='Lithuania asked NATO for help. In Kabul, police said: "We arrested five."',
        title="A title",
        published=None,
        url="https://example.org/a?b=1",
        source=SourceRef("https://example.org/feed.xml", "item 3"),
    )
    return ArticleRecord(
        article=article,
        sentences=(Sentence(0, (0, 30), article.text[:30]), Sentence(1, (31, 73), "In Kabul")),
        events=(
            _event(),
            _event(
                id="e2",
                source=None,
                target=Actor("NATO", "IGOWSTNAT"),
                modality="negated",
                date=EventDate("", "2015-07-28", date(2015, 7, 28), source="publication"),
                place=EventPlace("Kabul", "Kabul", "AFG", 34.5, 69.2, "city", "sentence", (34, 39)),
                quantities=(),
            ),
        ),
        quotes=(
            Quote(
                "We arrested five.",
                "direct",
                Speaker("police", "AFGCOP", "police"),
                "said",
                (55, 72),
            ),
            Quote("help", "partial", None, "", (25, 29)),
        ),
        quantities=(Quantity("five", 5, span=(67, 71)), Quantity("some", None, 2, 9, True)),
        dates=(TimeRef("in March", "2015-03", None, "month", (1, 9), "clause"),),
        places=(Place("Kabul", "Kabul", "AFG", None, None, "city", None, "venue"),),
        people=(models.Person("Ahmad Zia", "spokesman", "AFGCOP", "AFG", ((40, 44), (50, 53))),),
        organizations=(
            Organization("North Atlantic Treaty Organization", "IGOWSTNAT", ((16, 20),), ("NATO",)),
        ),
        mentions=(models.Mention("Kabul", "GPE", (34, 39), 1),),
        setting=Setting("PAK", "dateline", ("", "AFG")),
        problems=(Problem("quotes", "error", "KeyError: 'x'"),),
    )


@pytest.mark.parametrize("name", case_names())
def test_models_from_dict_inverts_to_dict_for_every_golden_case(
    golden_records: dict[str, ArticleRecord], name: str
) -> None:
    record = golden_records[name]
    assert record.events and record.mentions and record.problems and record.setting != Setting()
    plain = record.to_dict()
    assert differences(ArticleRecord.from_dict(plain), record) == []
    assert ArticleRecord.from_dict(plain) == record
    # ... and through JSON text, as `tidings extract` prints it.
    assert ArticleRecord.from_dict(json.loads(json.dumps(plain))) == record


def test_models_from_dict_keeps_absent_values_and_the_source() -> None:
    record = edge_record()
    back = ArticleRecord.from_dict(json.loads(json.dumps(record.to_dict())))
    assert differences(back, record) == []
    assert back == record
    assert back.article.source == SourceRef("https://example.org/feed.xml", "item 3")
    assert isinstance(back.events[0].goldstein, float)
    assert back.events[1].date == EventDate(
        "", "2015-07-28", date(2015, 7, 28), source="publication"
    )


def test_models_to_dict_keeps_its_keys_and_adds_setting_problems_mentions() -> None:
    plain = edge_record().to_dict()
    assert list(plain)[:13] == [
        "id",
        "external_id",
        "content_hash",
        "url",
        "title",
        "standfirst",
        "byline",
        "dateline",
        "published",
        "dateline_date",
        "outlet",
        "language",
        "source",
    ]
    assert plain["source"] == "https://example.org/feed.xml:item 3"
    assert plain["external_id"] == "feed-7"
    assert plain["source_record"] == "item 3"
    assert plain["setting"] == {"home": "PAK", "reason": "dateline", "scenes": ["", "AFG"]}
    assert plain["problems"] == [
        {"component": "quotes", "severity": "error", "message": "KeyError: 'x'"}
    ]
    assert plain["mentions"][0] == {
        "text": "Kabul",
        "label": "GPE",
        "span": [34, 39],
        "sentence": 1,
    }
    assert plain["organizations"][0]["aliases"] == ["NATO"]


def test_models_from_dict_of_a_bare_record_takes_the_defaults() -> None:
    plain = {"id": "x", "content_hash": "h", "text": "Rebels attacked.", "published": "2023-02-01"}
    record = ArticleRecord.from_dict(plain)
    assert record.article.published == date(2023, 2, 1)
    assert record.events == () and record.setting == Setting()


def test_models_from_dict_rejects_unknown_fields() -> None:
    plain = edge_record().to_dict()
    with pytest.raises(ValueError, match=r"unknown fields.*'colour'"):
        ArticleRecord.from_dict({**plain, "colour": "red"})
    with pytest.raises(ValueError, match=r"Place: unknown fields.*'precision'"):
        Place.from_dict({"text": "Kabul", "name": "Kabul", "precision": "city"})


def test_models_record_lists_are_the_record_list_fields() -> None:
    hints = typing.get_type_hints(ArticleRecord)
    lists = [f.name for f in dataclasses.fields(ArticleRecord) if f.name in LIST_FIELDS]
    assert lists == list(LIST_FIELDS)
    others = [f.name for f in dataclasses.fields(ArticleRecord) if f.name not in LIST_FIELDS]
    assert others == ["article", "setting"]
    for name, kind in LIST_FIELDS.items():
        assert hints[name] == tuple[kind, ...]


def _records() -> list[type[Record]]:
    return [
        value
        for value in vars(models).values()
        if isinstance(value, type) and issubclass(value, Record) and value is not Record
    ]


def test_models_every_record_type_round_trips() -> None:
    record = edge_record()
    samples: list[Record] = [
        record,
        record.article,
        record.article.source,
        record.setting,
        *record.events,
        *(e.trigger for e in record.events),
        *(e.source for e in record.events if e.source),
        *(e.target for e in record.events if e.target),
        *(e.place for e in record.events if e.place),
        *(e.date for e in record.events if e.date),
        *(m for e in record.events for m in e.mentions),
        *(q.speaker for q in record.quotes if q.speaker),
        models.Failure(SourceRef("a.jsonl", "line 2"), "ingest", "malformed JSON"),
        models.RawDocument(SourceRef("a.txt"), "text", published=date(2015, 7, 28)),
    ]
    for name in LIST_FIELDS:
        samples.extend(getattr(record, name))
    assert {type(s) for s in samples} == set(_records())
    for sample in samples:
        plain = json.loads(json.dumps(sample.to_dict()))
        assert type(sample).from_dict(plain) == sample, type(sample).__name__
