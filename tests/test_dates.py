"""Time expressions: found in real parses, resolved against the publication date by tense."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tidings.build import components_for
from tidings.components.dates.expressions import DateExpressions, find_dates, scan
from tidings.components.dates.parse import resolve_in_context
from tidings.config import Settings
from tidings.lexicons import DATA_DIR, LexiconError, load_lexicons
from tidings.models import RawDocument, SourceRef, TimeRef
from tidings.pipeline.run import Pipeline

if TYPE_CHECKING:
    from tidings.nlp import Language

CASES = Path(__file__).parent / "cases"
JUL28 = date(2015, 7, 28)  # a Tuesday
LEX = load_lexicons()
TIME_WORDS = LEX.time_words
PREPOSITIONS = ("in ", "on ", "since ", "until ", "by ", "from ", "before ", "after ", "during ")


def _dates(nlp: Language, text: str, published: date | None) -> list[TimeRef]:
    return find_dates(nlp(text), published, TIME_WORDS)


# (sentence, published, text, value, end, granularity)
RESOLVED = [
    # weekdays by tense: past = latest on or before (the same day counts), future = next
    ("Speaking on Thursday, he said the move was necessary.", JUL28, "on Thursday",
     "2015-07-23", None, "day"),
    ("The ministers met on Tuesday.", JUL28, "on Tuesday", "2015-07-28", None, "day"),
    ("The ministers will meet on Thursday.", JUL28, "on Thursday", "2015-07-30", None, "day"),
    ("They are going to meet on Friday.", JUL28, "on Friday", "2015-07-31", None, "day"),
    ("He said they would meet on Friday.", JUL28, "on Friday", "2015-07-31", None, "day"),
    ("Rebels, fighting since 2014, said on Monday they would stop.", JUL28, "on Monday",
     "2015-07-27", None, "day"),
    ("A man pleaded guilty to threatening to kill her in March.", JUL28, "in March",
     "2015-03", None, "month"),
    ("The summit opens on Thursday.", JUL28, "on Thursday", "2015-07-30", None, "day"),
    ("The summit opens on Thursday.", date(2015, 8, 1), "on Thursday", "2015-07-30", None,
     "day"),
    ("The ministers will meet next Thursday.", JUL28, "next Thursday", "2015-07-30", None,
     "day"),
    ("Last Thursday the army withdrew.", JUL28, "Last Thursday", "2015-07-23", None, "day"),
    ("Protests followed fraud in Sunday's local elections.", JUL28, "Sunday", "2015-07-26",
     None, "day"),
    # months by tense, across year boundaries
    ("In March, the US sent tanks to the region.", JUL28, "In March", "2015-03", None,
     "month"),
    ("In March, the US sent tanks to the region.", date(2015, 2, 10), "In March", "2014-03",
     None, "month"),
    ("The government will hold elections in March.", JUL28, "in March", "2016-03", None,
     "month"),
    ("Parliament was dissolved in December.", date(2016, 1, 15), "in December", "2015-12",
     None, "month"),
    ("The talks will resume in January.", date(2015, 12, 20), "in January", "2016-01", None,
     "month"),
    ("The pact expired in early March.", JUL28, "in early March", "2015-03", None, "month"),
    # relative words
    ("The economy grew last year.", JUL28, "last year", "2014", None, "year"),
    ("Spending rose this year.", JUL28, "this year", "2015", None, "year"),
    ("Elections are due next year.", JUL28, "next year", "2016", None, "year"),
    ("A report released last month showed gains.", JUL28, "last month", "2015-06", None,
     "month"),
    ("The report was released last month.", date(2015, 1, 10), "last month", "2014-12", None,
     "month"),
    ("The summit is scheduled for next month.", date(2015, 12, 3), "next month", "2016-01",
     None, "month"),
    ("Rebels attacked the town two days ago.", JUL28, "two days ago", "2015-07-26", None,
     "day"),
    ("The strike began three weeks ago.", JUL28, "three weeks ago", "2015-07-07", None, "day"),
    ("Troops arrived last week.", JUL28, "last week", "2015-07-20", "2015-07-26", "range"),
    ("The letter was sent earlier this week.", JUL28, "earlier this week", "2015-07-27",
     "2015-07-28", "range"),
    ("The minister resigned yesterday.", JUL28, "yesterday", "2015-07-27", None, "day"),
    ("The talks continue today.", JUL28, "today", "2015-07-28", None, "day"),
    ("The vote will take place tomorrow.", JUL28, "tomorrow", "2015-07-29", None, "day"),
    ("The talks will resume in two weeks.", JUL28, "in two weeks", "2015-08-11", None, "day"),
    ("Prices have risen over the past two years.", JUL28, "the past two years", "2013",
     "2015", "range"),
    ("The fund will pay out over the next three years.", JUL28, "the next three years",
     "2015", "2018", "range"),
    # absolute dates, years and decades
    ("The ceasefire began on March 3.", JUL28, "on March 3", "2015-03-03", None, "day"),
    ("The treaty was signed on 3 March 2019.", JUL28, "on 3 March 2019", "2019-03-03", None,
     "day"),
    ("The envoy arrived on July 23rd of 2014.", JUL28, "on July 23rd of 2014", "2014-07-23",
     None, "day"),
    ("The law took effect on 2015-07-23.", JUL28, "on 2015-07-23", "2015-07-23", None, "day"),
    ("The parliament was dissolved in March 2019.", JUL28, "in March 2019", "2019-03", None,
     "month"),
    ("NATO is bound by a 1997 agreement with Russia.", JUL28, "1997", "1997", None, "year"),
    ("The 2014 elections were peaceful.", JUL28, "2014", "2014", None, "year"),
    ("The group was founded in the 1990s.", JUL28, "in the 1990s", "1990", "1999", "range"),
    ("The pact was signed in mid-2014.", JUL28, "in mid-2014", "2014", None, "year"),
    ("Elections will be held in the spring of 2016.", JUL28, "in the spring of 2016",
     "2016-03", "2016-05", "range"),
    ("Sales fell in the first quarter of 2015.", JUL28, "in the first quarter of 2015",
     "2015-01", "2015-03", "range"),
    # ranges
    ("Fighting continued between March and May.", JUL28, "between March and May", "2015-03",
     "2015-05", "range"),
    ("The talks ran from 2012 to 2014.", JUL28, "from 2012 to 2014", "2012", "2014", "range"),
    ("Rebels have held the town since 2014.", JUL28, "since 2014", "2014", "2015-07-28",
     "range"),
    # durations
    ("Troops joined a three-month training exercise.", JUL28, "three-month", "P3M", None,
     "duration"),
    ("The siege lasted two years.", JUL28, "two years", "P2Y", None, "duration"),
    ("Suspects can be held for 48 hours.", JUL28, "48 hours", "PT48H", None, "duration"),
    # no publication date: relative expressions stay unresolved, absolute ones do not
    ("In March, the minister resigned.", None, "In March", None, None, "month"),
    ("The treaty was signed on 3 March 2019.", None, "on 3 March 2019", "2019-03-03", None,
     "day"),
    # impossible values are kept as text, unresolved
    ("The attack was reported on February 31, 2015.", JUL28, "on February 31, 2015", None,
     None, "day"),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "published", "text", "value", "end", "granularity"), RESOLVED)
def test_dates_resolve_in_sentence(
    nlp: Language,
    sentence: str,
    published: date | None,
    text: str,
    value: str | None,
    end: str | None,
    granularity: str,
) -> None:
    found = [d for d in _dates(nlp, sentence, published) if d.text == text]
    assert found, f"{text!r} not found in {_dates(nlp, sentence, published)}"
    ref = found[0]
    assert (ref.value, ref.end, ref.granularity) == (value, end, granularity)
    assert ref.span is not None and sentence[ref.span[0] : ref.span[1]] == text


@pytest.mark.parametrize(
    "sentence",
    [
        "Theresa May said the vote was postponed.",
        "The group said 2000 people died.",
        "Protesters marked Bloody Sunday.",
        "A 50-year-old man was detained.",
        "The protesters may march on the capital.",
        "The fall of Kabul shocked the world.",
        "Nearly 1500 troops were deployed.",
    ],
)
def test_dates_ignore_words_that_are_not_dates(nlp: Language, sentence: str) -> None:
    assert _dates(nlp, sentence, JUL28) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The event of year 99999 and the 45th of Smarch were odd.",
        "It happened on 31/02/2015, on 99/99/2015 and on February 30.",
        "Between 2014 and Thursday, from May to 1997, since the '00s, in 2014-99.",
        "Sometime in 1998-45 or in the 2090s, several decades earlier, some months later.",
    ],
)
def test_dates_never_crash_on_odd_values(nlp: Language, sentence: str) -> None:
    for published in (JUL28, None, date(1, 1, 1), date(9999, 12, 31)):
        for ref in _dates(nlp, sentence, published):
            assert ref.granularity in ("day", "month", "year", "range", "duration")
            assert ref.value is None or ref.value[:1] in "0123456789P"


@pytest.mark.parametrize(
    ("text", "tense", "value"),
    [
        ("Thursday", "past", "2015-07-23"),
        ("Thursday", "future", "2015-07-30"),
        ("Thursday", "present", "2015-07-30"),
        ("Tuesday", "past", "2015-07-28"),
        ("last Tuesday", "past", "2015-07-21"),
        ("next Tuesday", "past", "2015-08-04"),
        ("in March", "past", "2015-03"),
        ("in March", "future", "2016-03"),
        ("in March", "present", "2015-03"),
        ("in July", "past", "2015-07"),
        ("in July", "future", "2015-07"),
        ("in December", "present", "2015-12"),
        ("last March", "future", "2015-03"),
        ("on July 30", "past", "2014-07-30"),
        ("on July 30", "future", "2015-07-30"),
        ("in two weeks", "past", "P2W"),
    ],
)
def test_dates_resolve_in_context_by_tense(text: str, tense: str, value: str) -> None:
    assert resolve_in_context(text, JUL28, tense, TIME_WORDS).value == value


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("Thursday the 23rd of July, 2015", "2015-07-23", "day"),
        ("2015, July 23", "2015-07-23", "day"),
        ("the year 2014", "2014", "year"),
        ("23.07.2015", None, "day"),
    ],
)
def test_dates_fallback_reads_other_absolute_dates(
    text: str, value: str | None, granularity: str
) -> None:
    resolved = resolve_in_context(text, JUL28, "past", TIME_WORDS)
    assert (resolved.value, resolved.granularity) == (value, granularity)


def test_dates_bad_tense_counts_as_present() -> None:
    assert resolve_in_context("Thursday", JUL28, "pluperfect", TIME_WORDS).value == "2015-07-30"


def test_dates_component_is_in_default_pipeline() -> None:
    from tidings.build import default_components

    names = [c.name for c in default_components(LEX)]
    assert "dates" in names
    component = DateExpressions(LEX)
    assert component.requires == ()
    assert component.provides == ("dates",)


def _key_matches(item: dict[str, Any], refs: tuple[TimeRef, ...]) -> bool:
    wanted = item["text"].lower()
    for ref in refs:
        text = ref.text.lower()
        bare = next((text[len(p) :] for p in PREPOSITIONS if text.startswith(p)), text)
        if wanted not in (text, bare) or ref.value is None:
            continue
        if "resolves_to" in item and ref.value.startswith(item["resolves_to"]):
            return True
        if "resolves_to_between" in item:
            low, high = item["resolves_to_between"]
            if low <= ref.value[: len(low)] <= high:
                return True
    return False


def test_dates_find_every_time_expression_of_the_baltic_key() -> None:
    case = CASES / "baltic-2015"
    key = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    document = RawDocument(
        SourceRef(str(case / "article.txt")),
        (case / "article.txt").read_text(encoding="utf-8"),
        published=date.fromisoformat(key["article"]["published"]),
    )
    record = Pipeline(Settings(), components_for("dates"))(document)
    missing = [i for i in key["time_expressions"] if not _key_matches(i, record.dates)]
    assert not missing, f"not found: {missing} in {record.dates}"
    durations = [d for d in record.dates if d.granularity == "duration"]
    assert [(d.text, d.value) for d in durations] == [("three-month", "P3M")]
    starts = [d.span[0] for d in record.dates if d.span]
    assert starts == sorted(starts)


def _bad_time_words(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """A replaced time_words.toml with `old` written `new`, and the line it is on."""
    source = (DATA_DIR / "time_words.toml").read_text(encoding="utf-8")
    assert old in source
    line = next(n for n, t in enumerate(source.splitlines(), 1) if old in t)
    path = tmp_path / "time_words.toml"
    path.write_text(source.replace(old, new, 1), "utf-8")
    return path, line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('kind = "weekend"', 'kind = "fortnightly"', "unknown form kind 'fortnightly'"),
        ("Thursday = 3", 'Thursday = "3"', "[weekdays] Thursday: bad value '3'"),
        ("[months]", "[months", "(TOML)"),
        ("'(?P<year>{year})'", "'(?P<year>{yaer})'", "unknown placeholder {yaer}"),
        ("'\\bold\\b'", "'\\bold(\\b'", "bad regular expression"),
    ],
)
def test_dates_lexicon_errors_name_file_and_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path, line = _bad_time_words(tmp_path, old, new)
    with pytest.raises(LexiconError) as caught:
        load_lexicons(tmp_path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)


def test_dates_scan_finds_what_each_form_finds_alone() -> None:
    lex = TIME_WORDS
    text = (CASES / "baltic-2015" / "article.txt").read_text(encoding="utf-8")
    text += "\nOn 2015-07-28, two days later, in the spring of 2014 and Q3 2016, the 1990s.\n"
    expected = sorted(
        (m.start(), m.end(), form.kind)
        for form in lex.forms
        for m in form.pattern.finditer(text)
        if "\n" not in m.group()
    )
    assert len(expected) > 20
    assert sorted((f.start, f.end, f.kind) for f in scan(text, lex)) == expected
