"""Shopify webhook intake: HMAC check on the raw body, shop match, topic → canonical event."""

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from syncyard_gateway.connectors.base import Entity, WebhookEvent
from syncyard_gateway.connectors.errors import (
    WebhookMalformed,
    WebhookSignatureInvalid,
    WebhookTopicNotHandled,
)

# Topic prefix → entity, and the body field that names the record the event is about.
ENTITY_BY_PREFIX: dict[str, tuple[Entity, str]] = {
    "orders": (Entity.ORDERS, "id"),
    "refunds": (Entity.ORDERS, "order_id"),
    "products": (Entity.PRODUCTS, "id"),
    "inventory_levels": (Entity.STOCK, "inventory_item_id"),
    "inventory_items": (Entity.STOCK, "id"),
    "customers": (Entity.CUSTOMERS, "id"),
    "collections": (Entity.CATEGORIES, "id"),
}


def sign(body: bytes, secret: str) -> str:
    """The X-Shopify-Hmac-Sha256 value: base64(HMAC-SHA256(secret, raw body))."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def verify(
    *, headers: Mapping[str, str], body: bytes, secret: str, shop_domain: str
) -> WebhookEvent:
    """Check signature and shop on the raw bytes (R20), then parse; see WebhookSource."""
    lowered = {key.lower(): value for key, value in headers.items()}
    signature = lowered.get("x-shopify-hmac-sha256", "").strip()
    if not signature:
        raise WebhookSignatureInvalid("The webhook has no X-Shopify-Hmac-Sha256 signature.")
    if not hmac.compare_digest(sign(body, secret).encode(), signature.encode()):
        raise WebhookSignatureInvalid("The webhook signature does not match the body.")
    sender = lowered.get("x-shopify-shop-domain", "").strip().lower()
    if sender != shop_domain.strip().lower():
        raise WebhookSignatureInvalid(
            f"The webhook came from shop {sender or '(none)'!r}, not this connection's shop."
        )
    topic = lowered.get("x-shopify-topic", "").strip()
    entity, id_field = ENTITY_BY_PREFIX.get(topic.split("/", 1)[0], (None, ""))
    if entity is None:
        if not topic:
            raise WebhookMalformed("The webhook has no X-Shopify-Topic.")
        raise WebhookTopicNotHandled(f"Webhook topic {topic!r} is not handled.")
    payload = _parse(body)
    entity_id = payload.get(id_field)
    if entity_id is None or isinstance(entity_id, bool | dict | list):
        raise WebhookMalformed(f"The {topic} webhook body has no {id_field!r}.")
    return WebhookEvent(
        topic=topic,
        entity=entity,
        entity_id=str(entity_id),
        event_key=_event_key(lowered, topic),
        payload=payload,
    )


def _parse(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise WebhookMalformed("The webhook body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise WebhookMalformed("The webhook body is not a JSON object.")
    return payload


def _event_key(headers: Mapping[str, str], topic: str) -> str:
    """One merchant action = one key (R9): event id + topic, else the delivery's webhook id."""
    event_id = headers.get("x-shopify-event-id", "").strip()
    if event_id:
        return f"{event_id}:{topic}"
    webhook_id = headers.get("x-shopify-webhook-id", "").strip()
    if webhook_id:
        return webhook_id
    raise WebhookMalformed("The webhook has neither X-Shopify-Event-Id nor X-Shopify-Webhook-Id.")
