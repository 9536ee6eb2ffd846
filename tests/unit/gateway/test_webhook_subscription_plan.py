"""Which topics to subscribe: only the missing ones at this connection's address."""

from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.shopify.subscriptions import topics_for
from syncyard_gateway.connectors.subscriptions import Subscription, plan

MINE = "https://syncyard.example/api/gateway/v1/webhooks/a"


def test_only_missing_topics_at_this_address_are_planned() -> None:
    existing = [
        Subscription("orders/create", MINE, "1"),
        Subscription("orders/updated", "https://elsewhere.example/hook", "2"),
    ]
    planned = plan(existing, address=MINE, topics=["orders/create", "orders/updated"])
    assert planned.missing == ["orders/updated"]
    assert planned.kept == [existing[0]]


def test_a_topic_asked_twice_is_planned_once() -> None:
    assert plan([], address=MINE, topics=["a", "a", "b"]).missing == ["a", "b"]


def test_shopify_topics_per_entity() -> None:
    assert topics_for([Entity.ORDERS]) == ["orders/create", "orders/updated"]
    assert "inventory_levels/update" in topics_for([Entity.STOCK])
