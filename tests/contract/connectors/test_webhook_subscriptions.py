"""Connectors that register their own webhooks (WebhookSubscriber) against the simulators'
subscription APIs: subscribe the orders' topics at an address, list them, remove them."""

import httpx
import pytest

from syncyard_gateway.connectors.base import Entity
from syncyard_gateway.connectors.subscriptions import WebhookSubscriber, plan
from tests.contract.connectors.harness import Harness
from tests.contract.connectors.harnesses import *  # noqa: F403 - every vendor's fixtures
from tests.contract.connectors.test_capabilities import connect

ADDRESS = "https://syncyard.test/api/gateway/v1/webhooks/00000000-0000-4000-8000-00000000beef"
SUBSCRIBERS = {"shopify": ["orders/create", "orders/updated"], "bigcommerce": ["store/order/*"]}


@pytest.mark.parametrize("vendor", sorted(SUBSCRIBERS))
async def test_order_webhooks_are_subscribed_listed_and_removed(
    vendor: str, harness: Harness, http_client: httpx.AsyncClient
) -> None:
    connector = connect(harness, http_client)
    assert isinstance(connector, WebhookSubscriber)
    topics = connector.webhook_topics([Entity.ORDERS])
    assert topics == SUBSCRIBERS[vendor]
    for topic in plan(
        await connector.list_webhook_subscriptions(), address=ADDRESS, topics=topics
    ).missing:
        await connector.subscribe_webhook(topic=topic, address=ADDRESS)
    listed = [s for s in await connector.list_webhook_subscriptions() if s.address == ADDRESS]
    assert sorted(s.topic for s in listed) == sorted(topics)
    assert plan(listed, address=ADDRESS, topics=topics).missing == []
    for subscription in listed:
        await connector.unsubscribe_webhook(subscription)
    left = [s for s in await connector.list_webhook_subscriptions() if s.address == ADDRESS]
    assert left == []


@pytest.mark.parametrize("vendor", ["mplus", "mijnwebwinkel"])
def test_polled_connectors_register_nothing(
    vendor: str, harness: Harness, http_client: httpx.AsyncClient
) -> None:
    assert not isinstance(connect(harness, http_client), WebhookSubscriber)
