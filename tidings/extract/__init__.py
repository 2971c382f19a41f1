"""Extract components, in the order the default pipeline runs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.pipeline import Component


def default_components() -> list[Component]:
    """Mentions first; places before people (a person's country may come from a place);
    quotes after people (speakers); dates, quantities and places before the event coder,
    which attaches them to events."""
    from tidings.extract.dates import DateExpressions
    from tidings.extract.entities import EntityMentions
    from tidings.extract.events import EventCoder
    from tidings.extract.people import People
    from tidings.extract.places import Places
    from tidings.extract.quantities import Quantities
    from tidings.extract.quotes import Quotes

    return [
        EntityMentions(),
        Places(),
        People(),
        Quotes(),
        Quantities(),
        DateExpressions(),
        EventCoder(),
    ]
