"""What a component is: a step that requires some parts of the article state and provides others."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tidings.errors import PipelineError
from tidings.pipeline.state import WorkItem

# What the parse stage provides before any extract component runs.
PARSED = frozenset({"article", "doc", "sentences", "sentence_of_token", "sentence_tokens"})


class Component(Protocol):
    """An extract step: reads what it `requires` from a WorkItem, sets what it `assigns`."""

    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, item: WorkItem) -> None: ...


def check_order(components: Sequence[Component]) -> None:
    """Fail at build time if a component needs something no earlier step assigns."""
    available = set(PARSED)
    for component in components:
        missing = [r for r in component.requires if r not in available]
        if missing:
            raise PipelineError(
                f"component {component.name!r} requires {missing}, which no earlier "
                f"component assigns (available: {sorted(available)})"
            )
        available.update(component.assigns)
