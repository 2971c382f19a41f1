"""The quantities extractor on real parses: forms of numbers, what they count, what is no count."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tidings import nlp
from tidings.build import components_for
from tidings.components.quantities.amounts import find_quantities
from tidings.config import Settings
from tidings.lexicons import DATA_DIR, LexiconError, load_lexicons
from tidings.models import Quantity, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline

CASES = Path(__file__).parent / "cases"
UNITS = load_lexicons().units
KEYED = sorted(
    p.name
    for p in CASES.iterdir()
    if (p / "expected.json").exists()
    and json.loads((p / "expected.json").read_text(encoding="utf-8")).get("quantities")
)


def quantities(text: str) -> list[Quantity]:
    return find_quantities(nlp.load(Settings())(text), UNITS)


def one(text: str, contains: str) -> Quantity:
    found = [q for q in quantities(text) if contains in q.text]
    assert len(found) == 1, f"{contains!r} in {[q.text for q in quantities(text)]}"
    return found[0]


# sentence, text the quantity's span contains, value, min, max, approximate, unit, object
FORMS = [
    ("The US sent 750 military tanks, helicopters, and other heavy equipment.", "750",
     750, None, None, False, "", "tanks"),
    ("It sent nearly 3,000 soldiers to the region.", "nearly 3,000",
     3000, None, 3000, True, "", "soldiers"),
    ("Each country asked for a battalion of 700-800 soldiers.", "700-800",
     None, 700, 800, False, "", "soldiers"),
    ("Russia moved 700 to 800 troops to the border.", "700 to 800",
     None, 700, 800, False, "", "troops"),
    ("Police said between 150 and 200 people were hurt.", "between 150 and 200",
     None, 150, 200, False, "", "people"),
    ("Ticket prices rose from 10 to 20 dollars.", "from 10 to 20 dollars",
     None, 10, 20, False, "USD", ""),
    ("Some 40 villagers fled the fighting.", "Some 40", 40, None, None, True, "", "villagers"),
    ("Doctors treated dozens of protesters.", "dozens", None, 24, 99, True, "", "protesters"),
    ("Hundreds of thousands of families lost their savings.", "Hundreds of thousands",
     None, 200_000, 999_999, True, "", "families"),
    ("Thousands of residents fled the city.", "Thousands",
     None, 2_000, 9_999, True, "", "residents"),
    ("Only a handful of shops opened.", "a handful", None, 3, 5, True, "", "shops"),
    ("Several hundred soldiers arrived.", "Several hundred", None, 300, 900, True, "", "soldiers"),
    ("Lithuania raised its weapons budget by 50 percent.", "50 percent",
     50, None, None, False, "percent", "weapons budget"),
    ("Youth unemployment stands at about 28 per cent.", "about 28 per cent",
     28, None, None, True, "percent", "Youth unemployment"),
    ("Inflation rose by 5.5% last month.", "5.5%", 5.5, None, None, False, "percent", "Inflation"),
    ("The number of refugees could pass 600,000.", "600,000",
     600_000, None, None, False, "", "refugees"),
    ("The death toll rose to 37 on Sunday.", "37", 37, None, None, False, "", "death toll"),
    ("Russia killed 2,000 in the attack.", "2,000", 2000, None, None, False, "", ""),
    ("The court sentenced him to 15 years in prison.", "15 years",
     15, None, None, False, "year", ""),
    ("The government approved $1.2 billion in aid.", "$1.2 billion",
     1.2e9, None, None, False, "USD", "aid"),
    ("The EU pledged 40 million euros to Ukraine.", "40 million euros",
     4e7, None, None, False, "EUR", ""),
    ("Canberra gave A$3m to the fund.", "A$3m", 3e6, None, None, False, "AUD", ""),
    ("Investors lost HK$5 million.", "HK$5 million", 5e6, None, None, False, "HKD", ""),
    ("The deal is worth £3.5bn.", "£3.5bn", 3.5e9, None, None, False, "GBP", ""),
    ("Kyiv received USD 40 million from donors.", "USD 40 million",
     4e7, None, None, False, "USD", ""),
    ("Thieves took between 2 and 3 million euros.", "between 2 and 3 million euros",
     None, 2e6, 3e6, False, "EUR", ""),
    ("Troops held a three-month training exercise.", "three-month",
     3, None, None, False, "month", "training exercise"),
    ("The talks lasted two years.", "two years", 2, None, None, False, "year", ""),
    ("The stand-off lasted about three hours.", "about three hours",
     3, None, None, True, "hour", ""),
    ("Twenty-five tanks crossed the border.", "Twenty-five", 25, None, None, False, "", "tanks"),
    ("A hundred soldiers were wounded.", "A hundred", 100, None, None, False, "", "soldiers"),
    ("Two million people voted.", "Two million", 2e6, None, None, False, "", "people"),
    ("Police detained two hundred and fifty protesters.", "two hundred and fifty",
     250, None, None, False, "", "protesters"),
    ("Nearly half a million people fled.", "half a million",
     500_000, None, 500_000, True, "", "people"),
    ("More than 2,000 people were killed.", "More than 2,000",
     2000, 2000, None, True, "", "people"),
    ("Up to 500 migrants crossed the river.", "Up to 500", 500, None, 500, True, "", "migrants"),
    ("At least 12 people died in the blast.", "At least 12", 12, 12, None, True, "", "people"),
    ("Fewer than 10 guards remained.", "Fewer than 10", 10, None, 10, True, "", "guards"),
    ("Over 3,000 police were deployed.", "Over 3,000", 3000, 3000, None, True, "", "police"),
    ("The 40-odd senators voted against.", "40-odd", 40, None, None, True, "", "senators"),
    ("Two or three donors pulled out.", "Two or three", None, 2, 3, True, "", "donors"),
    ("Organisers put the crowd at more than 50,000.", "more than 50,000",
     50_000, 50_000, None, True, "", "crowd"),
    ("The ship carried 1,200.5 tonnes of grain.", "1,200.5 tonnes",
     1200.5, None, None, False, "tonne", "grain"),
    ("Police said 37 people were arrested.", "37", 37, None, None, False, "", "people"),
    ("Officials counted 10^400 ballots.", "10^400", None, None, None, False, "", "ballots"),
    ("The list named 1,2,3,4 suspects.", "1,2,3,4", None, None, None, False, "", "suspects"),
    ("Officials reported 99999999999999999999999 cases.", "99999999999999999999999",
     None, None, None, False, "", "cases"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "contains", "value", "low", "high", "approximate", "unit", "counted"), FORMS
)
def test_quantities_reads_each_form(
    text: str,
    contains: str,
    value: float | None,
    low: float | None,
    high: float | None,
    approximate: bool,
    unit: str,
    counted: str,
) -> None:
    q = one(text, contains)
    assert (q.value, q.min, q.max) == (value, low, high)
    assert q.approximate is approximate
    assert (q.unit, q.object) == (unit, counted)
    assert q.span is not None and text[q.span[0] : q.span[1]] == q.text


@pytest.mark.parametrize(
    "text",
    [
        "NATO is bound by a 1997 agreement with Russia.",
        "Albania has been a NATO member since 2009.",
        "The rally was held on 17 March 2019 in Tirana.",
        "The meeting began on July 28, 2015 at 3 p.m. in Riga.",
        "The clashes began at 08:40 GMT outside parliament.",
        "Elton, a 24-year-old student, declined to comment.",
        "Dervishi, 46, called on the government to resign.",
        "The man, aged 46, was detained.",
        "He is 46 years old.",
        "Three years ago the army withdrew.",
        "Under Article 5 of the treaty, allies must respond.",
        "Security Council Resolution 2231 endorsed the deal.",
        "Call +44 20 7946 0958 for details.",
        "The COVID-19 pandemic hit the 1990s generation hard.",
        "The home side won 3-1.",
        "The match ended in a 2-2 draw.",
        "The prime minister lives at 10 Downing Street.",
        "From 2014 to 2015 the war escalated.",
        "It was the fifth rally this year.",
        "One of the protesters was hurt.",
    ],
)
def test_quantities_skips_dates_times_ages_and_labels(text: str) -> None:
    assert [q.text for q in quantities(text)] == []


def test_quantities_come_in_document_order_with_spans_into_the_text() -> None:
    text = "Police arrested 37 people. Later, between 20 and 25 officers and dozens of protesters."
    found = quantities(text)
    assert [q.text for q in found] == ["37", "between 20 and 25", "dozens"]
    assert all(q.span is not None and text[q.span[0] : q.span[1]] == q.text for q in found)


def test_quantities_component_is_in_the_default_pipeline(pipeline: Pipeline) -> None:
    assert "quantities" in pipeline.component_names
    names = pipeline.component_names
    if "events" in names:  # the event coder reads the quantities
        assert names.index("quantities") < names.index("events")


def test_quantities_bad_word_list_names_file_and_line(tmp_path: Path) -> None:
    good = (DATA_DIR / "units.toml").read_text(encoding="utf-8")
    bad = tmp_path / "units.toml"
    bad.write_text(good.replace('nearly = "upper"', 'nearly = "sideways"'), encoding="utf-8")
    line = next(n for n, s in enumerate(good.splitlines(), 1) if s.startswith("nearly ="))
    with pytest.raises(LexiconError, match=rf"units\.toml:{line}: .*nearly.*sideways"):
        load_lexicons(tmp_path)


def _matches(item: dict[str, Any], q: Quantity) -> bool:
    if "value" in item and (q.value is None or abs(q.value - item["value"]) > 1e-6):
        return False
    for bound, got in (("min", q.min), ("max", q.max)):
        if bound in item and (got is None or abs(got - item[bound]) > 1e-6):
            return False
    if item.get("approximate") and not q.approximate:
        return False
    wants = item.get("unit_any_of") or [item[k] for k in ("unit", "unit_contains") if k in item]
    where = f"{q.unit} {q.object}".lower()
    return not wants or any(w.lower() in where for w in wants)


@pytest.fixture(scope="module")
def quantities_only() -> Pipeline:
    return Pipeline(Settings(), components_for("quantities"))


@pytest.mark.parametrize("case", KEYED)
def test_quantities_meet_the_case_key(case: str, quantities_only: Pipeline) -> None:
    key = json.loads((CASES / case / "expected.json").read_text(encoding="utf-8"))
    text = (CASES / case / "article.txt").read_text(encoding="utf-8")
    published = date.fromisoformat(key["article"]["published"])
    record = quantities_only(RawDocument(SourceRef(case), text, published=published))
    missing = [
        item["context"]
        for item in key["quantities"]
        if not any(_matches(item, q) for q in record.quantities)
    ]
    assert missing == [], [(q.text, q.value, q.unit, q.object) for q in record.quantities]
    assert "baltic-2015" in KEYED
