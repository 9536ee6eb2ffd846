"""One connection per further vendor for a tenant, pointed at its simulator and tested.

Through the gateway's public REST API only (`POST /v1/connections`, then
`POST /v1/connections/{id}/test`), as a frontend would; no integrations are made here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from scripts.system import seed
from syncyard_common.egress.trust import trust_store

# Per vendor: the connection's name and its credentials, given the simulator's URL.
CREDENTIALS: dict[str, tuple[str, Callable[[str], dict[str, Any]]]] = {
    "bigcommerce": ("Demo BigCommerce store", lambda url: {
        "store_hash": seed.BIGCOMMERCE_STORE_HASH,
        "access_token": seed.BIGCOMMERCE_ACCESS_TOKEN,
        "client_secret": seed.BIGCOMMERCE_CLIENT_SECRET,
        "base_url": url,
    }),
    "ecwid": ("Demo Ecwid store", lambda url: {
        "store_id": seed.ECWID_STORE_ID,
        "access_token": seed.ECWID_ACCESS_TOKEN,
        "client_secret": seed.ECWID_CLIENT_SECRET,
        "base_url": url,
    }),
    "mijnwebwinkel": ("Demo MijnWebwinkel store", lambda url: {
        "token": seed.MIJNWEBWINKEL_TOKEN,
        "partner_token": seed.MIJNWEBWINKEL_PARTNER_TOKEN,
        "base_url": url,
    }),
    "mailchimp": ("Demo Mailchimp audience", lambda url: {
        "api_key": seed.MAILCHIMP_API_KEY,
        "store_id": seed.MAILCHIMP_STORE_ID,
        "list_id": seed.MAILCHIMP_LIST_ID,
        "currency_code": "EUR",
        "webhook_secret": seed.MAILCHIMP_WEBHOOK_SECRET,
        "base_url": url,
    }),
}  # fmt: skip


@dataclass(frozen=True)
class TestedConnection:
    connector: str
    connection_id: str
    ok: bool
    reason: str | None  # the gateway's reason when the test failed


async def seed_connections(
    gateway_url: str, simulator_urls: Mapping[str, str], *, token: str
) -> list[TestedConnection]:
    """Create and test one connection per vendor in `simulator_urls` (vendor → simulator URL)."""
    tested: list[TestedConnection] = []
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=gateway_url, timeout=30, headers=headers, verify=trust_store()
    ) as client:
        for vendor, url in simulator_urls.items():
            name, credentials = CREDENTIALS[vendor]
            body = {"name": name, "connector": vendor, "credentials": credentials(url)}
            created = await seed.json_or_raise(await client.post("/v1/connections", json=body))
            test = await client.post(f"/v1/connections/{created['id']}/test")
            result = await seed.json_or_raise(test)
            reason = (result.get("error") or {}).get("reason")
            tested.append(TestedConnection(vendor, created["id"], bool(result["ok"]), reason))
    return tested
