"""Ecwid (REST API v3): orders, products, stock, customers and categories, both ways."""

from collections.abc import Iterable, Mapping

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
from syncyard_gateway.connectors.ecwid import (
    categories,
    changes,
    customers,
    orders,
    products,
    stock,
    subscriptions,
    translate,
    translate_products,
    webhooks,
)
from syncyard_gateway.connectors.ecwid.capabilities import CAPABILITIES
from syncyard_gateway.connectors.ecwid.client import EcwidClient
from syncyard_gateway.connectors.ecwid.profile import StoreProfile
from syncyard_gateway.connectors.kit.credentials import own_credentials
from syncyard_gateway.connectors.pacing import UNPACED, Pacer, RatePolicy, account_at
from syncyard_gateway.connectors.subscriptions import ManualSetup


class EcwidCredentials(BaseModel):
    """What the setup form asks for: the store id, the app's token and its client secret."""

    model_config = ConfigDict(extra="forbid", title="Ecwid credentials")

    store_id: int = Field(
        ge=1,
        description="Ecwid store id: the number in the footer of the Ecwid admin "
        "(Settings → General) and in https://app.ecwid.com/api/v3/{storeId}/.",
    )
    access_token: SecretStr = Field(
        min_length=1,
        description="The app's secret access token (secret_...): Ecwid admin → Apps → "
        "My apps → the custom app → Access tokens.",
    )
    client_secret: SecretStr = Field(
        min_length=1,
        description="The app's client secret (same page as the token); Ecwid signs "
        "webhooks with it.",
    )
    base_url: str | None = Field(
        default=None,
        description="Override of https://app.ecwid.com (simulators, tests); leave empty.",
    )


class EcwidConnector(Connector):
    name = "ecwid"
    title = "Ecwid"
    credentials_model = EcwidCredentials
    capabilities = CAPABILITIES
    # Ecwid: 800 requests per minute per store plus a burst of 100 (it sends no figures).
    rate_policy = RatePolicy(per_second=13, burst=100)

    @classmethod
    def budget_account(cls, credentials: BaseModel) -> str | None:
        """The store: Ecwid meters requests per store."""
        if not isinstance(credentials, EcwidCredentials):
            return None
        return account_at(str(credentials.store_id), credentials.base_url)

    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None:
        self.pacer = pacer
        self.credentials = credentials = own_credentials(self, EcwidCredentials, credentials)
        self.client = EcwidClient(
            base_url=credentials.base_url or "https://app.ecwid.com",
            store_id=credentials.store_id,
            access_token=credentials.access_token.get_secret_value(),
            http=http,
            pacer=pacer,
        )
        self.profile = StoreProfile(self.client)

    async def test_connection(self) -> None:
        # The profile needs read_store_profile and names the currency every order uses.
        await self.profile.currency()

    async def read_changes(
        self, entity: Entity, cursor: str | None, *, limit: int = 100
    ) -> ChangePage:
        return await changes.read_changes(self.client, self.profile, entity, cursor, limit)

    # --- orders -------------------------------------------------------------------------
    async def get_order(self, order_id: str) -> Order:
        order = await orders.get(self.client, order_id)
        return translate.to_canonical_order(order, currency=await self.profile.currency())

    async def find_order(self, external_reference: str) -> str | None:
        return await orders.find(self.client, external_reference)

    async def create_order(
        self,
        order: Order,
        *,
        external_reference: str,
        idempotency_key: str,
        options: OrderCreateOptions,
    ) -> CreatedOrder:
        del idempotency_key  # Ecwid offers none; externalOrderId is unique instead (R11)
        return await orders.create(
            self.client,
            order,
            external_reference=external_reference,
            options=options,
            currency=await self.profile.currency(),
        )

    async def set_order_status(self, order_id: str, status: OrderStatus) -> None:
        await orders.set_status(self.client, order_id, status)

    # --- products and stock -------------------------------------------------------------
    async def get_product(self, product_id: str) -> Product:
        product = await products.get(self.client, product_id)
        currency = await self.profile.currency()
        return translate_products.to_canonical_product(product, currency=currency)

    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        return await products.find_ids(self.client, skus)

    async def find_product(self, sku: str) -> Product | None:
        found = await products.find_by_sku(self.client, sku)
        if found is None:
            return None
        currency = await self.profile.currency()
        return translate_products.to_canonical_product(found, currency=currency)

    async def create_product(self, product: Product, *, options: ProductWriteOptions) -> str:
        return await products.create(self.client, product, options)

    async def update_product(
        self,
        product_id: str,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        await products.update(self.client, product_id, product, fields=fields, options=options)

    async def get_stock(self, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
        del location_id  # Ecwid keeps one level per product or variant
        return await stock.get_levels(self.client, skus)

    async def set_stock(self, sku: str, quantity: int, *, location_id: str | None) -> None:
        del location_id
        await stock.set_level(self.client, sku, quantity)

    # --- customers and categories -------------------------------------------------------
    async def get_customer(self, customer_id: str) -> Customer:
        return await customers.get(self.client, customer_id)

    async def find_customer(self, email: str) -> Customer | None:
        return await customers.find(self.client, email)

    async def upsert_customer(
        self, customer: Customer, *, existing_id: str | None
    ) -> UpsertedCustomer:
        return await customers.upsert(self.client, customer, existing_id)

    async def upsert_category(self, category: Category, *, parent_id: str | None) -> str:
        return await categories.upsert(self.client, category, parent_id)

    # --- webhooks -----------------------------------------------------------------------
    def webhook_setup(self, entities: Iterable[Entity]) -> ManualSetup:
        return subscriptions.setup(entities)

    def verify_webhook(
        self, *, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> WebhookEvent:
        del query  # ?eventtype= repeats the body's eventType, which is what the HMAC covers
        return webhooks.verify(
            headers=headers,
            body=body,
            client_secret=self.credentials.client_secret.get_secret_value(),
            store_id=self.credentials.store_id,
        )
