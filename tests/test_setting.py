"""The one setting rule (tidings/names/setting.py): the home country with its reason, each
sentence's scene, and the same country for people, organisations and event actors."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.models import ArticleRecord, RawDocument, Setting, SourceRef
from tidings.pipeline.run import Pipeline

ARREST = "Police spokesman Ahmad Zia said police arrested five militants."
KABUL_STORY = (
    "ISLAMABAD (Reuters) - Afghan security forces raided a hideout in Kabul on Tuesday.\n\n"
    "The raid in Kabul followed a week of attacks across Afghanistan, officials in Kabul "
    f"said.\n\n{ARREST}"
)
PAKISTANI_STORY = f"ISLAMABAD (Reuters) - {ARREST}"
KABUL_SCENE = (
    "LONDON (Reuters) - Diplomats met in Geneva on Monday to discuss the war.\n\n"
    f"In Kabul, p{ARREST[1:]}"
)


def _record(pipeline: Pipeline, text: str) -> ArticleRecord:
    return pipeline(RawDocument(SourceRef("setting"), text, published=date(2020, 5, 5)))


def _arrest_source(record: ArticleRecord) -> str:
    (arrest,) = [e for e in record.events if e.cameo.startswith("17")]
    assert arrest.source is not None
    return arrest.source.code


@pytest.mark.parametrize(
    ("text", "home", "reason", "country"),
    [
        # filed from Islamabad, set in Kabul: the capital named and the country dominating win
        (KABUL_STORY, "AFG", "capital", "AFG"),
        # only the dateline says where: Pakistan
        (PAKISTANI_STORY, "PAK", "dateline", "PAK"),
        # a London story with one sentence set in Kabul: that sentence is Afghan
        (KABUL_SCENE, "GBR", "dateline", "AFG"),
        # no country anywhere: none, never a guess
        (ARREST, "", "", ""),
    ],
)
def test_setting_spokesman_and_event_source_share_the_country(
    pipeline: Pipeline, text: str, home: str, reason: str, country: str
) -> None:
    record = _record(pipeline, text)
    assert (record.setting.home, record.setting.reason) == (home, reason)
    (spokesman,) = [p for p in record.people if p.name == "Ahmad Zia"]
    assert spokesman.code == f"{country}COP"
    assert _arrest_source(record) == f"{country}COP"


def test_setting_scene_is_per_sentence(pipeline: Pipeline) -> None:
    record = _record(pipeline, KABUL_SCENE)
    assert record.setting.scenes == ("", "AFG")
    assert record.setting.country_of(0) == "GBR"
    assert record.setting.country_of(1) == "AFG"


@pytest.mark.parametrize(
    ("text", "home", "reason"),
    [
        # one place and nothing else: it dominates
        ("Police arrested five men in Nairobi on Monday.", "KEN", "dominance"),
        # two countries named as often: no home
        ("Kenya and Uganda signed a trade deal in Nairobi and Kampala.", "", ""),
        # no place at all
        ("The minister resigned on Monday.", "", ""),
    ],
)
def test_setting_home_without_dateline(
    pipeline: Pipeline, text: str, home: str, reason: str
) -> None:
    setting = _record(pipeline, text).setting
    assert (setting.home, setting.reason) == (home, reason)


def test_setting_office_holder_beats_the_story_country(pipeline: Pipeline) -> None:
    record = _record(
        pipeline, "President Obama met a group of Moroccan diplomats in Rabat on Tuesday."
    )
    assert record.setting.home == "MAR"
    (obama,) = [p for p in record.people if p.name == "Obama"]
    assert obama.code == "USAGOV"


def test_setting_country_of_out_of_range() -> None:
    setting = Setting(home="FRA", reason="dateline", scenes=("", "DEU"))
    assert [setting.country_of(i) for i in (-1, 0, 1, 2)] == ["FRA", "FRA", "DEU", "FRA"]
