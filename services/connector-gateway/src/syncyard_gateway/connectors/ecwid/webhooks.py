"""Ecwid webhook intake: signature over "{eventCreated}.{eventId}", store match, entity.

Ecwid signs the event id and time, not the body, so the body is parsed to read them; only
ids are trusted afterwards (the gateway re-reads the record, R10)."""

import base64
import binascii
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

# The replay window (connectors/replay.py): the vendor retries for up to 24 h.
REPLAY_WINDOW = timedelta(days=3)

SIGNATURE_HEADER = "x-ecwid-webhook-signature"
# eventType prefix → entity; entityId is the order number, product, customer or category id.
ENTITY_BY_PREFIX: dict[str, Entity] = {
    "order": Entity.ORDERS,
    "product": Entity.PRODUCTS,
    "customer": Entity.CUSTOMERS,
    "category": Entity.CATEGORIES,
}


def sign(event_created: int | str, event_id: str, client_secret: str) -> str:
    """base64(HMAC-SHA256(client_secret, "{eventCreated}.{eventId}"))."""
    message = f"{event_created}.{event_id}".encode()
    digest = hmac.new(client_secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _parse(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        payload = None
    if not isinstance(payload, dict):
        # Without eventCreated and eventId there is nothing the signature could cover.
        raise WebhookSignatureInvalid("The webhook body carries no signed event id and time.")
    return payload


def verify(
    *,
    headers: Mapping[str, str],
    body: bytes,
    client_secret: str,
    store_id: int,
    now: datetime | None = None,
) -> WebhookEvent:
    """Check signature (constant time), age (the signed eventCreated, replay.py) and store
    (R20), then name the entity; see WebhookSource."""
    lowered = {key.lower(): value for key, value in headers.items()}
    signature = lowered.get(SIGNATURE_HEADER, "").strip()
    if not signature:
        raise WebhookSignatureInvalid("The webhook has no X-Ecwid-Webhook-Signature.")
    payload = _parse(body)
    event_id, created = payload.get("eventId"), payload.get("eventCreated")
    if not isinstance(event_id, str) or isinstance(created, bool) or not isinstance(created, int):
        raise WebhookSignatureInvalid("The webhook body carries no signed event id and time.")
    try:
        given = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookSignatureInvalid("The webhook signature is not base64.") from None
    expected = base64.b64decode(sign(created, event_id, client_secret))
    if not hmac.compare_digest(expected, given):
        raise WebhookSignatureInvalid("The webhook signature does not match its event.")
    replay.check_age(replay.from_unix(created), window=REPLAY_WINDOW, now=now)
    if payload.get("storeId") != store_id:
        raise WebhookSignatureInvalid(
            f"The webhook came from store {payload.get('storeId')!r}, not this connection's."
        )
    topic = payload.get("eventType")
    if not isinstance(topic, str) or not topic:
        raise WebhookMalformed("The webhook has no eventType.")
    entity = ENTITY_BY_PREFIX.get(topic.split(".", 1)[0])
    if entity is None:
        raise WebhookTopicNotHandled(f"Webhook event {topic!r} is not handled.")
    entity_id = payload.get("entityId")
    if entity_id is None or isinstance(entity_id, bool | dict | list):
        raise WebhookMalformed(f"The {topic} webhook has no entityId.")
    return WebhookEvent(
        topic=topic, entity=entity, entity_id=str(entity_id), event_key=event_id, payload=payload
    )
