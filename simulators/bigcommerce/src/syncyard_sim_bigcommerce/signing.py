"""Standard Webhooks signing as BigCommerce applies it, and the light event payload."""

import base64
import hashlib
import hmac
import json
from typing import Any

from syncyard_sim_bigcommerce.store import Json, Store


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """`webhook-signature`: `v1,` + base64 HMAC-SHA256(client secret, "{id}.{timestamp}.{body}")."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def light_payload(store: Store, scope: str, data: dict[str, Any]) -> Json:
    """`{scope, store_id, data, hash, created_at, producer}`; the same event has the same hash."""
    fingerprint = json.dumps({"scope": scope, "data": data}, sort_keys=True).encode()
    return {
        "scope": scope,
        "store_id": store.settings.store_id,
        "data": data,
        # Not a security use: BigCommerce's hash is a SHA-1 hex digest used as a dedupe key.
        "hash": hashlib.sha1(fingerprint, usedforsecurity=False).hexdigest(),
        "created_at": int(store.clock.now().timestamp()),
        "producer": f"stores/{store.settings.store_hash}",
    }


def scope_matches(hook_scope: str, scope: str) -> bool:
    """Exact scope, or a wildcard like `store/order/*` covering everything below it."""
    if hook_scope.endswith("/*"):
        return scope.startswith(hook_scope[:-1])
    return hook_scope == scope
