"""Exports of a real store built by the pipeline: GDELT 2.0 TSV read back by DuckDB with the
declared types, PLOVER JSON lines, Parquet and CSV of the tables or of the filtered events."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pycountry
import pytest
from typer.testing import CliRunner

from tidings import store
from tidings.cli import app
from tidings.errors import UsageError
from tidings.export.gdelt import actor_parts, codebook, duckdb_columns, fips_countries, gdelt_row
from tidings.export.run import export
from tidings.query.filters import EventFilter, count_events, event_filter
from tidings.store.snapshot import publish

runner = CliRunner()

# The GDELT 2.0 Event Codebook's columns, in order, written out here as the test's own truth.
GDELT_COLUMNS = [
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(
        f"{actor}{part}"
        for actor in ("Actor1", "Actor2")
        for part in (
            "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
            "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
        )
    ),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(
        f"{geo}_{part}"
        for geo in ("Actor1Geo", "Actor2Geo", "ActionGeo")
        for part in (
            "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
        )
    ),
    "DATEADDED", "SOURCEURL",
]  # fmt: skip


@pytest.fixture
def con(demo_store: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(demo_store), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def gdelt(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> dict[str, dict[str, Any]]:
    """The demo store's GDELT export read back by DuckDB with the declared column types, by
    the event's "article_id/id" (found through its GlobalEventID)."""
    path = tmp_path / "events.tsv"
    export(con, "gdelt", EventFilter(), path)
    reader = duckdb.connect()
    cursor = reader.execute(
        "SELECT * FROM read_csv(?, delim = '\t', header = true, quote = '', escape = '', "
        "columns = ?)",
        [str(path), duckdb_columns()],
    )
    names = [d[0] for d in cursor.description or ()]
    assert names == GDELT_COLUMNS
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    ids = {
        gdelt_row({"article_id": a, "id": e})["GlobalEventID"]: f"{a}/{e}"
        for a, e in con.execute("SELECT article_id, id FROM countable_events").fetchall()
    }
    return {ids[row["GlobalEventID"]]: row for row in rows}


def _event(con: duckdb.DuckDBPyConnection, where: str) -> dict[str, Any]:
    cursor = con.execute(f"SELECT * FROM countable_events WHERE {where} ORDER BY article_id, id")
    names = [d[0] for d in cursor.description or ()]
    return dict(zip(names, cursor.fetchall()[0], strict=True))


def test_export_gdelt_codebook_is_the_61_columns_in_order() -> None:
    assert [column.name for column in codebook()] == GDELT_COLUMNS
    assert len(GDELT_COLUMNS) == 61
    assert {column.type for column in codebook()} <= {"BIGINT", "INTEGER", "DOUBLE", "VARCHAR"}


def test_export_gdelt_reads_back_typed_with_leading_zeros(
    con: duckdb.DuckDBPyConnection, gdelt: dict[str, dict[str, Any]]
) -> None:
    assert len(gdelt) == count_events(con, EventFilter())
    baltic = _event(con, "cameo = '0234' AND source_code = 'LVAMIL'")
    row = gdelt[f"{baltic['article_id']}/{baltic['id']}"]
    assert row["EventCode"] == "0234" and row["EventBaseCode"] == "023"
    assert row["EventRootCode"] == "02"
    assert (row["Day"], row["MonthYear"], row["Year"]) == (20150728, 201507, 2015)
    assert row["FractionDate"] == pytest.approx(2015 + (7 * 30 + 28) / 365, abs=1e-4)
    assert row["IsRootEvent"] == 1 and baltic["paragraph"] == 0
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "LVAMIL",
        "LVA",
        "MIL",
    )
    assert (row["Actor2Code"], row["Actor2KnownGroupCode"], row["Actor2Type1Code"]) == (
        "IGOWSTNAT",
        "NAT",
        "IGO",
    )
    assert row["QuadClass"] == baltic["quad_class"]
    assert row["GoldsteinScale"] == baltic["goldstein"]
    assert row["AvgTone"] is None and row["Actor1Geo_Type"] is None
    added = con.execute(
        "SELECT added_at, source FROM articles WHERE id = ?", [baltic["article_id"]]
    ).fetchall()[0]
    assert row["DATEADDED"] == int(added[0].strftime("%Y%m%d%H%M%S"))
    assert row["SOURCEURL"] == added[1]


