"""Shopify webhook intake: HMAC check on the raw body, shop match, topic → canonical event."""

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from syncyard_gateway.connectors import replay
from syncyard_gateway.connectors.base import Entity, WebhookEvent
from syncyard_gateway.connectors.errors import (
    WebhookMalformed,
    WebhookSignatureInvalid,
    WebhookTopicNotHandled,
)

# The replay window (connectors/replay.py): the vendor retries 8 times over 4 h.
REPLAY_WINDOW = timedelta(days=3)

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
    *,
    headers: Mapping[str, str],
    body: bytes,
    secret: str,
    shop_domain: str,
    now: datetime | None = None,
) -> WebhookEvent:
    """Check signature, age and shop on the raw bytes (R20), then parse; see WebhookSource."""
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
    _check_age(lowered.get("x-shopify-triggered-at", ""), now=now)
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


def notice(*, headers: Mapping[str, str], head: bytes, shop_domain: str) -> WebhookEvent | None:
    """The record a body too large to take in names: the topic from the headers, the id from
    the top-level field of the body's first bytes (an order's ``id`` comes first). Unverified,
    see OversizedWebhookSource; None when the shop, topic or id cannot be told."""
    lowered = {key.lower(): value for key, value in headers.items()}
    if lowered.get("x-shopify-shop-domain", "").strip().lower() != shop_domain.strip().lower():
        return None
    topic = lowered.get("x-shopify-topic", "").strip()
    entity, id_field = ENTITY_BY_PREFIX.get(topic.split("/", 1)[0], (None, ""))
    entity_id = top_level_value(head, id_field) if entity is not None else None
    if entity is None or not isinstance(entity_id, int | str) or isinstance(entity_id, bool):
        return None
    try:
        event_key = _event_key(lowered, topic)
    except WebhookMalformed:
        return None
    return WebhookEvent(
        topic=topic,
        entity=entity,
        entity_id=str(entity_id),
        event_key=event_key,
        payload={id_field: entity_id},
    )


def top_level_value(head: bytes, key: str) -> Any:
    """The value of ``key`` in the JSON object whose first bytes are ``head``, read field by
    field (nested ids are skipped whole); None when the head ends before it."""
    text = head.decode("utf-8", errors="ignore")  # the cut may split a character at the end
    decoder = json.JSONDecoder()
    position = _skip_space(text, 0)
    if not text.startswith("{", position):
        return None
    position += 1
    try:
        while True:
            name, position = decoder.raw_decode(text, _skip_space(text, position))
            position = _skip_space(text, position)
            if not text.startswith(":", position):
                return None
            value, position = decoder.raw_decode(text, _skip_space(text, position + 1))
            if name == key:
                return value
            position = _skip_space(text, position)
            if not text.startswith(",", position):
                return None
            position += 1
    except ValueError:  # the head ends inside this field
        return None


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


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


def _check_age(triggered_at: str, *, now: datetime | None) -> None:
    """The replay window on X-Shopify-Triggered-At (replay.py). Shopify does not sign its
    headers, so this stops only a replay sent as captured; dedupe and the re-read do the rest."""
    try:
        sent_at = datetime.fromisoformat(triggered_at.strip())
    except ValueError:
        return  # absent or unreadable: nothing to go by (the header is not signed anyway)
    replay.check_age(sent_at, window=REPLAY_WINDOW, now=now)
