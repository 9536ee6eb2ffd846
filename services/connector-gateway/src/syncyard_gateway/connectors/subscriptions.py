"""Webhook subscriptions a connector can make in the remote system itself (the shop's own
API), so a merchant never registers Syncyard's webhook URL by hand."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from syncyard_gateway.connectors.base import Entity


@dataclass(frozen=True)
class Subscription:
    """One subscription as the remote lists it."""

    topic: str
    address: str
    remote_id: str


@runtime_checkable
class WebhookSubscriber(Protocol):
    def webhook_topics(self, entities: Iterable[Entity]) -> list[str]:
        """The remote's topics that announce changes of these entities."""
        ...

    async def list_webhook_subscriptions(self) -> list[Subscription]:
        """Every subscription of the app in the remote (any address)."""
        ...

    async def subscribe_webhook(self, *, topic: str, address: str) -> Subscription: ...

    async def unsubscribe_webhook(self, subscription: Subscription) -> None: ...


@dataclass(frozen=True)
class ManualSetup:
    """Where the merchant sets the one webhook URL a remote takes per app, by hand."""

    where: str  # the remote's own screen, in its words
    topics: list[str]  # the event types to tick there
    is_one_url_per_app: bool  # every store of the app posts to this one URL


@runtime_checkable
class WebhookUrlSetByHand(Protocol):
    """A remote whose API cannot register webhooks: its app registration takes the URL."""

    def webhook_setup(self, entities: Iterable[Entity]) -> ManualSetup: ...


@dataclass(frozen=True)
class Plan:
    """What to ask of the remote so that exactly ``topics`` reach ``address``."""

    missing: list[str]
    kept: list[Subscription]


def plan(existing: Iterable[Subscription], *, address: str, topics: Iterable[str]) -> Plan:
    """Pure: the topics not yet subscribed at the address; others' subscriptions are kept."""
    mine = [s for s in existing if s.address == address]
    have = {s.topic for s in mine}
    return Plan(missing=[t for t in dict.fromkeys(topics) if t not in have], kept=mine)
