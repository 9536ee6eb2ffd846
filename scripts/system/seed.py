"""Set up a tenant's Shopify → MplusKASSA order integration through the public REST APIs only.

Used by the demo (`make up`), the end-to-end tests and the benchmark, so the path a frontend
takes is the path that is tested.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.egress.trust import trust_store
from syncyard_sim_shopify.driver import ShopifyDriver

SHOP_DOMAIN = "demo-shop.myshopify.com"
SHOP_ACCESS_TOKEN = "shpat_demo_token"
SHOP_WEBHOOK_SECRET = "demo-webhook-secret"
SHOP_API_VERSION = "2025-01"
MPLUS_IDENT = "demo-ident"
MPLUS_SECRET = "demo-secret"
# The further vendors' simulators start with these credentials (scripts/system/processes.py)
# and the demo tenant's connections use them (scripts/system/connections.py).
BIGCOMMERCE_STORE_HASH = "abc123demo"
BIGCOMMERCE_ACCESS_TOKEN = "demo-access-token"
BIGCOMMERCE_CLIENT_SECRET = "demo-client-secret"
ECWID_STORE_ID = 1003
ECWID_ACCESS_TOKEN = "secret_demo_token"
ECWID_CLIENT_SECRET = "demo-client-secret"
MIJNWEBWINKEL_TOKEN = "demo-store-token"
MIJNWEBWINKEL_PARTNER_TOKEN = "demo-partner-token"
MAILCHIMP_API_KEY = "0123456789abcdef0123456789abcdef-us21"
MAILCHIMP_LIST_ID = "a1b2c3d4e5"
MAILCHIMP_STORE_ID = "demo-store"  # the store the simulator's demo data fills
MAILCHIMP_WEBHOOK_SECRET = "demo-mailchimp-webhook-secret"


@dataclass(frozen=True)
class Urls:
    gateway: str
    orchestrator: str
    mapper: str
    logger: str
    notifier: str
    sim_mplus: str
    sim_shopify: str
    # The intake-only gateway replica, when one runs: the shop's webhooks are sent there.
    intake: str | None = None

    @property
    def webhooks(self) -> str:
        return self.intake or self.gateway


@dataclass(frozen=True)
class SeededIntegration:
    tenant_id: uuid.UUID
    token: str
    shopify_connection_id: str
    mplus_connection_id: str
    integration_id: str
    webhook_url: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def tenant_token(tenant_id: uuid.UUID, jwt_secret: str, role: Role = Role.ADMIN) -> str:
    return tokens.mint(tenant_id=tenant_id, role=role, secret=jwt_secret, ttl_seconds=86400)


async def json_or_raise(response: httpx.Response) -> Any:
    """The answer's JSON; a 4xx/5xx raises, naming the call."""
    if response.status_code >= 400:
        raise RuntimeError(
            f"{response.request.method} {response.request.url} → {response.status_code}: "
            f"{response.text[:500]}"
        )
    return response.json()


async def seed_integration(
    urls: Urls,
    *,
    jwt_secret: str,
    tenant_id: uuid.UUID | None = None,
    flow_settings: dict[str, Any] | None = None,
    subscribe_webhook: bool = True,
    mplus_secret: str = MPLUS_SECRET,
) -> SeededIntegration:
    """Connections, integration, active order flow, and the shop's webhook subscription."""
    tenant = tenant_id or uuid.uuid4()
    token = tenant_token(tenant, jwt_secret)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=30, headers=headers, verify=trust_store()) as client:
        shop = await json_or_raise(
            await client.post(
                f"{urls.gateway}/v1/connections",
                json={
                    "name": "Demo Shopify store",
                    "connector": "shopify",
                    "credentials": {
                        "shop_domain": SHOP_DOMAIN,
                        "access_token": SHOP_ACCESS_TOKEN,
                        "webhook_secret": SHOP_WEBHOOK_SECRET,
                        "api_version": SHOP_API_VERSION,
                        "base_url": urls.sim_shopify,
                    },
                },
            )
        )
        till = await json_or_raise(
            await client.post(
                f"{urls.gateway}/v1/connections",
                json={
                    "name": "Demo MplusKASSA till",
                    "connector": "mplus",
                    "credentials": {
                        "base_url": urls.sim_mplus + "/",
                        "ident": MPLUS_IDENT,
                        "secret": mplus_secret,
                    },
                },
            )
        )
        integration = await json_or_raise(
            await client.post(
                f"{urls.orchestrator}/v1/integrations",
                json={
                    "name": "Shopify orders into MplusKASSA",
                    "source_connection_id": shop["id"],
                    "target_connection_id": till["id"],
                    "source_connector": "shopify",
                    "target_connector": "mplus",
                },
            )
        )
        await json_or_raise(
            await client.put(
                f"{urls.orchestrator}/v1/integrations/{integration['id']}/flows/orders",
                json={
                    "direction": "source_to_target",
                    "is_active": True,
                    "settings": flow_settings or {},
                },
            )
        )
        webhook_url = f"{urls.webhooks}/v1/webhooks/{shop['id']}"
        if subscribe_webhook:
            async with ShopifyDriver(
                urls.sim_shopify,
                access_token=SHOP_ACCESS_TOKEN,
                api_version=SHOP_API_VERSION,
                timeout=30,
            ) as shop_admin:
                await shop_admin.subscribe("orders/create", webhook_url)
    return SeededIntegration(
        tenant_id=tenant,
        token=token,
        shopify_connection_id=shop["id"],
        mplus_connection_id=till["id"],
        integration_id=integration["id"],
        webhook_url=webhook_url,
    )
