"""Shopify webhook verification: signature on raw bytes, shop match, event key."""

import json

import pytest

from syncyard_gateway.connectors.base import Entity, WebhookEvent
from syncyard_gateway.connectors.errors import (
    WebhookMalformed,
    WebhookSignatureInvalid,
    WebhookTopicNotHandled,
)
from syncyard_gateway.connectors.shopify import webhooks

pytestmark = pytest.mark.unit
SECRET = "app-client-secret"
SHOP = "demo-shop.myshopify.com"
BODY = json.dumps({"id": 820982911946154508, "name": "#9999"}).encode()


def headers(body: bytes = BODY, /, **overrides: str) -> dict[str, str]:
    base = {
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Hmac-Sha256": webhooks.sign(body, SECRET),
        "X-Shopify-Shop-Domain": SHOP,
        "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        "X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
    }
    return base | overrides


def verify(hdrs: dict[str, str], body: bytes = BODY) -> WebhookEvent:
    return webhooks.verify(headers=hdrs, body=body, secret=SECRET, shop_domain=SHOP)


def test_valid_webhook_becomes_an_order_event() -> None:
    event = verify(headers())
    assert event.topic == "orders/create"
    assert event.entity is Entity.ORDERS
    assert event.entity_id == "820982911946154508"
    assert event.event_key == "98880550-7158-44d4-b7cd-2c97c8a091b5:orders/create"
    assert event.payload["name"] == "#9999"


def test_header_names_are_case_insensitive() -> None:
    event = verify({key.lower(): value for key, value in headers().items()})
    assert event.entity_id == "820982911946154508"


def test_forged_body_is_rejected() -> None:
    forged = BODY.replace(b"9999", b"9998")
    with pytest.raises(WebhookSignatureInvalid):
        verify(headers(), forged)


def test_signature_with_another_secret_is_rejected() -> None:
    with pytest.raises(WebhookSignatureInvalid):
        verify(headers(**{"X-Shopify-Hmac-Sha256": webhooks.sign(BODY, "other-secret")}))


def test_missing_signature_is_rejected() -> None:
    hdrs = headers()
    del hdrs["X-Shopify-Hmac-Sha256"]
    with pytest.raises(WebhookSignatureInvalid, match="no X-Shopify-Hmac-Sha256"):
        verify(hdrs)


def test_webhook_for_another_shop_is_rejected_even_when_signed() -> None:
    with pytest.raises(WebhookSignatureInvalid, match="other-shop"):
        verify(headers(**{"X-Shopify-Shop-Domain": "other-shop.myshopify.com"}))


def test_invalid_json_after_a_valid_signature_is_malformed() -> None:
    body = b"{not json"
    with pytest.raises(WebhookMalformed):
        verify(headers(body), body)


def test_body_without_id_is_malformed() -> None:
    body = b'{"name": "#1"}'
    with pytest.raises(WebhookMalformed):
        verify(headers(body), body)


def test_event_key_falls_back_to_the_webhook_id() -> None:
    hdrs = headers()
    del hdrs["X-Shopify-Event-Id"]
    assert verify(hdrs).event_key == "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"


def test_inventory_level_topic_names_the_inventory_item() -> None:
    body = json.dumps({"inventory_item_id": 271878346596884015, "location_id": 1}).encode()
    event = verify(headers(body, **{"X-Shopify-Topic": "inventory_levels/update"}), body)
    assert (event.entity, event.entity_id) == (Entity.STOCK, "271878346596884015")


def test_signed_webhook_of_an_unhandled_topic_is_acknowledged_not_malformed() -> None:
    with pytest.raises(WebhookTopicNotHandled, match="app/uninstalled"):
        verify(headers(**{"X-Shopify-Topic": "app/uninstalled"}))


def test_webhook_without_topic_is_malformed() -> None:
    with pytest.raises(WebhookMalformed, match="Topic"):
        verify(headers(**{"X-Shopify-Topic": ""}))
