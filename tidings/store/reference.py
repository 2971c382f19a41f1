"""What each table and column of the store means: the README's store reference is rendered from
here (`reference_markdown`), and a test checks that every column of a migrated store is described
here and nothing else is, so the reference cannot drift from the schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import duckdb

# Columns that mean the same in every table that has them.
COMMON: Final[dict[str, str]] = {
    "article_id": "the article's id (`articles.id`)",
    "idx": "the item's place in the article's list, from 0",
    "span_start": "where the item starts in `articles.text` (code points, from 0)",
    "span_end": "where it ends (exclusive)",
    "text": "the words as written in the article",
    "sentence": "the number of the sentence it is in, from 0",
}
_ACTOR: Final[dict[str, str]] = {
    "text": "the actor's words in the article (NULL: the text gives no actor)",
    "code": "its CAMEO actor code, country + role (`LTUMIL`), or NULL when uncoded",
    "country": "its ISO 3166 alpha-3 country, or NULL",
    "sector": "its role code (GOV, MIL, REB, ...), or NULL",
    "name": "the person or organisation it is, when named, or NULL",
    "span_start": "where its words start in the text",
    "span_end": "where they end",
}
_EVENT: Final[dict[str, str]] = {
    "id": "the event's id within the article",
    "cameo": "the CAMEO event code (`0234`)",
    "cameo_label": "the code's label",
    "plover": "the PLOVER event type (`REQUEST`)",
    "plover_mode": "the PLOVER mode",
    "plover_context": "the PLOVER context",
    "quad_class": "the quad class (1 verbal cooperation ... 4 material conflict)",
    "goldstein": "the Goldstein score of the code (-10 to +10)",
    "modality": "asserted, reported (countable), negated, hypothetical or future (not counted)",
    "date_text": (
        "the time expression that dates it ('' when dated by the story or the sentence before)"
    ),
    "date_value": "the date at its precision, as ISO text (`2015-03`, `2015-03-02`)",
    "date_start": "the first day of the event's period (a DATE: `2015-03-01` for March 2015)",
    "date_end": "the last day of a range (a DATE), or NULL",
    "date_precision": "day, month or year",
    "date_source": (
        "clause, sentence, narrative (the day the sentence before names), dateline or "
        "publication: where the date came from"
    ),
    "date_span_start": "where the time expression starts in the text",
    "date_span_end": "where it ends",
    "place_text": "the place's words, or NULL when the text gives no place (never an actor's home)",
    "place_name": "the gazetteer's name for it",
    "place_country": "its country (alpha-3), or NULL",
    "place_lat": "latitude",
    "place_lon": "longitude",
    "place_precision": "country, region, city or point",
    "place_source": "clause, venue, sentence, narrative (where the sentence before says its "
    "main clause happened; across a paragraph, only the same actor's act), retold (where "
    "another telling of the same happening in the article places it: same code, day and "
    "actors) or occasion (where the happening it was part of took place: 'during the "
    "arrest'): where the place came from",
    "place_span_start": "where the place's words start",
    "place_span_end": "where they end",
    "span_start": "where the event's clause starts",
    "span_end": "where it ends",
    "trigger_text": "the verb or event noun that triggered it",
    "trigger_start": "where the trigger starts",
    "trigger_end": "where it ends",
    "quantities": "JSON list of the quantities attached to the event",
    "pattern": "the event pattern (from `lexicons/data/events/`) that coded it",
    "paragraph": "the paragraph its sentence is in, from 0 (the lead: GDELT's root event)",
    **{
        f"{side}_{column}": f"{side}: {meaning}"
        for side in ("source", "target")
        for column, meaning in _ACTOR.items()
    },
}
_STORY: Final[dict[str, str]] = {
    "event_key": "the merged event's id: one per distinct event of a story cluster",
    "cluster_id": "the story cluster (the id of its first article)",
    "mentions": "how many mentions the merged event has",
    "articles": "in how many articles",
    "date_first": "the earliest date a mention gives",
    "date_last": "the latest",
}

# table: (what one row is, its own columns; the rest are in COMMON)
TABLES: Final[dict[str, tuple[str, dict[str, str]]]] = {
    "articles": (
        "one row per distinct article (its key is the content hash of its cleaned text)",
        {
            "id": "the article's id",
            "external_id": "the id the input gave it (a JSONL `id`), '' if none; not a key",
            "coded_with": "what coded it: tidings version, spaCy model, lexicon fingerprint",
            "added_at": "when it was added to the store (UTC; NULL if before tidings kept it)",
            "content_hash": "hash of the cleaned text",
            "url": "where it was published, '' if unknown",
            "title": "title",
            "standfirst": "standfirst",
            "byline": "byline",
            "dateline": "the dateline (`KABUL, March 3 (Reuters) -`)",
            "published": "the publication date every relative date is resolved against (the "
            "dateline's day when the page gives none)",
            "dateline_date": "the day the wire dateline gives (`KYIV, March 3 (AP) -`), or NULL",
            "outlet": "the outlet",
            "language": "ISO 639-1 language",
            "source": "the first input it was read from (path or URL, with the record)",
            "source_record": "the record inside that input (a JSONL line, a WARC offset)",
            "text": "the cleaned body text every span points into",
            "home_country": "the country the article is set in, or NULL",
            "home_reason": "why (capital, dateline, dominance), or NULL",
        },
    ),
    "sentences": (
        "one row per sentence",
        {"scene": "the sentence's own scene country ('' none; NULL past the last)"},
    ),
    "events": (
        "one row per event an article reports (see `story_events` for merged events)",
        _EVENT,
    ),
    "quotes": (
        "one row per quote",
        {
            "kind": "direct, indirect or partial",
            "speaker_name": "who said it",
            "speaker_code": "the speaker's CAMEO actor code, or NULL",
            "speaker_role": "the speaker's role, or NULL",
            "verb": "the speech verb",
        },
    ),
    "quantities": (
        "one row per number with what it counts",
        {
            "value": "the value",
            "min": "the lower bound of a range",
            "max": "the upper bound",
            "approximate": "'about', 'some', 'more than'",
            "unit": "the unit (troops, dollars)",
            "object": "what is counted",
        },
    ),
    "dates": (
        "one row per time expression, resolved against `articles.published`",
        {
            "value": "the resolved value (`2015-03-02`, `P3M`)",
            "end": "the end of a range",
            "granularity": "day, month, year, range or duration",
            "source": "clause or sentence",
        },
    ),
    "places": (
        "one row per place named",
        {
            "name": "the gazetteer's name",
            "country": "its country (alpha-3), or NULL",
            "lat": "latitude",
            "lon": "longitude",
            "kind": "country, city, region or other",
            "source": "how it was found",
        },
    ),
    "people": (
        "one row per person named",
        {
            "name": "the full name",
            "role": "the role the article gives, or NULL",
            "code": "the CAMEO actor code of that role, or NULL",
            "country": "the country they serve, or NULL",
            "spans": "JSON list of mention spans",
        },
    ),
    "organizations": (
        "one row per organisation named",
        {
            "name": "its name",
            "code": "its CAMEO actor code, or NULL",
            "spans": "JSON list of mention spans",
            "aliases": "JSON list of other names used",
        },
    ),
    "mentions": ("one row per entity mention (spaCy's entities)", {"label": "the entity label"}),
    "problems": (
        "one row per problem a component had with the article (the rest of it is kept)",
        {
            "component": "the component",
            "severity": "error or warning",
            "message": "what went wrong",
        },
    ),
    "article_signatures": (
        "the MinHash fingerprint of each article, for near-duplicate clustering",
        {"scheme": "the fingerprint scheme", "signature": "the fingerprint"},
    ),
    "article_clusters": ("the story cluster of each article", {"cluster_id": _STORY["cluster_id"]}),
    "event_mentions": (
        "one row per article event, linked to its merged event",
        {
            "event_key": _STORY["event_key"],
            "cluster_id": _STORY["cluster_id"],
            "event_id": "the event's id within the article (`events.id`)",
        },
    ),
    "story_events": (
        "a view: each merged event once, with its first mention's columns and its counts",
        {**_EVENT, **_STORY},
    ),
    "countable_events": (
        "a view: the events that are counted, one row per real-world event (a merged story "
        "event some mention asserts or reports); negated, hypothetical and future events are "
        "not in it",
        {
            **_EVENT,
            **_STORY,
            "modality": "asserted when any mention asserts the event, else reported",
            "countable_mentions": "how many of its mentions assert or report it",
        },
    ),
    "sources": (
        "one row per input read",
        {
            "location": "the path or URL",
            "record": "the record in it ('' for a whole file)",
            "external_id": "the id this input gave the article, '' if none",
            "status": "article, duplicate (already stored) or failure",
        },
    ),
    "failures": (
        "one row per input that could not be processed",
        {
            "location": "the path or URL",
            "record": "the record in it",
            "stage": "where it failed (ingest, clean, ...)",
            "error": "why",
        },
    ),
    "runs": (
        "a log of the runs (not data: a rerun adds a row)",
        {
            "id": "the run's number",
            "started_at": "UTC start",
            "finished_at": "UTC end",
            "inputs": "the paths given",
            "articles": "new articles stored",
            "skipped": "inputs already stored",
            "failures": "inputs that failed",
            "tidings_version": "tidings' version",
            "spacy_model": "the spaCy model",
            "spacy_model_version": "its version",
            "spacy_version": "spaCy's version",
            "lexicon_fingerprint": "the fingerprint of the lexicons in use",
        },
    ),
    "migrations": (
        "the named schema migrations applied",
        {"name": "the migration", "applied_at": "when (UTC)"},
    ),
}


def describe(table: str, column: str) -> str:
    """What a column means ('' when the reference does not say)."""
    own = TABLES.get(table, ("", {}))[1]
    return own.get(column) or COMMON.get(column, "")


def reference_markdown(columns: dict[str, list[str]]) -> str:
    """The README's store reference for the tables and columns of a migrated store, in order."""
    parts = []
    for table, (what, _) in TABLES.items():
        described = "; ".join(f"`{c}` {describe(table, c)}" for c in columns.get(table, []))
        parts.append(f"- **`{table}`**: {what}. {described}.")
    return "\n".join(parts)


def store_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The tables and views of a store with their columns, in schema order."""
    columns: dict[str, list[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "ORDER BY table_name, ordinal_position"
    ).fetchall():
        columns.setdefault(str(table), []).append(str(column))
    return columns