def test_export_gdelt_root_event_and_counts_come_from_the_store(
    con: duckdb.DuckDBPyConnection, gdelt: dict[str, dict[str, Any]]
) -> None:
    later = _event(con, "paragraph > 0")
    assert gdelt[f"{later['article_id']}/{later['id']}"]["IsRootEvent"] == 0
    merged = _event(con, "mentions > 1")
    row = gdelt[f"{merged['article_id']}/{merged['id']}"]
    assert (row["NumMentions"], row["NumArticles"]) == (merged["mentions"], merged["articles"])
    assert row["NumMentions"] >= 2 and row["NumSources"] == 1


def test_export_gdelt_geography_uses_fips_and_geo_types(
    con: duckdb.DuckDBPyConnection, gdelt: dict[str, dict[str, Any]]
) -> None:
    placed = _event(con, "place_precision = 'country' AND place_country = 'TCD'")
    row = gdelt[f"{placed['article_id']}/{placed['id']}"]
    assert row["ActionGeo_Type"] == 1
    assert row["ActionGeo_CountryCode"] == row["ActionGeo_ADM1Code"] == "CD"
    assert (row["ActionGeo_Lat"], row["ActionGeo_Long"]) == (
        placed["place_lat"],
        placed["place_lon"],
    )
    city = _event(con, "place_precision = 'city'")
    row = gdelt[f"{city['article_id']}/{city['id']}"]
    assert row["ActionGeo_Type"] == (3 if city["place_country"] == "USA" else 4)
    assert row["ActionGeo_FullName"].startswith(city["place_name"] + ", ")


