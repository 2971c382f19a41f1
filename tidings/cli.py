"""The command line: thin Typer commands over the library's functions."""

from __future__ import annotations

import json
import logging
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.text import Text

from tidings import __version__
from tidings.config import Settings, settings_from_env
from tidings.errors import TidingsError, UsageError
from tidings.terminal import line

app = typer.Typer(
    help="tidings: news articles in, explainable political event data out.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    Optional[Path],  # noqa: UP045 - Typer reads the annotation at run time
    typer.Option(
        "--db", help="DuckDB file (default ./tidings.duckdb, or $TIDINGS_DB).", show_default=False
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
ModelOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--model", help="An installed spaCy model to parse with."),
]
StoreMemoryOption = Annotated[
    str,
    typer.Option(
        "--store-memory",
        help="Memory the store's DuckDB connection may use before spilling to disk (e.g. 2GB; "
        "default: DuckDB's, 80% of the machine).",
        show_default=False,
    ),
]
ProcessesOption = Annotated[
    int, typer.Option("--processes", "-p", min=1, help="Worker processes for parsing.")
]
BatchOption = Annotated[int, typer.Option("--batch-size", min=1, help="Articles per batch.")]
LexiconsOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--lexicons",
        help="Lexicon override directory: same-named files replace the bundled ones, "
        "NAME.extra.tsv / NAME.extra.toml extend them (or $TIDINGS_LEXICONS).",
        show_default=False,
    ),
]
PublishEveryOption = Annotated[
    float,
    typer.Option(
        "--publish-every",
        min=0.0,
        help="Publish a snapshot generation of the store for readers (tidings serve) at most "
        "this often during the run, in seconds (0: only at the end, which always publishes).",
    ),
]


