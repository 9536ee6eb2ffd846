"""Pure routing: which channels an alert goes to (no routes = every alert)."""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar


class Routed(Protocol):
    routes: list[dict[str, str | None]] | None


def matches(
    routes: Sequence[Mapping[str, str | None]] | None,
    *,
    integration_id: uuid.UUID | None,
    flow: str | None,
) -> bool:
    """True when a channel with these routes takes an alert of this integration and flow.

    An alert about no integration (a connection's outage) concerns every integration using the
    connection, so it goes to every channel.
    """
    if routes is None or integration_id is None:
        return True
    for route in routes:
        if route.get("integration_id") != str(integration_id):
            continue
        wanted = route.get("flow")
        if wanted is None or flow is None or wanted == flow:
            return True
    return False


C = TypeVar("C", bound=Routed)


def select(channels: Iterable[C], *, integration_id: uuid.UUID | None, flow: str | None) -> list[C]:
    """The channels that take the alert."""
    return [c for c in channels if matches(c.routes, integration_id=integration_id, flow=flow)]
