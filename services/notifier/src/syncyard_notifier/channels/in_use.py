"""A channel in use cannot be deleted: 409 ``channel_in_use`` naming the alerts and integrations.

A channel is *in use* while it is the last one through which a live alert (open or
acknowledged) reaches anybody: it takes that alert (``routing.py``) and no other active
channel of the tenant does. Deleting it would send that alert's summaries and its
resolution to nobody. Not counted: alerts of a muted integration (nothing of them is
delivered while the mute lasts, by the merchant's choice) and a disabled channel (it takes
nothing now). A channel whose routes merely name an integration is not in use: an
integration without a live alert loses nothing, and its next alert goes to whatever channels
take it then.

The way out, named in the answer: add a channel that takes those alerts first, or delete with
``?force=true``. Pure: the caller reads the rows (locked, so two deletes cannot each count on
the other's channel).
"""

import uuid
from collections.abc import Collection, Sequence
from typing import Protocol, TypeVar

from syncyard_common.web.errors import Conflict
from syncyard_notifier.channels import routing


class RoutedChannel(routing.Routed, Protocol):
    id: uuid.UUID
    is_active: bool


class LiveAlert(Protocol):
    id: uuid.UUID
    title: str
    integration_id: uuid.UUID | None
    flow: str | None


class ChannelInUse(Conflict):
    def __init__(self, alerts: Sequence[LiveAlert]) -> None:
        integration_ids = sorted({str(a.integration_id) for a in alerts if a.integration_id})
        shown = "; ".join(f"{a.title!r} ({a.id})" for a in alerts[:5])
        more = f" and {len(alerts) - 5} more" if len(alerts) > 5 else ""
        super().__init__(
            "channel_in_use",
            f"This is the only channel the live alert(s) {shown}{more} still reach. Add a "
            "channel that takes them first, or delete it anyway with ?force=true.",
            extra={
                "alert_ids": [str(a.id) for a in alerts],
                "integration_ids": integration_ids,
            },
        )


A = TypeVar("A", bound=LiveAlert)


def alerts_only_it_takes(
    channel: RoutedChannel,
    *,
    others: Sequence[RoutedChannel],
    live: Sequence[A],
    muted: Collection[uuid.UUID],
) -> list[A]:
    """The live alerts that would reach no channel once ``channel`` is gone."""
    if not channel.is_active:
        return []
    hearing = [c for c in others if c.is_active and c.id != channel.id]
    left: list[A] = []
    for alert in live:
        if alert.integration_id is not None and alert.integration_id in muted:
            continue
        if not _takes(channel, alert):
            continue
        if not any(_takes(other, alert) for other in hearing):
            left.append(alert)
    return left


def _takes(channel: RoutedChannel, alert: LiveAlert) -> bool:
    return routing.matches(channel.routes, integration_id=alert.integration_id, flow=alert.flow)