def _version(value: bool) -> None:
    if value:
        out.print(f"tidings {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details.")] = False,
) -> None:
    """tidings: news articles in, explainable political event data out."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


def error_line(message: object) -> Text:
    """ "error: ..." with the message printed safely (no markup, no control characters)."""
    return line(("error:", "red"), " ", message)


def settings_for(db: Path | None = None, **overrides: object) -> Settings:
    try:
        return settings_from_env(db_path=db, **overrides)
    except TidingsError as exc:
        err.print(error_line(exc))
        raise typer.Exit(2) from None


def checked_settings(db: Path | None = None, **overrides: object) -> Settings:
    """Settings whose lexicons (bundled plus any override directory) load and check: a bad
    lexicon file is one error line naming file:line and exit code 2, before any article."""
    from tidings.lexicons import load_lexicons

    settings = settings_for(db, **overrides)
    try:
        load_lexicons(settings.lexicons)
    except TidingsError as exc:
        raise fail(exc, 2) from None
    return settings


def fail(exc: Exception, code: int = 1) -> typer.Exit:
    err.print(error_line(exc))
    return typer.Exit(code)


@app.command()
def run(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories, globs, or - for JSONL on stdin.")
    ],
    db: DbOption = None,
    quiet: QuietOption = False,
    model: ModelOption = None,
    processes: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--processes",
            "-p",
            min=1,
            help="Worker processes of the local engine (default: every core this run may use).",
            show_default=False,
        ),
    ] = None,
    batch_size: BatchOption = 32,
    lexicons: LexiconsOption = None,
    write_batch: Annotated[
        int,
        typer.Option(
            "--write-batch", min=1, help="Results per store transaction (a killed run redoes one)."
        ),
    ] = 256,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Process known articles again and replace their records."),
    ] = False,
    engine: Annotated[
        str, typer.Option("--engine", help="local (processes on this machine) or dask.")
    ] = "local",
    scheduler: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--scheduler",
            help="Dask: the address of a running cluster's scheduler (tcp://host:8786); "
            "default: a local cluster on 127.0.0.1.",
            show_default=False,
        ),
    ] = None,
    workers: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--workers",
            min=1,
            help="Dask: worker processes of the local cluster (default: one a core).",
            show_default=False,
        ),
    ] = None,
    shards: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--shards",
            help="Dask: where workers write Parquet shards, a folder or fsspec URL every "
            "worker reaches (default: DB.shards next to the store).",
            show_default=False,
        ),
    ] = None,
    keep_shards: Annotated[
        bool, typer.Option("--keep-shards", help="Dask: keep each shard after storing it.")
    ] = False,
    partition_bytes: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--partition-bytes",
            min=1,
            help="Dask: bytes of input a partition (default: sized to the cluster).",
            show_default=False,
        ),
    ] = None,
    publish_every: PublishEveryOption = 60.0,
    store_memory: StoreMemoryOption = "",
) -> None:
    """Read, process and store articles; show a summary at the end."""
    from tidings.commands.running import do_run
    from tidings.corpus import engine_mistake

    given = {
        "--processes": processes,
        "--scheduler": scheduler,
        "--workers": workers,
        "--shards": shards,
        "--keep-shards": keep_shards or None,
        "--partition-bytes": partition_bytes,
    }
    mistake = engine_mistake(engine, {k for k, v in given.items() if v is not None})
    if mistake:
        raise fail(UsageError(mistake), 2)
    settings = checked_settings(
        db,
        model=model,
        processes=processes,
        batch_size=batch_size,
        write_batch=write_batch,
        lexicons=lexicons,
        engine=engine,
        scheduler=scheduler,
        workers=workers,
        shard_dir=shards,
        keep_shards=keep_shards,
        partition_bytes=partition_bytes,
        publish_every=publish_every,
        store_memory=store_memory,
    )
    code = do_run(paths, settings, out, err, quiet=quiet, replace=replace)
    raise typer.Exit(code)


@app.command()
def load(
    shard_dir: Annotated[
        str, typer.Argument(help="A folder (or fsspec URL) of Parquet shards of a Dask run.")
    ],
    db: DbOption = None,
    keep_shards: Annotated[
        bool, typer.Option("--keep-shards", help="Keep each shard after storing it.")
    ] = False,
    store_memory: StoreMemoryOption = "",
) -> None:
    """Store the finished shards of a Dask run (written elsewhere, or left by a run that
    stopped); a shard of another store schema is refused. Loading one twice changes nothing."""
    from tidings.commands.running import do_load

    settings = checked_settings(db, store_memory=store_memory)
    raise typer.Exit(do_load(shard_dir, settings, out, err, keep_shards))


@app.command()
def recode(
    db: DbOption = None,
    where: Annotated[
        str,
        typer.Option(
            "--where",
            help="Only articles meeting this SQL condition on the articles table "
            "(\"published >= '2015-01-01'\").",
        ),
    ] = "",
    every: Annotated[
        bool, typer.Option("--all", help="Every article, not only those coded by another version.")
    ] = False,
    model: ModelOption = None,
    batch_size: BatchOption = 32,
    lexicons: LexiconsOption = None,
    quiet: QuietOption = False,
    publish_every: PublishEveryOption = 60.0,
    store_memory: StoreMemoryOption = "",
) -> None:
    """Code stored articles again from their stored text (no source is read again): those that
    another tidings version, model or lexicon set coded, or all of them with --all. Resumable."""
    from tidings.commands.running import do_recode

    settings = checked_settings(
        db,
        model=model,
        batch_size=batch_size,
        lexicons=lexicons,
        publish_every=publish_every,
        store_memory=store_memory,
    )
    if not settings.db_path.is_file():
        raise fail(UsageError(f"{settings.db_path}: no such store"), 2)
    raise typer.Exit(do_recode(settings, where, every, out, err, quiet))


@app.command()
def extract(
    paths: Annotated[
        list[str], typer.Argument(help="Files, directories, globs, or - for JSONL on stdin.")
    ],
    model: ModelOption = None,
    processes: ProcessesOption = 1,
    pretty: Annotated[bool, typer.Option("--pretty", help="Indent the JSON.")] = False,
    lexicons: LexiconsOption = None,
) -> None:
    """Print one JSON record per article on stdout (nothing is stored)."""
    from tidings.corpus import extract_records
    from tidings.models import Failure

    settings = checked_settings(model=model, processes=processes, lexicons=lexicons)
    good = 0
    try:
        for result in extract_records(paths, settings, sys.stdin.buffer):
            if isinstance(result, Failure):
                err.print(error_line(f"{result.source}: {result.error}"))
                continue
            good += 1
            sys.stdout.write(
                json.dumps(result.to_dict(), ensure_ascii=False, indent=2 if pretty else None)
            )
            sys.stdout.write("\n")
    except TidingsError as exc:
        raise fail(exc, 2) from None
    raise typer.Exit(0 if good else 1)


@app.command()
def show(
    article_id: Annotated[
        str,
        typer.Argument(
            help="An article id, an id the input gave it (external id), or a unique prefix "
            "of an id; several matches are listed (exit code 2)."
        ),
    ],
    db: DbOption = None,
) -> None:
    """Show an article and everything found in it, sentence by sentence."""
    from tidings.commands import exit_code
    from tidings.commands.reading import do_show

    try:
        code = do_show(settings_for(db), article_id, out, err)
    except TidingsError as exc:
        raise fail(exc, exit_code(exc)) from None
    raise typer.Exit(code)


@app.command()
def stats(db: DbOption = None) -> None:
    """Count what the store holds: articles, records, failures, runs."""
    from tidings.commands import exit_code
    from tidings.commands.reading import do_stats

    try:
        do_stats(settings_for(db), out, err)
    except TidingsError as exc:
        raise fail(exc, exit_code(exc)) from None


@app.command()
def demo(db: DbOption = None, quiet: QuietOption = False, lexicons: LexiconsOption = None) -> None:
    """Process the bundled example corpus into the store and print what was found."""
    from tidings.commands.running import do_demo

    corpus = Path(str(resources.files("tidings") / "demo"))
    settings = checked_settings(db, lexicons=lexicons)
    raise typer.Exit(do_demo(corpus, settings, out, err, quiet=quiet))


DelayOption = Annotated[
    float, typer.Option("--delay", min=0.0, help="Seconds between requests to one host.")
]
DeadlineOption = Annotated[
    float,
    typer.Option(
        "--deadline",
        min=0.1,
        help="Seconds for the whole of one request: connecting, headers and entire body.",
    ),
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes", min=1, help="Largest page or feed read, in bytes (a longer one fails)."
    ),
]
MaxRedirectsOption = Annotated[
    int, typer.Option("--max-redirects", min=0, help="Redirects followed for one URL.")
]
MaxCrawlDelayOption = Annotated[
    float,
    typer.Option(
        "--max-crawl-delay",
        min=0.0,
        help="Longest robots.txt Crawl-delay obeyed, in seconds (a longer one is capped, "
        "with a note).",
    ),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Also fetch from loopback, private, link-local and other non-public addresses "
        "(refused by default, on every redirect too).",
    ),
]
IgnoreRobotsOption = Annotated[
    bool, typer.Option("--ignore-robots", help="Do not obey robots.txt (your own sites only).")
]


@app.command()
def fetch(
    urls: Annotated[list[str], typer.Argument(help="Page or RSS/Atom feed URLs (feeds: items).")],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory to save pages into.")],
    delay: DelayOption = 1.0,
    deadline: DeadlineOption = 30.0,
    max_bytes: MaxBytesOption = 20 * 2**20,
    max_redirects: MaxRedirectsOption = 5,
    max_crawl_delay: MaxCrawlDelayOption = 60.0,
    allow_private: AllowPrivateOption = False,
    ignore_robots: IgnoreRobotsOption = False,
) -> None:
    """Download pages, or the items of feeds, politely into a directory for `tidings run`.

    Each page is saved with a line in DIR/.tidings-fetch.jsonl (its URL, the feed's title, the
    item's date), which `tidings run DIR` reads so that the articles keep their URL and date.
    """
    from tidings.ingest.fetch import FetchOptions
    from tidings.ingest.fetch import fetch as fetch_pages
    from tidings.terminal import count

    if out_dir.exists() and not out_dir.is_dir():
        raise fail(UsageError(f"--out {out_dir} is a file; name a directory to save pages in"), 2)
    options = FetchOptions(
        per_host_delay=delay,
        deadline=deadline,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        max_crawl_delay=max_crawl_delay,
        respect_robots=not ignore_robots,
        allow_private=allow_private,
    )
    try:
        summary = fetch_pages(urls, out_dir, options)
    except OSError as exc:
        raise fail(UsageError(f"--out {out_dir}: {exc.strerror or exc}"), 2) from None
    for notice in summary.notices:
        err.print(line(("note:", "yellow"), " ", notice))
    for failure in summary.failed:
        err.print(error_line(f"{failure.url}: {failure.error}"))
    out.print(
        line(
            f"saved {count(len(summary.saved), 'page')} into ",
            out_dir,
            f" ({len(summary.already)} already there, {count(len(summary.feeds), 'feed')} read, "
            f"{len(summary.failed)} failed)",
        )
    )
    raise typer.Exit(1 if summary.failed and not (summary.saved or summary.already) else 0)


@app.command(name="eval")
def eval_(
    gold: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="Gold sentences (JSONL), or with --key the article to score."),
    ] = None,
    key: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--key", help="Score one article against this key (expected.json)."),
    ] = None,
    errors: Annotated[
        bool, typer.Option("--errors", help="List every miss and false alarm.")
    ] = False,
    all_events: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--all-events",
            help="With --key: every countable event the article reports, judged by hand "
            "(all-events.json); says how many of the extracted countable events are right.",
        ),
    ] = None,
    model: ModelOption = None,
    lexicons: LexiconsOption = None,
) -> None:
    """Score the countable (asserted, reported) events on gold sentences (P/R/F1), or one
    article against its key."""
    from tidings.commands.evaluating import do_eval_gold, do_eval_key

    if gold is None:
        raise fail(UsageError("give a gold JSONL file, or --key KEY ARTICLE"), 2)
    if all_events is not None and key is None:
        raise fail(UsageError("--all-events goes with --key KEY ARTICLE"), 2)
    checked = ((gold, "article" if key else "gold file"), (key, "key file"))
    for path, what in (*checked, (all_events, "events file")):
        if path is not None and not path.is_file():
            reason = "is a directory" if path.is_dir() else "no such file"
            raise fail(UsageError(f"{path}: {reason} (the {what})"), 2)
    settings = checked_settings(model=model, lexicons=lexicons)
    try:
        if key is not None:
            raise typer.Exit(do_eval_key(key, gold, settings, out, errors, all_events))
        raise typer.Exit(do_eval_gold(gold, settings, out, errors))
    except TidingsError as exc:
        raise fail(exc, 2) from None


store_app = typer.Typer(help="The DuckDB store.", no_args_is_help=True)
app.add_typer(store_app, name="store")


@store_app.command("check")
def store_check(db: DbOption = None) -> None:
    """Check that the store is whole: its headers, its schema version, every table read through.
    One line: ok (exit code 0), or what is damaged (exit code 3)."""
    from tidings.commands import exit_code
    from tidings.commands.checking import do_store_check

    try:
        do_store_check(settings_for(db), out)
    except TidingsError as exc:
        raise fail(exc, exit_code(exc)) from None


lexicons_app = typer.Typer(
    help="The lexicons (tables and word lists) and user override directories.",
    no_args_is_help=True,
)
app.add_typer(lexicons_app, name="lexicons")


@lexicons_app.command("check")
def lexicons_check(
    directory: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="An override directory to check over the bundled lexicons."),
    ] = None,
) -> None:
    """Load and check the bundled lexicons (plus an override directory): list the files in use,
    their entries and the fingerprint, or print the one error (exit code 2)."""
    from tidings.commands.checking import do_lexicons_check

    try:
        do_lexicons_check(directory, out)
    except TidingsError as exc:
        raise fail(exc, 2) from None


# The event filters of `query` and `export` (the same names as the HTTP API's parameters).
def _filter(*names: str, help: str) -> Any:
    return typer.Option(*names, help=help, rich_help_panel="Filters")


MaybeText = Optional[str]  # noqa: UP045 - Typer reads the annotation at run time
MaybeTexts = Optional[list[str]]  # noqa: UP045
ActorOption = Annotated[
    MaybeText,
    _filter("--actor", help="Actor code prefix (RUS, RUSGOV) or ISO3 country, either side."),
]
SourceOption = Annotated[MaybeText, _filter("--source", help="Source actor code prefix or ISO3.")]
TargetOption = Annotated[MaybeText, _filter("--target", help="Target actor code prefix or ISO3.")]
CameoOption = Annotated[MaybeText, _filter("--cameo", help="CAMEO code prefix (02, 0234).")]
PloverOption = Annotated[
    MaybeTexts, _filter("--plover", help="PLOVER type (PROTEST); repeatable: any of them.")
]
SinceOption = Annotated[MaybeText, _filter("--since", help="First event day (YYYY-MM-DD).")]
UntilOption = Annotated[MaybeText, _filter("--until", help="Last event day (YYYY-MM-DD).")]
PlaceOption = Annotated[
    MaybeText, _filter("--place", help="Text in the name of the event's place.")
]
CountryOption = Annotated[
    MaybeText, _filter("--country", help="ISO3 country of the event's place.")
]
ModalityOption = Annotated[
    MaybeTexts,
    _filter(
        "--modality",
        help="asserted, reported, negated, hypothetical, future, or all; repeatable. "
        "Default: the countable (asserted and reported) merged events.",
    ),
]
TextOption = Annotated[
    MaybeText, _filter("--q", "--text", help="Text the event's sentence contains.")
]
ArticleOption = Annotated[
    MaybeText, _filter("--article", help="An article id, external id or unique id prefix.")
]


def _filter_names() -> tuple[str, ...]:
    """The filter options: the fields of the one filter type (tidings.query.filters)."""
    from dataclasses import fields

    from tidings.query.filters import EventFilter

    return tuple(field.name for field in fields(EventFilter))


def _filter_options(values: dict[str, Any]) -> dict[str, Any]:
    """The filter options among a command's arguments (its `locals()`), those given only."""
    return {name: values[name] for name in _filter_names() if values.get(name)}


@app.command()
def query(
    actor: ActorOption = None,
    source: SourceOption = None,
    target: TargetOption = None,
    cameo: CameoOption = None,
    plover: PloverOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    place: PlaceOption = None,
    country: CountryOption = None,
    modality: ModalityOption = None,
    q: TextOption = None,
    article: ArticleOption = None,
    sort: Annotated[str, typer.Option("--sort", help="Column to sort by.")] = "date_start",
    desc: Annotated[bool, typer.Option("--desc", help="Sort in descending order.")] = False,
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--limit", min=0, help="At most this many events (default: all)."),
    ] = None,
    output: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
    db: DbOption = None,
) -> None:
    """List the events that match the filters: the countable merged events unless --modality
    is given; a table, JSON lines or CSV (every column)."""
    from tidings.commands.reading import do_query

    options = _filter_options(locals())
    raise typer.Exit(do_query(settings_for(db), options, sort, desc, limit, output, out, err))


