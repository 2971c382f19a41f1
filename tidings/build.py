"""Extract components, in the order the default pipeline runs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.pipeline.component import Component


def default_components() -> list[Component]:
    """Mentions first; places before people (a person's country may come from a place);
    quotes after people (speakers); dates, quantities and places before the event coder,
    which attaches them to events."""
    from tidings.components.dates.expressions import DateExpressions
    from tidings.components.events.coder import EventCoder
    from tidings.components.mentions import EntityMentions
    from tidings.components.people.records import People
    from tidings.components.places.resolve import Places
    from tidings.components.quantities.amounts import Quantities
    from tidings.components.quotes.speech import Quotes

    return [
        EntityMentions(),
        Places(),
        People(),
        Quotes(),
        Quantities(),
        DateExpressions(),
        EventCoder(),
    ]
