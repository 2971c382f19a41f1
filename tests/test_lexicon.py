"""Tests for tidings.lexicons: the shipped tables state the standards' facts and load cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.lexicons import SECTORS, LexiconError, load_lexicons, tables
from tidings.lexicons.loader import single_file

LEX = load_lexicons()

ROOTS = [f"{n:02d}" for n in range(1, 21)]


# ---------------------------------------------------------------- CAMEO and PLOVER


@pytest.mark.parametrize("root", ROOTS)
def test_lexicon_every_cameo_root_has_three_digit_codes(root: str) -> None:
    codes = LEX.cameo
    assert root in codes
    assert any(len(code) == 3 and code.startswith(root) for code in codes)


def test_lexicon_cameo_table_is_complete() -> None:
    codes = LEX.cameo
    assert 290 <= len(codes) <= 330
    assert all(code[:-1] in codes for code in codes if len(code) > 2)


@pytest.mark.parametrize(
    ("code", "plover", "mode", "context"),
    [
        ("0234", "REQUEST", "", ""),
        ("057", "SUPPORT", "", "diplomatic"),
        ("111", "ACCUSE", "disapprove", ""),
        ("1121", "ACCUSE", "allege", "crime;corruption"),
        ("163", "SANCTION", "restrict", "diplomatic"),
        ("173", "COERCE", "arrest", "legal"),
        ("192", "COERCE", "seize", "military"),
        ("0841", "RETREAT", "release", "legal"),
        ("0871", "RETREAT", "ceasefire", "military"),
        ("190", "ASSAULT", "", "military"),
        ("2042", "ASSAULT", "unconventional", "cbrn"),
        ("041", "CONSULT", "phone", ""),
    ],
)
def test_lexicon_cameo_maps_to_plover(code: str, plover: str, mode: str, context: str) -> None:
    assert LEX.plover_for(code) == (plover, mode, context)


def test_lexicon_statements_have_no_plover_type() -> None:
    assert LEX.plover_for("01") == ("", "", "")
    assert LEX.plover_for("013") == ("", "", "")


def test_lexicon_plover_falls_back_to_parent_code() -> None:
    assert LEX.cameo["1952"].plover == ""
    assert LEX.plover_for("1952") == LEX.plover_for("195")
    assert LEX.plover_for("1952")[0] == "ASSAULT"


@pytest.mark.parametrize("code", ["", "21", "00", "0a1", "12345"])
def test_lexicon_plover_for_rejects_unknown_codes(code: str) -> None:
    with pytest.raises(KeyError):
        LEX.plover_for(code)


@pytest.mark.parametrize(
    ("code", "goldstein"),
    [
        ("010", 0.0),
        ("0234", 3.4),
        ("057", 8.0),
        ("111", -2.0),
        ("138", -7.0),
        ("173", -5.0),
        ("190", -10.0),
        ("0874", 10.0),
        ("1214", -4.0),
    ],
)
def test_lexicon_goldstein_values(code: str, goldstein: float) -> None:
    assert LEX.cameo[code].goldstein == pytest.approx(goldstein)


@pytest.mark.parametrize(
    ("code", "quad"),
    [
        ("010", 1),
        ("057", 1),
        ("061", 2),
        ("0874", 2),
        ("094", 3),
        ("145", 3),
        ("150", 4),
        ("2042", 4),
    ],
)
def test_lexicon_quad_class_follows_root(code: str, quad: int) -> None:
    assert LEX.cameo[code].quad_class == quad


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("192", "Occupy territory"),
        ("055", "Apologize"),
        ("018", "Make empathetic comment"),
        ("1051", "Demand easing of administrative sanctions"),
        ("19", "Fight"),
    ],
)
def test_lexicon_cameo_names_are_canonical(code: str, name: str) -> None:
    assert LEX.cameo_name(code) == name


def test_lexicon_cameo_name_unknown_code() -> None:
    with pytest.raises(KeyError):
        LEX.cameo_name("999")


# ---------------------------------------------------------------- countries


@pytest.mark.parametrize(
    ("form", "code", "how"),
    [
        ("Lithuanian", "LTU", "adjective"),
        ("Lithuanians", "LTU", "adjective"),
        ("Kremlin", "RUS", "capital"),
        ("Kyiv", "UKR", "capital"),
        ("Kiev", "UKR", "capital"),
        ("White House", "USA", "capital"),
        ("Downing Street", "GBR", "capital"),
        ("U.S.", "USA", "name"),
        ("Britain", "GBR", "name"),
        ("Britons", "GBR", "adjective"),
        ("Russian Federation", "RUS", "name"),
        ("DPRK", "PRK", "name"),
        ("Côte d'Ivoire", "CIV", "name"),
        ("Kosovo", "XKX", "name"),
        ("Georgia", "GEO", "name"),
        ("Luxembourg", "LUX", "name"),
    ],
)
def test_lexicon_country_surface_forms(form: str, code: str, how: str) -> None:
    assert LEX.country_forms[form] == (code, how)


def test_lexicon_country_forms_are_case_sensitive() -> None:
    forms = LEX.country_forms
    assert "Polish" in forms
    assert "polish" not in forms


def test_lexicon_countries_cover_un_members_and_territories() -> None:
    table = LEX.countries
    assert len(table) >= 200
    for code in ("USA", "CHN", "TWN", "PSE", "ESH", "HKG", "XKX", "SSD", "VAT"):
        assert code in table
    assert table["LTU"].capitals == ("Vilnius",)
    assert table["LTU"].lat == pytest.approx(55.2, abs=1.0)


def test_lexicon_every_code_in_other_tables_is_a_country() -> None:
    known = set(LEX.countries)
    org_countries = {org.country for org in LEX.organizations if org.country}
    region_codes = {c for r in LEX.regions for c in (*r.members, r.country) if c}
    assert org_countries <= known
    assert region_codes <= known


# ---------------------------------------------------------------- organisations and roles


@pytest.mark.parametrize(
    ("form", "code"),
    [
        ("NATO", "IGOWSTNAT"),
        ("U.N.", "IGOUNO"),
        ("UN Security Council", "IGOUNO"),
        ("EU", "IGOEUREEC"),
        ("OSCE", "IGOEUROSC"),
        ("IMF", "IGOWSTIMF"),
        ("ISIS", "IMGMUSISL"),
        ("al-Qaeda", "IMGMUSALQ"),
        ("Taliban", "AFGREB"),
        ("Reuters", "GBRMED"),
        ("AP", "USAMED"),
        ("SIPRI", "SWENGO"),
    ],
)
def test_lexicon_organization_codes(form: str, code: str) -> None:
    assert LEX.organization_forms[form].code == code


def test_lexicon_organization_kinds_and_countries() -> None:
    forms = LEX.organization_forms
    assert forms["Hezbollah"].kind == "armed"
    assert forms["Hezbollah"].country == "LBN"
    assert forms["NATO"].country == ""
    assert len(LEX.organizations) >= 120


@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("defence chiefs", "MIL"),
        ("defence chief", "MIL"),
        ("defense chiefs", "MIL"),
        ("foreign minister", "GOV"),
        ("police", "COP"),
        ("security forces", "COP"),
        ("rebels", "REB"),
        ("opposition", "OPP"),
        ("court", "JUD"),
        ("lawmakers", "LEG"),
        ("mps", "LEG"),
        ("journalists", "MED"),
        ("civilians", "CVL"),
        ("refugees", "REF"),
        ("clerics", "REL"),
        ("intelligence", "SPY"),
    ],
)
def test_lexicon_role_sectors(phrase: str, sector: str) -> None:
    assert LEX.roles[phrase].sector == sector


def test_lexicon_roles_are_lowercase_and_known_sectors() -> None:
    table = LEX.roles
    assert len(table) >= 200
    assert all(key == key.lower() == role.phrase for key, role in table.items())
    assert {role.sector for role in table.values()} <= SECTORS


# ---------------------------------------------------------------- regions


@pytest.mark.parametrize("form", ["Baltics", "Baltic states", "baltic region"])
def test_lexicon_baltic_region_members(form: str) -> None:
    region = LEX.region_forms[form.lower()]
    assert set(region.members) == {"EST", "LVA", "LTU"}
    assert region.kind == "region"


@pytest.mark.parametrize(
    ("form", "country"),
    [
        ("Crimea", "UKR"),
        ("Crimean peninsula", "UKR"),
        ("Donbass", "UKR"),
        ("Gaza Strip", "PSE"),
        ("West Bank", "PSE"),
        ("Darfur", "SDN"),
        ("Tigray", "ETH"),
        ("eastern Ukraine", "UKR"),
        ("Northern Ireland", "GBR"),
    ],
)
def test_lexicon_subregions_name_their_country(form: str, country: str) -> None:
    region = LEX.region_forms[form.lower()]
    assert region.country == country
    assert region.kind == "subregion"


# ---------------------------------------------------------------- validation of bad files


def _write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CAMEO_HEADER = "\t".join(tables.CAMEO_COLUMNS)
COUNTRY_HEADER = "\t".join(tables.COUNTRY_COLUMNS)


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("010\tMake statement\t0.0\t1\t\t", "expected 7 columns"),
        ("0x0\tMake statement\t0.0\t1\t\t\t", "not 2-4 digits"),
        ("010\tMake statement\tzero\t1\t\t\t", "not a number"),
        ("010\tMake statement\t0.0\t3\t\t\t", "quad_class"),
        ("0105\tOrphan\t0.0\t1\t\t\t", "without its parent"),
        ("01\tDuplicate\t0.0\t1\t\t\t", "duplicate"),
        ("010\tMake statement\t0.0\t1\t\tvisit\t", "without a PLOVER type"),
    ],
)
def test_lexicon_malformed_cameo_names_file_and_line(
    tmp_path: Path, bad_row: str, message: str
) -> None:
    path = _write(
        tmp_path,
        "cameo.tsv",
        "# note",
        CAMEO_HEADER,
        "01\tMake public statement\t0.0\t1\t\t\t",
        bad_row,
    )
    with pytest.raises(LexiconError, match=rf"cameo\.tsv:4: .*{message}"):
        tables.load_cameo(single_file(path))


def test_lexicon_wrong_header_is_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "roles.tsv", "phrase\tsector")
    with pytest.raises(LexiconError, match=r"roles\.tsv:1: expected header"):
        tables.load_roles(single_file(path))


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("Lit\tLithuania\t\t\t\t55.2\t23.9", "not an ISO 3166"),
        ("LVA\tLatvia\t\tLithuanian\t\t56.9\t24.6", "already names LTU"),
        ("LVA\tLatvia\t\t\t\t96.9\t24.6", "latitude"),
        ("LVA\tLatvia\t\t\t\t56.9\t-190", "longitude"),
    ],
)
def test_lexicon_malformed_countries_name_file_and_line(
    tmp_path: Path, bad_row: str, message: str
) -> None:
    good = "LTU\tLithuania\t\tLithuanian|Lithuanians\tVilnius\t55.2\t23.9"
    path = _write(tmp_path, "countries.tsv", COUNTRY_HEADER, good, bad_row)
    with pytest.raises(LexiconError, match=rf"countries\.tsv:3: .*{message}"):
        tables.load_countries(single_file(path))


def test_lexicon_bad_role_sector_and_region_shape(tmp_path: Path) -> None:
    roles = _write(tmp_path, "roles.tsv", "phrase\tsector\tkind", "wizard\tMAG\tperson")
    with pytest.raises(LexiconError, match=r"roles\.tsv:2: sector 'MAG'"):
        tables.load_roles(single_file(roles))
    header = "\t".join(tables.REGION_COLUMNS)
    regions = _write(tmp_path, "regions.tsv", header, "Baltics\t\tregion\tEST\t\t57\t24")
    with pytest.raises(LexiconError, match=r"regions\.tsv:2: a region lists two or more"):
        tables.load_regions(single_file(regions), LEX.countries)


def test_lexicon_duplicate_organization_alias(tmp_path: Path) -> None:
    header = "\t".join(tables.ORGANIZATION_COLUMNS)
    path = _write(
        tmp_path,
        "organizations.tsv",
        header,
        "IGOUNO\tUnited Nations\tUN\tigo\t",
        "IGOXXX\tUnion of Nothing\tUN\tigo\t",
    )
    with pytest.raises(LexiconError, match=r"organizations\.tsv:3: 'UN' already names"):
        tables.load_organizations(single_file(path), LEX.countries)


def test_lexicon_missing_file_is_a_lexicon_error(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="cannot read"):
        single_file(tmp_path / "regions.tsv")


def test_lexicon_cameo_country_codes_name_iso_countries() -> None:
    assert LEX.cameo_countries["JAP"] == "JPN"
    assert all(code in LEX.countries for code in LEX.cameo_countries.values())
    assert not set(LEX.cameo_countries) & set(LEX.countries)


@pytest.mark.parametrize(
    ("bad_row", "message"),
    [
        ("FRA\tITA", "FRA is the ISO code of France"),
        ("JAP\tQQQ", "country 'QQQ' is not in countries.tsv"),
        ("ja\tJPN", "'ja' is not an ISO 3166"),
        ("JAP\tJPN\textra", "expected 2 columns"),
    ],
)
def test_lexicon_malformed_cameo_country_codes_name_file_and_line(
    tmp_path: Path, bad_row: str, message: str
) -> None:
    path = _write(tmp_path, "cameo_countries.tsv", "cameo\tcode", "ITL\tITA", bad_row)
    with pytest.raises(LexiconError, match=rf"cameo_countries\.tsv:3: .*{message}"):
        tables.load_cameo_countries(single_file(path), LEX.countries)
