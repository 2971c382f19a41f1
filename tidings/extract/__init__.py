"""Extract components, in the order the default pipeline runs them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.pipeline import Component


def default_components() -> list[Component]:
    from tidings.extract.entities import EntityMentions
    from tidings.extract.events import EventCoder

    components: list[Component] = [EntityMentions()]
    from tidings.extract.people import People
    from tidings.extract.quotes import Quotes

    components += [People(), Quotes()]
    # Field extractors go here, before the event coder that reads them.
    from tidings.extract.places import Places

    components.append(Places())
    from tidings.extract.quantities import Quantities

    components.append(Quantities())
    from tidings.extract.dates import DateExpressions

    components.append(DateExpressions())
    components.append(EventCoder())
    return components
