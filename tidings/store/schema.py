"""The store's schema as named, ordered migrations; each runs once, in its own transaction."""

from __future__ import annotations

from typing import Final

from tidings.clean.paragraphs import BREAK_SQL
from tidings.models import COUNTABLE, LIST_FIELDS

_ACTOR = (
    "{p}_text VARCHAR, {p}_code VARCHAR, {p}_country VARCHAR, {p}_sector VARCHAR, {p}_name VARCHAR"
)

_YEAR, _TWO = r"\d{4}", r"\d{2}"
# The countable modalities as an SQL list: ('asserted', 'reported').
_COUNTABLE = "(" + ", ".join(f"'{m}'" for m in sorted(COUNTABLE)) + ")"

# Each merged event once, with its first mention's columns: (re)made whenever `events` changes
# its columns, as a view keeps the columns it had when it was made.
_STORY_EVENTS = """CREATE OR REPLACE VIEW story_events AS
        SELECT * EXCLUDE (mention_rank) FROM (
            SELECT m.event_key, m.cluster_id,
                count(*) OVER story AS mentions,
                count(DISTINCT m.article_id) OVER story AS articles,
                min(e.date_value) OVER story AS date_first,
                max(e.date_value) OVER story AS date_last,
                row_number() OVER (story ORDER BY a.published NULLS LAST, m.article_id,
                                   m.sentence, m.span_start, m.event_id) AS mention_rank,
                e.*
            FROM event_mentions m
            JOIN events e ON e.article_id = m.article_id AND e.id = m.event_id
            JOIN articles a ON a.id = m.article_id
            WINDOW story AS (PARTITION BY m.event_key))
        WHERE mention_rank = 1;
"""

# The events that are counted, over story_events: (re)made with it, as a view keeps the columns
# its sources had when it was made.
_COUNTABLE_EVENTS = f"""CREATE OR REPLACE VIEW countable_events AS
        SELECT s.* REPLACE (c.modality AS modality), c.countable_mentions
        FROM story_events s
        JOIN (
            SELECT m.event_key,
                CASE WHEN bool_or(e.modality = 'asserted') THEN 'asserted' ELSE 'reported' END
                    AS modality,
                count(*) FILTER (WHERE e.modality IN {_COUNTABLE}) AS countable_mentions
            FROM event_mentions m
            JOIN events e ON e.article_id = m.article_id AND e.id = m.event_id
            GROUP BY m.event_key
            HAVING bool_or(e.modality IN {_COUNTABLE})
        ) c ON c.event_key = s.event_key;
"""

