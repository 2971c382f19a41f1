"""Tests for tidings.lexicons.leaders: the table loads cleanly and bare names find their office."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tidings.lexicons import SECTORS, LexiconError, leaders, load_lexicons
from tidings.lexicons.leaders import Leader, normalize
from tidings.lexicons.loader import single_file

LEX = load_lexicons()
lookup = LEX.leaders.lookup


def load_leaders(path: Path) -> tuple[Leader, ...]:
    return leaders.load_leaders(single_file(path), LEX.countries, LEX.organizations)


HEADER = "name\taliases\tcountry\tsector\trole\tstart\tend\n"
GOOD = "Yoweri Museveni\tMuseveni\tUGA\tGOV\tpresident\t1986\t\n"


def _on(year: int | None) -> date | None:
    return None if year is None else date(year, 6, 1)


@pytest.mark.parametrize(
    ("name", "year", "code"),
    [
        ("Putin", 2015, "RUSGOV"),
        ("Vladimir Putin", 2009, "RUSGOV"),
        ("Vladimir V. Putin", 2020, "RUSGOV"),
        ("Putin's", 2022, "RUSGOV"),
        ("Boris Yeltsin", 1996, "RUSGOV"),
        ("George W. Bush", 2003, "USAGOV"),
        ("George Bush", 1990, "USAGOV"),
        ("Museveni", 2001, "UGAGOV"),
        ("Yoweri Kaguta Museveni", 2020, "UGAGOV"),
        ("President Museveni", 2020, "UGAGOV"),
        ("Abdelaziz Bouteflika", 2005, "DZAGOV"),
        ("Kadhafi", 2000, "LBYGOV"),
        ("Muammar al-Qaddafi", 2010, "LBYGOV"),
        ("Erdoğan", 2016, "TURGOV"),
        ("Erdogan", 2016, "TURGOV"),
        ("Sergey Lavrov", 2015, "RUSGOV"),
        ("Rinkevics", 2015, "LVAGOV"),
        ("Kim Jong-un", 2018, "PRKGOV"),
        ("Osama bin Laden", 2001, "IMGMUSALQ"),
        ("Ban Ki-moon", 2010, "IGOUNO"),
        ("Stoltenberg", 2018, "IGOWSTNAT"),
        ("Stoltenberg", 2010, "NORGOV"),
        ("Guterres", 2000, "PRTGOV"),
        ("Guterres", 2020, "IGOUNO"),
        ("Mandela", 1992, "ZAFOPP"),
        ("Mandela", 1996, "ZAFGOV"),
        ("Abdel Fattah el-Sisi", 2016, "EGYGOV"),
        ("Abdel Fattah Sisi", 2016, "EGYGOV"),
        ("Prime Minister Netanyahu", 2015, "ISRGOV"),
        ("Hemedti", 2024, "SDNREB"),
        ("Museveni", 1970, "UGAGOV"),
        ("Museveni", None, "UGAGOV"),
    ],
)
def test_leaders_lookup_finds_the_office(name: str, year: int | None, code: str) -> None:
    found = lookup(name, _on(year))
    assert found is not None
    assert found.code == code


@pytest.mark.parametrize(
    ("name", "year", "person"),
    [
        ("Assad", 2015, "Bashar al-Assad"),
        ("Assad", 1995, "Hafez al-Assad"),
        ("Sharaa", 2025, "Ahmed al-Sharaa"),
        ("Sharaa", 2000, "Farouk al-Sharaa"),
        ("Kabila", 2010, "Joseph Kabila"),
        ("George Bush", 2005, "George W. Bush"),
    ],
)
def test_leaders_lookup_dates_tell_people_apart(name: str, year: int, person: str) -> None:
    found = lookup(name, _on(year))
    assert found is not None
    assert found.name == person


@pytest.mark.parametrize(
    ("name", "year"),
    [
        ("Bush", 2003),
        ("Bush", None),
        ("Clinton", 1995),
        ("Kim", 2018),
        ("Assad", None),
        ("George Bush", 1995),
        ("King Abdullah", 2010),
        ("Michelle Obama", 2012),
        ("Laura Bush", 2003),
        ("Nobody Known", 2019),
        ("", None),
    ],
)
def test_leaders_lookup_refuses_unknown_or_ambiguous_names(name: str, year: int | None) -> None:
    assert lookup(name, _on(year)) is None


@pytest.mark.parametrize(
    ("year", "role"),
    [(1998, "fsb director"), (2009, "prime minister"), (2015, "president"), (1950, "president")],
)
def test_leaders_lookup_picks_the_office_held_at_the_date(year: int, role: str) -> None:
    found = lookup("Putin", _on(year))
    assert found is not None
    assert found.role == role


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("Bashar al-Assad", "bashar assad"),
        ("George H.W. Bush", "george h w bush"),
        ("Yar'Adua", "yaradua"),
        ("Jonas Gahr Støre", "jonas gahr store"),
        ("Zoran Đinđić", "zoran dindic"),
        ("El Chapo", "el chapo"),
        ("Putin’s", "putin"),
    ],
)
def test_leaders_normalize_folds_spelling(raw: str, key: str) -> None:
    assert normalize(raw) == key


def test_leaders_table_is_loaded_once_and_large() -> None:
    assert len(LEX.leaders.rows) >= 500
    assert all(isinstance(row, Leader) for row in LEX.leaders.rows)


def test_leaders_country_codes_exist() -> None:
    countries = LEX.countries
    organizations = {org.code for org in LEX.organizations}
    for row in LEX.leaders.rows:
        if row.country in leaders.NON_STATE:
            assert row.code in organizations, row
        else:
            assert row.country in countries, row
            assert row.sector in SECTORS, row


def test_leaders_open_terms_have_started() -> None:
    assert all(row.start <= date.today().year for row in LEX.leaders.rows)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Yoweri Museveni\tMuseveni\tUGX\tGOV\tpresident\t1986\t\n", "country 'UGX'"),
        ("Yoweri Museveni\tMuseveni\tUGA\tGUV\tpresident\t1986\t\n", "sector 'GUV'"),
        ("Ban Ki-moon\t\tIGO\tXYZ\tsecretary-general\t2007\t2016\n", "'IGOXYZ'"),
        ("Yoweri Museveni\tMuseveni\tUGA\tGOV\tPresident\t1986\t\n", "role 'President'"),
        ("Yoweri Museveni\tMuseveni\tUGA\tGOV\tpresident\t86\t\n", "start '86'"),
        ("Yoweri Museveni\tMuseveni\tUGA\tGOV\tpresident\t1986\t1980\n", "before start"),
        ("Yoweri Museveni\tMuseveni\tUGA\tGOV\tpresident\t1986\n", "expected 7 columns"),
        ("\tMuseveni\tUGA\tGOV\tpresident\t1986\t\n", "empty name"),
        (GOOD, "duplicate office"),
    ],
)
def test_leaders_malformed_rows_name_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "leaders.tsv"
    path.write_text("# a comment\n" + HEADER + GOOD + line, encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_leaders(path)
    assert f"{path}:4:" in str(caught.value)
    assert message in str(caught.value)


def test_leaders_bad_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "leaders.tsv"
    path.write_text("name\tcountry\n" + GOOD, encoding="utf-8")
    with pytest.raises(LexiconError, match="expected header"):
        load_leaders(path)


def test_leaders_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "leaders.tsv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    (row,) = load_leaders(path)
    assert row == Leader("Yoweri Museveni", ("Museveni",), "UGA", "GOV", "president", 1986, None)
    assert row.code == "UGAGOV"
    assert row.covers(2001) and not row.covers(1984) and row.covers(1985, slack=1)


@pytest.mark.parametrize(
    ("name", "day", "code"),
    [
        ("President Bush", date(1991, 1, 1), ("George H. W. Bush", "USAGOV")),
        ("President Bush", date(2006, 1, 1), ("George W. Bush", "USAGOV")),
        ("Chancellor Merkel", date(2010, 1, 1), ("Angela Merkel", "DEUGOV")),
    ],
)
def test_leaders_title_and_surname(name: str, day: date, code: tuple[str, str]) -> None:
    leader = LEX.leaders.lookup(name, day)
    assert leader is not None and (leader.name, leader.code) == code


@pytest.mark.parametrize(
    ("name", "day"),
    [
        # nobody of that surname held the office then
        ("President Bush", date(2015, 1, 1)),
        # a title that does not fit the surname's offices
        ("Chancellor Bush", date(2003, 1, 1)),
        # a surname alone stays ambiguous
        ("Bush", date(2003, 1, 1)),
    ],
)
def test_leaders_title_and_surname_need_the_office(name: str, day: date) -> None:
    assert LEX.leaders.lookup(name, day) is None
