"""Ecwid's webhook rule: one URL per app, with its event types, set in the app's registration
(the REST API has no webhook endpoints), so the merchant enters the URL there by hand."""

from collections.abc import Iterable

from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.subscriptions import ManualSetup

# Stock changes arrive as product.updated (Ecwid has no stock event).
_TOPICS: dict[Entity, tuple[str, ...]] = {
    Entity.ORDERS: ("order.created", "order.updated"),
    Entity.PRODUCTS: ("product.created", "product.updated"),
    Entity.STOCK: ("product.updated",),
    Entity.CUSTOMERS: ("customer.created", "customer.updated"),
    Entity.CATEGORIES: ("category.created", "category.updated"),
}

WHERE = (
    "Ecwid admin → Apps → My apps → your custom app → Details → Webhooks: the app's one "
    "Webhook URL and its event types (Ecwid takes them there, not through its API)"
)


def setup(entities: Iterable[Entity]) -> ManualSetup:
    """Where to set the URL and which event types to tick for these entities."""
    topics = [topic for entity in entities for topic in _TOPICS[entity]]
    return ManualSetup(where=WHERE, topics=list(dict.fromkeys(topics)), is_one_url_per_app=True)