def test_export_gdelt_ids_are_stable_and_unique(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    export(con, "gdelt", EventFilter(), first)
    export(con, "gdelt", EventFilter(), second)
    assert first.read_bytes() == second.read_bytes()
    ids = [line.split("\t")[0] for line in first.read_text().splitlines()[1:]]
    assert len(ids) == len(set(ids)) and all(0 < int(i) < 2**63 for i in ids)


@pytest.mark.parametrize(
    ("code", "country", "expected"),
    [
        ("RUSGOV", "RUS", ("RUS", "", "GOV", "")),
        ("IGOUNOREF", None, ("", "UNO", "IGO", "REF")),
        ("NGOAMN", None, ("", "AMN", "NGO", "")),
        ("USA", "USA", ("USA", "", "", "")),
        (None, None, ("", "", "", "")),
    ],
)
def test_export_gdelt_actor_code_parts(
    code: str | None, country: str | None, expected: tuple[str, ...]
) -> None:
    parts = actor_parts(code, country)
    got = (parts["CountryCode"], parts["KnownGroupCode"], parts["Type1Code"], parts["Type2Code"])
    assert got == expected


def test_export_fips_table_covers_iso_3166() -> None:
    table = fips_countries()
    missing = {c.alpha_3 for c in pycountry.countries} - set(table)
    assert missing == {"ALA", "BES", "UMI"}  # the territories FIPS 10-4 gives no code
    codes = [country.fips for country in table.values()]
    assert len(codes) == len(set(codes)) and all(len(code) == 2 for code in codes)
    assert (table["DEU"].fips, table["GBR"].fips, table["RUS"].fips) == ("GM", "UK", "RS")


def test_export_plover_lines_carry_the_spec_fields(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    path = tmp_path / "events.jsonl"
    export(con, "plover", event_filter(cameo="0234"), path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == count_events(con, event_filter(cameo="0234")) > 0
    fields = {"id", "date", "enddate", "actor", "recipient", "event", "mode", "context"}
    fields |= {"event_loc", "event_text", "text_info", "cite_info", "modality"}
    for record in records:
        assert fields <= set(record)
        assert isinstance(record["context"], list) and record["event"] == "REQUEST"
        assert record["modality"] in ("asserted", "reported")
    baltic = next(r for r in records if r["actor"] and r["actor"][0]["cameo_code"] == "LVAMIL")
    assert (baltic["actor"][0]["code"], baltic["actor"][0]["sector"]) == ("LVA", "MIL")
    assert baltic["recipient"][0]["code"] == "IGO" and baltic["date"] == "2015-07-28"
    text = con.execute(
        "SELECT text FROM articles WHERE id = ?", [baltic["cite_info"]["citation"]]
    ).fetchall()[0][0]
    info = baltic["text_info"]
    assert text[info["start"] : info["end"]] == baltic["text"]
    assert text[info["trigger_start"] : info["trigger_end"]] == baltic["event_text"][0]
    placed = next(
        json.loads(line)
        for line in _plover(con, tmp_path, event_filter(country="TCD"))
        if json.loads(line)["event_loc"]
    )
    assert placed["event_loc"]["resolution"] in ("country", "region", "city", "point")
    assert placed["event_loc"]["cc3"] == "TCD" and placed["event_loc"]["fips"] == "CD"


def _plover(con: duckdb.DuckDBPyConnection, tmp_path: Path, flt: EventFilter) -> list[str]:
    path = tmp_path / "filtered.jsonl"
    export(con, "plover", flt, path)
    return path.read_text(encoding="utf-8").splitlines()


def test_export_parquet_of_every_table_keeps_types(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    written = export(con, "parquet", EventFilter(), tmp_path / "tables")
    names = {item.name for item in written}
    assert {"articles", "events", "quotes", "countable_events", "story_events"} <= names
    reader = duckdb.connect()
    for table in ("events", "articles", "countable_events"):
        path = str(tmp_path / "tables" / f"{table}.parquet")
        stored = con.execute(f"DESCRIBE {table}").fetchall()
        read = reader.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
        assert [(r[0], r[1]) for r in read] == [(r[0], r[1]) for r in stored]
        rows = reader.execute("SELECT count(*) FROM read_parquet(?)", [path]).fetchall()
        assert rows == con.execute(f"SELECT count(*) FROM {table}").fetchall()
    events = reader.execute(
        "SELECT cameo, date_start FROM read_parquet(?) WHERE cameo = '0234' LIMIT 1",
        [str(tmp_path / "tables" / "events.parquet")],
    ).fetchall()
    assert events and events[0][0] == "0234" and events[0][1].year == 2015


def test_export_csv_of_the_filtered_events(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    flt = event_filter(plover=["ASSAULT"])
    path = tmp_path / "assaults.csv"
    (written,) = export(con, "csv", flt, path)
    assert written.rows == count_events(con, flt) > 0
    rows = duckdb.connect().execute("SELECT plover, cameo FROM read_csv(?)", [str(path)])
    assert {plover for plover, _ in rows.fetchall()} == {"ASSAULT"}


def test_export_cli_filters_go_through_the_query_code(demo_store: Path, tmp_path: Path) -> None:
    path = tmp_path / "appeals.tsv"
    result = runner.invoke(
        app, ["export", "--db", str(demo_store), "-f", "gdelt", "--cameo", "02", "-o", str(path)]
    )
    assert result.exit_code == 0, result.output
    lines = path.read_text().splitlines()
    query = runner.invoke(app, ["query", "--db", str(demo_store), "--cameo", "02", "-f", "jsonl"])
    assert len(lines) - 1 == len(query.stdout.splitlines()) > 0
    assert f"{len(lines) - 1} rows of countable_events" in result.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-f", "xml", "-o", "out"], "--format 'xml'"),
        (["-f", "parquet", "-o", "-"], "written to files"),
        (["-f", "gdelt", "-o", "out", "--since", "soon"], "is not a date"),
    ],
)
def test_export_cli_mistakes_exit_2(
    demo_store: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    result = runner.invoke(app, ["export", "--db", str(demo_store), *options])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "out").exists()


def test_export_to_a_directory_where_a_file_is_wanted_is_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    with pytest.raises(UsageError, match="is a directory"):
        export(con, "gdelt", EventFilter(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_export_reads_the_newest_generation_while_a_run_holds_the_store(
    demo_store: Path, tmp_path: Path
) -> None:
    """A process holding the store read-write (as a run does) does not stop an export: it
    reads the newest published generation, and says so."""
    db = tmp_path / "held.duckdb"
    shutil.copy(demo_store, db)
    con = store.connect(db)
    publish(con, db)
    con.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True); "
            "sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "held"
        path = tmp_path / "appeals.tsv"
        result = runner.invoke(
            app, ["export", "--db", str(db), "-f", "gdelt", "--cameo", "0234", "-o", str(path)]
        )
    finally:
        holder.communicate("", timeout=30)
    assert result.exit_code == 0, result.output
    assert "held by a run; reading its generation" in result.output
    codes = [line.split("\t")[26] for line in path.read_text().splitlines()[1:]]
    assert codes and set(codes) == {"0234"}
