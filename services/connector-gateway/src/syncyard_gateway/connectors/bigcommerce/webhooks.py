"""BigCommerce webhook intake: Standard Webhooks signature, store match, scope → entity."""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from syncyard_gateway.connectors import replay
from syncyard_gateway.connectors.base import Entity, WebhookEvent
from syncyard_gateway.connectors.errors import (
    WebhookMalformed,
    WebhookSignatureInvalid,
    WebhookTopicNotHandled,
)

# The replay window (connectors/replay.py): the vendor retries for about 2 days.
REPLAY_WINDOW = timedelta(days=5)

TOLERANCE_S = 5 * 60
# Scope prefix → entity; the first match wins, so inventory scopes come before their parents.
ENTITY_BY_SCOPE: tuple[tuple[str, Entity], ...] = (
    ("store/product/inventory/", Entity.STOCK),
    ("store/sku/inventory/", Entity.STOCK),
    ("store/order/", Entity.ORDERS),
    ("store/product/", Entity.PRODUCTS),
    ("store/sku/", Entity.PRODUCTS),
    ("store/customer/address/", Entity.CUSTOMERS),
    ("store/customer/", Entity.CUSTOMERS),
    ("store/category/", Entity.CATEGORIES),
)
TOPICS = [
    "store/order/*", "store/product/*", "store/sku/*", "store/sku/inventory/*",
    "store/customer/*", "store/category/*",
]  # fmt: skip


def signature(secret: str, webhook_id: str, timestamp: str, body: bytes) -> str:
    """base64 HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}` with the client secret."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode()


def verify(
    *,
    headers: Mapping[str, str],
    body: bytes,
    secret: str,
    store_hash: str,
    now: float | None = None,
) -> WebhookEvent:
    """Check signature and age on the raw bytes (R20), then the producer, then parse."""
    lowered = {key.lower(): value for key, value in headers.items()}
    webhook_id = lowered.get("webhook-id", "").strip()
    timestamp = lowered.get("webhook-timestamp", "").strip()
    signatures = lowered.get("webhook-signature", "").split()
    if not (webhook_id and timestamp and signatures):
        raise WebhookSignatureInvalid("The webhook lacks webhook-id/-timestamp/-signature headers.")
    if not timestamp.isdigit():
        raise WebhookSignatureInvalid("The webhook-timestamp is not a Unix time.")
    age = (time.time() if now is None else now) - int(timestamp)
    if abs(age) > TOLERANCE_S:
        raise WebhookSignatureInvalid("The webhook timestamp is more than 5 minutes off.")
    expected = signature(secret, webhook_id, timestamp, body).encode()
    given = [s.partition(",")[2].encode() for s in signatures if s.startswith("v1,")]
    if not any(hmac.compare_digest(expected, candidate) for candidate in given):
        raise WebhookSignatureInvalid("The webhook signature does not match the body.")
    payload = _parse(body)
    created = payload.get("created_at")  # the event's time, in the signed body (replay.py)
    if isinstance(created, int | float) and not isinstance(created, bool):
        moment = replay.from_unix(time.time() if now is None else now)
        replay.check_age(replay.from_unix(created), window=REPLAY_WINDOW, now=moment)
    if payload.get("producer") != f"stores/{store_hash}":
        raise WebhookSignatureInvalid("The webhook names another store than this connection's.")
    scope = str(payload.get("scope") or "")
    entity = next((e for prefix, e in ENTITY_BY_SCOPE if scope.startswith(prefix)), None)
    if entity is None:
        if not scope:
            raise WebhookMalformed("The webhook body has no scope.")
        raise WebhookTopicNotHandled(f"Webhook scope {scope!r} is not handled.")
    data = payload.get("data")
    entity_id = data.get("id") if isinstance(data, dict) else None
    if entity_id is None or isinstance(entity_id, bool | dict | list):
        raise WebhookMalformed(f"The {scope} webhook body has no data.id.")
    return WebhookEvent(
        topic=scope, entity=entity, entity_id=str(entity_id), event_key=webhook_id, payload=payload
    )


def _parse(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise WebhookMalformed("The webhook body is not valid JSON.") from None
    if not isinstance(payload, dict):
        raise WebhookMalformed("The webhook body is not a JSON object.")
    return payload
