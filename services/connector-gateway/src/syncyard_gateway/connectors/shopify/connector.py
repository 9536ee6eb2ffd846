"""Shopify (REST Admin API): web orders as a source, announced by signed webhooks."""

from collections.abc import Mapping

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from syncyard_common.canonical import Order
from syncyard_gateway.connectors.base import (
    Capabilities,
    ChangeIntake,
    Connector,
    Entity,
    WebhookEvent,
)
from syncyard_gateway.connectors.pacing import UNPACED, Pacer
from syncyard_gateway.connectors.shopify import translate, webhooks
from syncyard_gateway.connectors.shopify.client import ShopifyClient


class ShopifyCredentials(BaseModel):
    """What the setup form asks for: the shop, an Admin API token and the app's secret."""

    model_config = ConfigDict(extra="forbid", title="Shopify credentials")

    shop_domain: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]*\.myshopify\.com$",
        description="The shop's myshopify.com domain, e.g. demo-shop.myshopify.com",
    )
    access_token: SecretStr = Field(description="Admin API access token (shpat_...).")
    webhook_secret: SecretStr = Field(description="The app's client secret; signs webhooks.")
    api_version: str = Field(default="2025-01", pattern=r"^\d{4}-\d{2}$")
    base_url: str | None = Field(
        default=None, description="Override of https://{shop_domain} (simulators, tests)."
    )


class ShopifyConnector(Connector):
    name = "shopify"
    title = "Shopify"
    credentials_model = ShopifyCredentials
    capabilities = Capabilities(
        reads=frozenset({Entity.ORDERS}),
        writes=frozenset(),
        change_intake=ChangeIntake.WEBHOOKS,
        not_supported=[
            "images are not synced",
            "only orders are read so far; products, stock and customers are not synced yet",
            "reconciliation polling (updated_at_min) is not implemented yet",
        ],
    )

    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None:
        self.pacer = pacer
        if not isinstance(credentials, ShopifyCredentials):
            raise TypeError("ShopifyConnector needs ShopifyCredentials")
        self.credentials = credentials
        self.client = ShopifyClient(
            base_url=credentials.base_url or f"https://{credentials.shop_domain}",
            api_version=credentials.api_version,
            access_token=credentials.access_token.get_secret_value(),
            http=http,
        )

    async def test_connection(self) -> None:
        # orders/count needs read_orders, the scope this connector relies on anyway.
        await self.client.count_orders()

    async def get_order(self, order_id: str) -> Order:
        return translate.to_canonical_order(await self.client.get_order(order_id))

    def verify_webhook(
        self, *, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> WebhookEvent:
        del query  # Shopify signs the body alone
        return webhooks.verify(
            headers=headers,
            body=body,
            secret=self.credentials.webhook_secret.get_secret_value(),
            shop_domain=self.credentials.shop_domain,
        )
