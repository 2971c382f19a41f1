"""What a component is: a step that requires some slots of the article state and provides
others, and the check that a list of components can run in its order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tidings.errors import PipelineError
from tidings.pipeline.state import ArticleState


class Component(Protocol):
    """An extraction step: reads the slots it `requires`, sets the slots it `provides`."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]

    def __call__(self, state: ArticleState, /) -> None: ...


def check_order(components: Sequence[Component]) -> None:
    """Fail when a component requires a slot that no earlier component provides."""
    slots = ArticleState.slot_names()
    available: set[str] = set()
    for component in components:
        unknown = [s for s in (*component.requires, *component.provides) if s not in slots]
        if unknown:
            raise PipelineError(
                f"component {component.name!r} names {unknown}, which are not slots of the "
                f"article state ({', '.join(sorted(slots))})"
            )
        missing = [r for r in component.requires if r not in available]
        if missing:
            raise PipelineError(
                f"component {component.name!r} requires {missing}, which no earlier "
                f"component provides (available: {sorted(available)})"
            )
        available.update(component.provides)