MIGRATIONS: Final[tuple[tuple[str, str], ...]] = (
    (
        "0001_articles_and_records",
        f"""
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, content_hash VARCHAR NOT NULL, url VARCHAR, title VARCHAR,
            standfirst VARCHAR, byline VARCHAR, dateline VARCHAR, published DATE,
            outlet VARCHAR, language VARCHAR, source VARCHAR, text VARCHAR NOT NULL);
        CREATE TABLE sentences (
            article_id VARCHAR, idx INTEGER, span_start INTEGER, span_end INTEGER, text VARCHAR,
            PRIMARY KEY (article_id, idx));
        CREATE TABLE events (
            article_id VARCHAR, id VARCHAR, cameo VARCHAR, cameo_label VARCHAR, plover VARCHAR,
            plover_mode VARCHAR, plover_context VARCHAR, quad_class INTEGER, goldstein DOUBLE,
            {_ACTOR.format(p="source")}, {_ACTOR.format(p="target")},
            modality VARCHAR, date_text VARCHAR, date_value VARCHAR, date_end VARCHAR,
            date_granularity VARCHAR, date_source VARCHAR, place_text VARCHAR,
            place_name VARCHAR, place_country VARCHAR, place_lat DOUBLE, place_lon DOUBLE,
            place_source VARCHAR, sentence INTEGER, span_start INTEGER, span_end INTEGER,
            trigger_text VARCHAR, trigger_start INTEGER, trigger_end INTEGER,
            quantities JSON, pattern VARCHAR, PRIMARY KEY (article_id, id));
        CREATE TABLE quotes (
            article_id VARCHAR, idx INTEGER, text VARCHAR, kind VARCHAR, speaker_name VARCHAR,
            speaker_code VARCHAR, speaker_role VARCHAR, verb VARCHAR,
            span_start INTEGER, span_end INTEGER, PRIMARY KEY (article_id, idx));
        CREATE TABLE quantities (
            article_id VARCHAR, idx INTEGER, text VARCHAR, value DOUBLE, min DOUBLE, max DOUBLE,
            approximate BOOLEAN, unit VARCHAR, object VARCHAR,
            span_start INTEGER, span_end INTEGER, PRIMARY KEY (article_id, idx));
        CREATE TABLE dates (
            article_id VARCHAR, idx INTEGER, text VARCHAR, value VARCHAR, "end" VARCHAR,
            granularity VARCHAR, span_start INTEGER, span_end INTEGER,
            PRIMARY KEY (article_id, idx));
        CREATE TABLE places (
            article_id VARCHAR, idx INTEGER, text VARCHAR, name VARCHAR, country VARCHAR,
            lat DOUBLE, lon DOUBLE, kind VARCHAR, span_start INTEGER, span_end INTEGER,
            PRIMARY KEY (article_id, idx));
        CREATE TABLE people (
            article_id VARCHAR, idx INTEGER, name VARCHAR, role VARCHAR, code VARCHAR,
            country VARCHAR, spans JSON, PRIMARY KEY (article_id, idx));
        CREATE TABLE organizations (
            article_id VARCHAR, idx INTEGER, name VARCHAR, code VARCHAR, spans JSON,
            PRIMARY KEY (article_id, idx));
        """,
    ),
    (
        "0002_sources_failures_runs",
        """
        CREATE TABLE sources (
            location VARCHAR, record VARCHAR, article_id VARCHAR, status VARCHAR NOT NULL,
            PRIMARY KEY (location, record));
        CREATE TABLE failures (
            location VARCHAR, record VARCHAR, stage VARCHAR, error VARCHAR,
            PRIMARY KEY (location, record));
        CREATE SEQUENCE runs_id START 1;
        CREATE TABLE runs (
            id INTEGER DEFAULT nextval('runs_id') PRIMARY KEY, started_at TIMESTAMP,
            finished_at TIMESTAMP, inputs VARCHAR, articles INTEGER, skipped INTEGER,
            failures INTEGER, tidings_version VARCHAR);
        """,
    ),
    (
        "0003_story_clusters",
        f"""
        CREATE TABLE article_signatures (
            article_id VARCHAR PRIMARY KEY, scheme VARCHAR NOT NULL, signature BLOB);
        CREATE TABLE article_clusters (
            article_id VARCHAR PRIMARY KEY, cluster_id VARCHAR NOT NULL);
        CREATE TABLE event_mentions (
            event_key VARCHAR NOT NULL, cluster_id VARCHAR NOT NULL, article_id VARCHAR,
            event_id VARCHAR, sentence INTEGER, span_start INTEGER, span_end INTEGER,
            PRIMARY KEY (article_id, event_id));
        {_STORY_EVENTS}
        """,
    ),
    (
        # Everything a record holds, so that a stored record reads back whole: the spans and
        # kinds of an event's actors, date and place, the events' order, the source of dates
        # and places, organisations' aliases, the entity mentions, the article's setting (home
        # country and reason on `articles`, each sentence's scene on `sentences`), the problems
        # components had with it; and, on `runs`, what coded the run.
        "0004_whole_records_setting_problems",
        """
        ALTER TABLE articles ADD COLUMN source_record VARCHAR;
        ALTER TABLE articles ADD COLUMN home_country VARCHAR;
        ALTER TABLE articles ADD COLUMN home_reason VARCHAR;
        ALTER TABLE sentences ADD COLUMN scene VARCHAR;
        ALTER TABLE events ADD COLUMN idx INTEGER;
        ALTER TABLE events ADD COLUMN source_span_start INTEGER;
        ALTER TABLE events ADD COLUMN source_span_end INTEGER;
        ALTER TABLE events ADD COLUMN target_span_start INTEGER;
        ALTER TABLE events ADD COLUMN target_span_end INTEGER;
        ALTER TABLE events ADD COLUMN date_span_start INTEGER;
        ALTER TABLE events ADD COLUMN date_span_end INTEGER;
        ALTER TABLE events ADD COLUMN place_kind VARCHAR;
        ALTER TABLE events ADD COLUMN place_span_start INTEGER;
        ALTER TABLE events ADD COLUMN place_span_end INTEGER;
        ALTER TABLE dates ADD COLUMN source VARCHAR;
        ALTER TABLE places ADD COLUMN source VARCHAR;
        ALTER TABLE organizations ADD COLUMN aliases JSON;
        CREATE TABLE mentions (
            article_id VARCHAR, idx INTEGER, text VARCHAR, label VARCHAR,
            span_start INTEGER, span_end INTEGER, sentence INTEGER,
            PRIMARY KEY (article_id, idx));
        CREATE TABLE problems (
            article_id VARCHAR, idx INTEGER, component VARCHAR, severity VARCHAR,
            message VARCHAR, PRIMARY KEY (article_id, idx));
        ALTER TABLE runs ADD COLUMN spacy_model VARCHAR;
        ALTER TABLE runs ADD COLUMN spacy_model_version VARCHAR;
        ALTER TABLE runs ADD COLUMN spacy_version VARCHAR;
        ALTER TABLE runs ADD COLUMN lexicon_fingerprint VARCHAR;
        """,
    ),
    (
        # The content hash is an article's key; the id its input gave is kept beside it (on
        # the article as first stored, and on every source that read it), so that two inputs
        # reusing an id for different texts are two articles.
        "0005_article_external_ids",
        """
        ALTER TABLE articles ADD COLUMN external_id VARCHAR;
        ALTER TABLE sources ADD COLUMN external_id VARCHAR;
        """,
    ),
    (
        # An event's date is a real date: its first day (`date_start`, DATE) at a precision
        # (day, month, year) and, for a range, its last day (`date_end`, now a DATE); a duration
        # dates no event. An event's place has a precision (country, region, city, point)
        # instead of the place list's kind, and is never an actor's home country: stored events
        # placed that way ("actor") lose that place, as the coder no longer gives it. Articles
        # keep the day their dateline gives. The views over `events` are remade (a store may
        # have had 0007's countable_events before this).
        "0006_event_dates_and_places",
        f"""
        ALTER TABLE events ADD COLUMN date_start DATE;
        ALTER TABLE events ADD COLUMN date_precision VARCHAR;
        UPDATE events SET date_precision = CASE
            WHEN regexp_full_match(date_value, '{_YEAR}') THEN 'year'
            WHEN regexp_full_match(date_value, '{_YEAR}-{_TWO}') THEN 'month'
            WHEN regexp_full_match(date_value, '{_YEAR}-{_TWO}-{_TWO}') THEN 'day' END;
        UPDATE events SET date_start = CASE date_precision
            WHEN 'year' THEN CAST(date_value || '-01-01' AS DATE)
            WHEN 'month' THEN CAST(date_value || '-01' AS DATE)
            WHEN 'day' THEN CAST(date_value AS DATE) END;
        ALTER TABLE events ADD COLUMN date_last DATE;
        UPDATE events SET date_last = CASE
            WHEN regexp_full_match(date_end, '{_YEAR}') THEN CAST(date_end || '-12-31' AS DATE)
            WHEN regexp_full_match(date_end, '{_YEAR}-{_TWO}')
                THEN CAST(CAST(date_end || '-01' AS DATE) + INTERVAL 1 MONTH
                          - INTERVAL 1 DAY AS DATE)
            WHEN regexp_full_match(date_end, '{_YEAR}-{_TWO}-{_TWO}')
                THEN CAST(date_end AS DATE) END;
        ALTER TABLE events DROP COLUMN date_end;
        ALTER TABLE events RENAME COLUMN date_last TO date_end;
        UPDATE events SET date_text = NULL, date_value = NULL, date_end = NULL,
            date_source = NULL, date_span_start = NULL, date_span_end = NULL
            WHERE date_start IS NULL;
        ALTER TABLE events DROP COLUMN date_granularity;
        ALTER TABLE events RENAME COLUMN place_kind TO place_precision;
        UPDATE events SET place_precision = 'point' WHERE place_precision = 'other';
        UPDATE events SET place_text = NULL, place_name = NULL, place_country = NULL,
            place_lat = NULL, place_lon = NULL, place_precision = NULL, place_source = NULL,
            place_span_start = NULL, place_span_end = NULL
            WHERE place_source = 'actor';
        ALTER TABLE articles ADD COLUMN dateline_date DATE;
        {_STORY_EVENTS}
        {_COUNTABLE_EVENTS}
        """,
    ),
    (
        # The events that are counted (DESIGN.md, "Modality decides what is counted"): one row
        # per real-world event (a merged story event), kept when any of its mentions asserts or
        # reports it, and asserted when any mention asserts it. Negated, hypothetical and
        # future events stay in `events` and `story_events`, flagged, and are not counted.
        "0007_countable_view",
        f"""
        {_COUNTABLE_EVENTS}
        """,
    ),
    (
        # What coded each article (tidings version, model, lexicon fingerprint), so that a run
        # can say which stored articles another version coded and `tidings recode` redo them.
        "0008_article_provenance",
        """
        ALTER TABLE articles ADD COLUMN coded_with VARCHAR;
        """,
    ),
    (
        # What exports need (GDELT's DATEADDED and IsRootEvent): when the writer added each
        # article (NULL for articles stored before), and the paragraph each event's sentence is
        # in (0: the lead), counted for stored events from the stored text as the pipeline
        # counts it. The views over `events` are remade to carry the new column.
        "0009_export_fields",
        f"""
        ALTER TABLE articles ADD COLUMN added_at TIMESTAMP;
        ALTER TABLE events ADD COLUMN paragraph INTEGER;
        UPDATE events SET paragraph = counted.paragraph FROM (
            SELECT s.article_id, s.idx,
                len(regexp_extract_all(left(a.text, s.span_start), '{BREAK_SQL}')) AS paragraph
            FROM sentences s JOIN articles a ON a.id = s.article_id
        ) counted
        WHERE events.article_id = counted.article_id AND events.sentence = counted.idx;
        {_STORY_EVENTS}
        {_COUNTABLE_EVENTS}
        """,
    ),
)

# The tables that hold extracted data, keyed by article (a run log is not among them): the
# articles, then one table a record list, named as the list.
ARTICLE_TABLES: Final = ("articles", *LIST_FIELDS)
# Near-duplicate clusters and merged events: derived from the article tables, kept in step.
CLUSTER_TABLES: Final = ("article_signatures", "article_clusters", "event_mentions")
DATA_TABLES: Final = (*ARTICLE_TABLES, *CLUSTER_TABLES, "sources", "failures")
