"""The exceptions tidings raises; every message names the file (and record) at fault."""

from __future__ import annotations


class TidingsError(Exception):
    """Base class of every error tidings raises on purpose."""


class ConfigError(TidingsError):
    """Settings that cannot work (unknown model, bad batch size, ...)."""


class LexiconError(TidingsError):
    """A lexicon file (bundled or in an override directory) that cannot be used; the message
    reads ``path:line: problem`` so that an editor can jump to it."""

    def __init__(self, message: str, path: str = "", line: int = 0) -> None:
        self.path = path
        self.line = line
        self.problem = message
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(f"{where}{message}")


class IngestError(TidingsError):
    """An input that cannot be read as an article."""

    def __init__(self, location: str, reason: str, record: str = "") -> None:
        self.location = location
        self.record = record
        self.reason = reason
        where = f"{location} ({record})" if record else location
        super().__init__(f"{where}: {reason}")

    def __reduce__(self) -> tuple[type[IngestError], tuple[str, str, str]]:
        # Pickled by its fields, not its message, so it can cross to a worker process and back.
        return type(self), (self.location, self.reason, self.record)

    @classmethod
    def from_exception(cls, location: str, exc: BaseException, record: str = "") -> IngestError:
        """The error an unexpected exception of a reader (warcio, feedparser, trafilatura, lxml,
        json, a codec ...) becomes: one line naming the exception, for that file or record."""
        if isinstance(exc, IngestError):
            return exc
        detail = " ".join(str(exc).split())
        if len(detail) > 200:
            detail = detail[:199] + "…"
        reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        return cls(location, f"unreadable: {reason}", record)


class StoreError(TidingsError):
    """The DuckDB store cannot be opened, migrated or written."""


class StoreBusyError(StoreError):
    """The store is held by another process (a run writing it) after waiting for it."""


class PipelineError(TidingsError):
    """A pipeline whose components do not fit together."""


class UsageError(TidingsError):
    """A mistake in how tidings was called (a path that is not there, nothing to read, a store
    path that cannot hold a store, an unknown id): one line, exit code 2, nothing created."""


class RunInterrupted(TidingsError):
    """A run stopped by SIGINT or SIGTERM: the batch in flight was rolled back; `stored` articles
    are in the store, `new` of them from this run, and a rerun resumes."""

    def __init__(self, stored: int, new: int, signal_name: str) -> None:
        self.stored = stored
        self.new = new
        self.signal_name = signal_name
        super().__init__(f"interrupted by {signal_name}")


class NoStoreError(StoreError, UsageError):
    """A store file that is not there (a mistyped --db): a store error, and a usage mistake."""


class AmbiguousIdError(UsageError):
    """An article id (or prefix) that names several articles; `candidates` are their ids."""

    def __init__(self, key: str, candidates: list[str]) -> None:
        self.key = key
        self.candidates = candidates
        super().__init__(
            f"{key!r} names {len(candidates)} articles; give more of the id "
            f"({', '.join(candidates)})"
        )

    def __reduce__(self) -> tuple[type[AmbiguousIdError], tuple[str, list[str]]]:
        return type(self), (self.key, self.candidates)


class SqlRefused(UsageError):
    """SQL that the read-only SQL of `tidings sql` and `/api/sql` does not run: not one read
    statement, or one that DuckDB refuses (a file, an extension, a setting) or cannot run."""


class SqlTimeout(SqlRefused):
    """Read-only SQL that ran longer than its time limit and was interrupted."""
