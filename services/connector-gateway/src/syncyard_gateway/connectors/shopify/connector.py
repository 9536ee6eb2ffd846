"""Shopify (REST Admin API): orders, products, stock, customers and collections, both ways."""

from collections.abc import Iterable, Mapping
from datetime import datetime

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from syncyard_common.canonical import Category, Customer, Order, OrderStatus, Product, StockLevel
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.base import (
    ChangePage,
    Connector,
    CreatedOrder,
    Entity,
    UpsertedCustomer,
    WebhookEvent,
)
from syncyard_gateway.connectors.errors import UnsupportedOperation
from syncyard_gateway.connectors.kit.credentials import own_credentials
from syncyard_gateway.connectors.pacing import UNPACED, Pacer, account_at
from syncyard_gateway.connectors.shopify import (
    allowance,
    categories,
    changes,
    customers,
    orders,
    periods,
    products,
    rest,
    stock,
    subscriptions,
    translate,
    webhooks,
)
from syncyard_gateway.connectors.shopify.capabilities import CAPABILITIES
from syncyard_gateway.connectors.shopify.client import ShopifyClient, is_numeric_id
from syncyard_gateway.connectors.shopify.shop import Shop
from syncyard_gateway.connectors.subscriptions import Subscription


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
    capabilities = CAPABILITIES
    # Until the shop's first answer names its plan: the Standard REST bucket (40, 2/s).
    rate_policy = allowance.REST_POLICY

    @classmethod
    def budget_account(cls, credentials: BaseModel) -> str | None:
        """The shop: Shopify meters an app's calls per shop."""
        if not isinstance(credentials, ShopifyCredentials):
            return None
        return account_at(credentials.shop_domain, credentials.base_url)

    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None:
        self.pacer = pacer
        self.credentials = credentials = own_credentials(self, ShopifyCredentials, credentials)
        self.client = ShopifyClient(
            base_url=credentials.base_url or f"https://{credentials.shop_domain}",
            api_version=credentials.api_version,
            access_token=credentials.access_token.get_secret_value(),
            http=http,
            pacer=pacer,
        )
        self.shop = Shop(self.client)

    async def test_connection(self) -> None:
        # orders/count needs read_orders, the scope this connector relies on anyway.
        await rest.count_orders(self.client)

    # --- webhook subscriptions (WebhookSubscriber) ---------------------------------------
    def webhook_topics(self, entities: Iterable[Entity]) -> list[str]:
        return subscriptions.topics_for(entities)

    async def list_webhook_subscriptions(self) -> list[Subscription]:
        return await subscriptions.list_subscriptions(self.client)

    async def subscribe_webhook(self, *, topic: str, address: str) -> Subscription:
        return await subscriptions.subscribe(self.client, topic=topic, address=address)

    async def unsubscribe_webhook(self, subscription: Subscription) -> None:
        await subscriptions.unsubscribe(self.client, subscription)

    # --- change feed ----------------------------------------------------------------------
    async def read_changes(
        self, entity: Entity, cursor: str | None, *, limit: int = 100
    ) -> ChangePage:
        if entity not in self.capabilities.reads:
            raise UnsupportedOperation(f"Shopify cannot read changes of {entity}.")
        return await changes.read_changes(self.shop, entity, cursor, limit)

    async def read_period(
        self,
        entity: Entity,
        start: datetime | None,
        end: datetime | None,
        cursor: str | None,
        *,
        limit: int = 100,
    ) -> ChangePage:
        return await periods.read_period(self.shop, entity, start, end, cursor, limit)

    # --- orders ---------------------------------------------------------------------------
    async def get_order(self, order_id: str) -> Order:
        return translate.to_canonical_order(await rest.get_order(self.client, order_id))

    async def get_orders(self, order_ids: list[str]) -> dict[str, Order]:
        # An id that is no Shopify id is simply not found; it must not fail the others.
        asked = {order_id: order_id for order_id in order_ids if is_numeric_id(order_id)}
        if not asked:
            return {}
        read = await rest.get_orders(self.client, list(asked))
        return {
            asked[str(order.id)]: translate.to_canonical_order(order)
            for order in read
            if str(order.id) in asked
        }

    async def find_order(self, external_reference: str) -> str | None:
        return await orders.find_order(self.client, external_reference)

    async def create_order(
        self,
        order: Order,
        *,
        external_reference: str,
        idempotency_key: str,
        options: OrderCreateOptions,
    ) -> CreatedOrder:
        del idempotency_key  # Shopify REST has none; the order name is the guard (R11)
        return await orders.create_order(
            self.client, order, external_reference=external_reference, options=options
        )

    async def set_order_status(self, order_id: str, status: OrderStatus) -> None:
        if status not in self.capabilities.order_statuses:
            raise UnsupportedOperation(f"Shopify cannot mark an order {status}.")
        await orders.set_order_status(self.client, order_id, status)

    # --- products -------------------------------------------------------------------------
    async def get_category(self, category_id: str) -> Category:
        record = await changes.get_category(self.shop, category_id)
        assert isinstance(record, Category)
        return record

    async def get_product(self, product_id: str) -> Product:
        return await products.get_product(self.shop, product_id)

    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        return await products.find_products_by_sku(self.shop, skus)

    async def find_product(self, sku: str) -> Product | None:
        return await products.find_product(self.shop, sku)

    async def create_product(self, product: Product, *, options: ProductWriteOptions) -> str:
        return await products.create_product(self.shop, product, options=options)

    async def update_product(
        self,
        product_id: str,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        await products.update_product(
            self.shop, product_id, product, fields=fields, options=options
        )

    async def upsert_category(self, category: Category, *, parent_id: str | None) -> str:
        return await categories.upsert_category(self.client, category, parent_id=parent_id)

    # --- stock ----------------------------------------------------------------------------
    async def get_stock(self, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
        return await stock.get_stock(self.shop, skus, location_id=location_id)

    async def set_stock(self, sku: str, quantity: int, *, location_id: str | None) -> None:
        await stock.set_stock(self.shop, sku, quantity, location_id=location_id)

    # --- customers ------------------------------------------------------------------------
    async def get_customer(self, customer_id: str) -> Customer:
        return await customers.get_customer(self.client, customer_id)

    async def find_customer(self, email: str) -> Customer | None:
        return await customers.find_customer(self.client, email)

    async def upsert_customer(
        self, customer: Customer, *, existing_id: str | None
    ) -> UpsertedCustomer:
        return await customers.upsert_customer(self.client, customer, existing_id=existing_id)

    # --- webhooks -------------------------------------------------------------------------
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

    def webhook_notice(self, *, headers: Mapping[str, str], head: bytes) -> WebhookEvent | None:
        return webhooks.notice(headers=headers, head=head, shop_domain=self.credentials.shop_domain)
