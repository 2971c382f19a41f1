"""Building a pipeline: the lexicons loaded once, the default components in their order, checked
once."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.config import Settings
    from tidings.lexicons import Lexicons
    from tidings.pipeline.component import Component
    from tidings.pipeline.run import Pipeline


def default_components(lexicons: Lexicons | None = None) -> list[Component]:
    """Mentions and name matches first; places before people (a person's country may come from
    a place); quotes after people (speakers); dates, quantities, places and people before the
    event coder, which attaches them to events. Every component that reads tables gets
    `lexicons` (the bundled ones, loaded now, when none are given)."""
    from tidings.components.dates.expressions import DateExpressions
    from tidings.components.events.coder import EventCoder
    from tidings.components.mentions import EntityMentions, NameMatching, StorySetting
    from tidings.components.people.records import People
    from tidings.components.places.resolve import Places
    from tidings.components.quantities.amounts import Quantities
    from tidings.components.quotes.speech import Quotes
    from tidings.lexicons import load_lexicons

    lexicons = lexicons or load_lexicons()
    return [
        EntityMentions(),
        NameMatching(lexicons),
        Places(lexicons),
        StorySetting(),
        People(lexicons),
        Quotes(lexicons),
        Quantities(lexicons),
        DateExpressions(lexicons),
        EventCoder(lexicons),
    ]


def build_pipeline(settings: Settings, lexicons: Lexicons | None = None) -> Pipeline:
    """The default pipeline: the lexicons (the settings' override directory over the bundled
    files) loaded and checked once, before the first article, so that a bad file raises
    LexiconError here; its components in their checked order, and the model loaded."""
    from tidings.lexicons import load_lexicons
    from tidings.pipeline.run import Pipeline

    lexicons = lexicons or load_lexicons(settings.lexicons)
    return Pipeline(settings, default_components(lexicons), lexicons=lexicons)


def components_for(*names: str, lexicons: Lexicons | None = None) -> list[Component]:
    """The default components named, with every component they depend on, in their order:
    `components_for("quotes")` gives what finding quotes needs and nothing more."""
    components = default_components(lexicons)
    provider = {slot: c for c in components for slot in c.provides}
    wanted = {c.name for c in components if c.name in names}
    unknown = set(names) - wanted
    if unknown:
        from tidings.errors import PipelineError

        known = ", ".join(c.name for c in components)
        raise PipelineError(f"no default component named {sorted(unknown)} (known: {known})")
    todo = list(wanted)
    while todo:
        name = todo.pop()
        component = next(c for c in components if c.name == name)
        for slot in component.requires:
            needed = provider[slot].name
            if needed not in wanted:
                wanted.add(needed)
                todo.append(needed)
    return [c for c in components if c.name in wanted]
