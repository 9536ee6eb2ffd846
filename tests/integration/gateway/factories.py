"""Connections and Shopify-signed webhooks for the gateway tests."""

import base64
import hashlib
import hmac
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson

# Canary values: they must never appear in a response, a log line or a stored row.
ACCESS_TOKEN = "shpat_CANARY_4f1e0c2b9a7d"
WEBHOOK_SECRET = "whsec_CANARY_8c3d5e7f9a1b"
SHOP_DOMAIN = "demo-shop.myshopify.com"


def shopify_credentials(**overrides: Any) -> dict[str, Any]:
    return {
        "shop_domain": SHOP_DOMAIN,
        "access_token": ACCESS_TOKEN,
        "webhook_secret": WEBHOOK_SECRET,
        "base_url": "http://127.0.0.1:9/",  # nothing listens: calls fail as unreachable
        **overrides,
    }


async def create_connection(
    client: httpx.AsyncClient, *, connector: str = "shopify", **credentials: Any
) -> dict[str, Any]:
    body = {
        "name": f"{connector} test",
        "connector": connector,
        "credentials": credentials or shopify_credentials(),
    }
    response = await client.post("/v1/connections", json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def order_payload(order_id: int = 820982911946154500, number: int = 1001) -> dict[str, Any]:
    return {
        "id": order_id,
        "name": f"#{number}",
        "order_number": number,
        "email": "jan@example.nl",
        "currency": "EUR",
        "total_price": "24.95",
        "line_items": [{"id": 1, "sku": "8712345", "quantity": 1, "price": "24.95"}],
    }


def sign(body: bytes, secret: str = WEBHOOK_SECRET) -> str:
    """Shopify's scheme: base64(HMAC-SHA256(app secret, raw body))."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def webhook_headers(
    body: bytes,
    *,
    topic: str = "orders/create",
    event_id: str | None = None,
    signature: str | None = None,
) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": signature if signature is not None else sign(body),
        "X-Shopify-Shop-Domain": SHOP_DOMAIN,
        "X-Shopify-API-Version": "2025-01",
        "X-Shopify-Webhook-Id": str(uuid.uuid4()),
        "X-Shopify-Event-Id": event_id or str(uuid.uuid4()),
        "X-Shopify-Triggered-At": datetime.now(UTC).isoformat(),  # within the replay window
    }


def encode(payload: dict[str, Any]) -> bytes:
    return orjson.dumps(payload)