@app.command()
def sql(
    statement: Annotated[
        str, typer.Argument(help='One SELECT statement ("SELECT ... FROM events").')
    ],
    output: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many rows.")] = 100_000,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.1, help="Seconds before the query is stopped.")
    ] = 60.0,
    db: DbOption = None,
) -> None:
    """Run one read-only SELECT on the store: no writes, no files, no extensions."""
    from tidings.commands.reading import do_sql

    raise typer.Exit(do_sql(settings_for(db), statement, output, limit, timeout, out, err))


@app.command()
def export(
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="gdelt, plover, parquet or csv.")
    ],
    path: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="gdelt/plover: the file (- for stdout); parquet/csv: a directory (one file "
            "per table), or the file of the filtered events.",
        ),
    ],
    actor: ActorOption = None,
    source: SourceOption = None,
    target: TargetOption = None,
    cameo: CameoOption = None,
    plover: PloverOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    place: PlaceOption = None,
    country: CountryOption = None,
    modality: ModalityOption = None,
    q: TextOption = None,
    article: ArticleOption = None,
    events_only: Annotated[
        bool,
        typer.Option("--events-only", help="parquet/csv: only the (filtered) events, one file."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Export events for other tools: GDELT 2.0 event TSV, PLOVER JSON lines, or Parquet / CSV
    of every table (or of the filtered events)."""
    from tidings.commands.reading import do_export

    options = _filter_options(locals())
    code = do_export(settings_for(db), output_format, options, path, events_only, err)
    raise typer.Exit(code)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (beyond loopback: --token).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: a free one).")
    ] = 8000,
    token: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--token",
            help="Bearer token every request must carry (Authorization: Bearer TOKEN, or "
            "?token= once in a browser); or $TIDINGS_TOKEN.",
            envvar="TIDINGS_TOKEN",
            show_default=False,
        ),
    ] = None,
    no_auth: Annotated[
        bool,
        typer.Option(
            "--no-auth", help="Listen beyond loopback without a token (trusted networks)."
        ),
    ] = False,
) -> None:
    """Serve the read-only HTTP API and the dashboard over the newest snapshot generation of
    the store (never the live file: runs keep writing it); Ctrl-C stops it."""
    from tidings.commands.serving import do_serve

    raise typer.Exit(do_serve(settings_for(db), host, port, token, no_auth, out, err))
