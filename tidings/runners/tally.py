"""What an engine reports back: the counts of what it stored, some failures to show, and how
many processes or workers did the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tidings.models import Failure, SourceRef
from tidings.store.batch import FAILURES, Batch
from tidings.store.writer import WriteCounts

# Failures a run summary shows by name (the store holds them all).
MAX_EXAMPLES = 20
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class EngineResult:
    counts: WriteCounts
    examples: tuple[Failure, ...]
    workers: int


@dataclass
class Tally:
    counts: WriteCounts = field(default_factory=WriteCounts)
    examples: list[Failure] = field(default_factory=list)
    # Called after each stored batch (a run publishes a snapshot for readers when it is due).
    after: Callable[[], object] | None = None

    def add(
        self, counts: WriteCounts, progress: Progress | None, batch: Batch | None = None
    ) -> None:
        """Count a stored batch (and keep its first failures to show); advance the progress
        by the inputs it accounted for."""
        self.counts += counts
        if self.after:
            self.after()
        table = batch.table(FAILURES) if batch is not None else None
        if table is not None and len(self.examples) < MAX_EXAMPLES:
            for row in table.slice(0, MAX_EXAMPLES - len(self.examples)).to_pylist():
                source = SourceRef(row["location"], row["record"] or "")
                self.examples.append(Failure(source, row["stage"], row["error"]))
        if progress:
            progress(counts.articles + counts.skipped + counts.failures)

    def failed(self, failures: list[Failure]) -> None:
        """Keep failures the engine recorded itself (not from a batch) to show."""
        self.examples.extend(failures[: max(0, MAX_EXAMPLES - len(self.examples))])

    def result(self, workers: int) -> EngineResult:
        return EngineResult(self.counts, tuple(self.examples), workers)
