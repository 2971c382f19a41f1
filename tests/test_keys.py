"""Article keys (tidings/evaluate/keys.py): every condition the key format's "about" names,
and the false alarms key mode reports. The events are built by hand: the rules are tested, not
the coder."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tidings.errors import IngestError
from tidings.evaluate.keys import (
    event_item_found,
    false_alarms,
    judge_events,
    load_all_events,
    score_key,
)
from tidings.models import (
    Actor,
    Article,
    ArticleRecord,
    Event,
    EventDate,
    EventPlace,
    Modality,
    Sentence,
    Trigger,
)


def _event(
    source: str,
    target: str,
    cameo: str = "152",
    modality: Modality = "asserted",
    place: str = "",
    sentence: int = 0,
    day: date = date(2015, 7, 28),
) -> Event:
    return Event(
        id=f"{source}{target}{cameo}{sentence}",
        cameo=cameo,
        cameo_label="",
        plover="MOBILIZE" if cameo.startswith("15") else "REQUEST",
        plover_mode="",
        plover_context="",
        quad_class=4,
        goldstein=0.0,
        source=Actor(source, source) if source else None,
        target=Actor(target, target) if target else None,
        modality=modality,
        date=EventDate("", day.isoformat(), day, source="publication"),
        place=EventPlace(place, place, precision="region") if place else None,
        sentence=sentence,
        span=(0, 1),
        trigger=Trigger("x", (0, 1)),
    )


def _record(*events: Event) -> ArticleRecord:
    return ArticleRecord(Article("a", "a", "text"), events=events)


EXERCISES: dict[str, Any] = {
    "what": "Russia and NATO increased exercises in the Baltic region",
    "root": ["15"],
    "source_any_of": ["RUS", "IGOWSTNAT"],
    "each_source": ["RUS", "IGOWSTNAT"],
    "place_any_of": ["baltic"],
}


@pytest.mark.parametrize(
    ("events", "found"),
    [
        ((_event("RUS", "", place="Baltics"), _event("IGOWSTNAT", "", place="Baltic Sea")), True),
        # one event for each source: one alone is not enough
        ((_event("RUS", "", place="Baltics"),), False),
        # the place is stated: an event placed elsewhere, or nowhere, does not count
        ((_event("RUS", "", place="Baltics"), _event("IGOWSTNAT", "", place="Russia")), False),
        ((_event("RUS", "", place="Baltics"), _event("IGOWSTNAT", "")), False),
    ],
)
def test_keys_each_source_and_place(events: tuple[Event, ...], found: bool) -> None:
    assert event_item_found(events, EXERCISES) is found


@pytest.mark.parametrize(
    ("modality", "found"), [("reported", True), ("asserted", False), ("hypothetical", False)]
)
def test_keys_modality_any_of(modality: Modality, found: bool) -> None:
    item = {"what": "x", "root": ["07"], "modality_any_of": ["reported", "alleged"]}
    assert event_item_found((_event("RUS", "UKRREB", "070", modality),), item) is found


FORBIDDEN = {
    "what": "the soldiers are what is requested, never the target of a request",
    "root_in": ["02"],
    "source_in": ["LTU"],
    "target_in": ["MIL", "LTUMIL", ""],
}


@pytest.mark.parametrize(
    ("event", "broken"),
    [
        (_event("LTU", "LTUMIL", "0234"), True),
        # the empty prefix matches an event without a target only
        (_event("LTU", "", "0234"), True),
        (_event("LTU", "IGOWSTNAT", "0234"), False),
        # only asserted events break a not_event
        (_event("LTU", "", "0234", modality="reported"), False),
        (_event("LVA", "", "0234"), False),
    ],
)
def test_keys_not_events_target_in(event: Event, broken: bool) -> None:
    (section,) = [s for s in score_key({"not_events": [FORBIDDEN]}, _record(event))]
    assert (section.found == 0) is broken
    alarms = false_alarms({"not_events": [FORBIDDEN]}, _record(event))
    assert any(a.startswith("forbidden") for a in alarms) is broken


def test_keys_false_alarms_are_forbidden_events_and_events_of_unkeyed_sentences() -> None:
    key = {"events": [EXERCISES], "not_events": [FORBIDDEN]}
    record = _record(
        _event("RUS", "", place="Baltics", sentence=1),
        _event("IGOWSTNAT", "", place="Baltics", sentence=1),
        # another event of a keyed sentence is not an alarm
        _event("USA", "", "0234", sentence=1),
        _event("LTU", "", "0234", sentence=2),
        _event("EST", "", "152", sentence=3),
        # events that are not counted raise no alarm
        _event("LVA", "", "152", modality="hypothetical", sentence=4),
    )
    alarms = false_alarms(key, record)
    assert len(alarms) == 3
    assert alarms[0].startswith("forbidden (") and "s2 0234 LTU" in alarms[0]
    assert [a.split(": ")[1][:6] for a in alarms[1:]] == ["s2 023", "s3 152"]


ALL_EVENTS: list[dict[str, Any]] = [
    {
        "id": "A1",
        "what": "NATO exercises in the Baltic",
        "sentence_contains": ["exercises"],
        "codes_any_of": ["15"],
        "source_any_of": ["IGOWSTNAT"],
        "place_any_of": ["baltic"],
    },
    {
        "id": "A2",
        "what": "Latvia asked NATO, placed nowhere",
        "codes_any_of": ["02"],
        "source_any_of": ["LVA"],
        "target_any_of": ["IGOWSTNAT"],
        "place_any_of": [""],
    },
]


@pytest.mark.parametrize(
    ("event", "item_id"),
    [
        (_event("IGOWSTNAT", "", place="Baltic region"), "A1"),
        (_event("IGOWSTNAT", "", place="Latvia"), None),
        (_event("IGOWSTNAT", "", place="Baltic region", sentence=1), None),
        (_event("LVA", "IGOWSTNAT", cameo="020", sentence=1), "A2"),
        (_event("LVA", "IGOWSTNAT", cameo="020", place="Riga", sentence=1), None),
        (_event("LVA", "USA", cameo="020", sentence=1), None),
    ],
)
def test_keys_judge_events_against_a_complete_list(event: Event, item_id: str | None) -> None:
    sentences = (
        Sentence(0, (0, 30), "NATO held exercises in the Baltic."),
        Sentence(1, (31, 60), "Latvia asked NATO for troops."),
    )
    record = ArticleRecord(Article("a", "a", "text"), sentences=sentences, events=(event,))
    (verdict,) = judge_events(ALL_EVENTS, record)
    assert verdict.item_id == item_id
    assert verdict.right is (item_id is not None)


@pytest.mark.parametrize(
    ("event", "nearest", "failed"),
    [
        (_event("IGOWSTNAT", "", place="Latvia"), "A1", ("place Latvia",)),
        (_event("LVA", "USA", cameo="020", sentence=1), "A2", ("target USA",)),
        (_event("LVA", "", cameo="152", sentence=1), "A2", ("codes 152", "target none")),
        (_event("IGOWSTNAT", "", place="Baltic region"), None, ()),
    ],
)
def test_keys_judge_events_names_what_a_wrong_event_fails(
    event: Event, nearest: str | None, failed: tuple[str, ...]
) -> None:
    sentences = (
        Sentence(0, (0, 30), "NATO held exercises in the Baltic."),
        Sentence(1, (31, 60), "Latvia asked NATO for troops."),
    )
    record = ArticleRecord(Article("a", "a", "text"), sentences=sentences, events=(event,))
    (verdict,) = judge_events(ALL_EVENTS, record)
    assert (verdict.nearest, verdict.failed) == (nearest, failed)
    if nearest:
        assert verdict.describe().endswith(f"(nearest {nearest}: {', '.join(failed)})")


def test_keys_judge_events_counts_only_countable_events() -> None:
    events = (_event("LVA", "IGOWSTNAT", cameo="020", modality=m) for m in ("hypothetical",))
    assert judge_events(ALL_EVENTS, _record(*events)) == []


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[]", "an object with an 'events' list"),
        ('{"events": [{"id": "x"}]}', "item 1 of 'events' lacks what"),
        ('{"events": [{"what": "x", "sourc_any_of": []}]}', "unknown fields ['sourc_any_of']"),
        ("{", "not JSON"),
    ],
)
def test_keys_load_all_events_names_the_fault(tmp_path: Path, content: str, says: str) -> None:
    path = tmp_path / "all-events.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        load_all_events(path)
    assert says in str(caught.value) and str(path) in str(caught.value)
