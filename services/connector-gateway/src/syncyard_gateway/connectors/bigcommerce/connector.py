"""BigCommerce: orders, products, stock, customers and categories, announced by webhooks."""

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

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
    Record,
    UpsertedCustomer,
    WebhookEvent,
)
from syncyard_gateway.connectors.bigcommerce import (
    allowance,
    categories,
    changes,
    customers,
    orders,
    periods,
    products,
    subscriptions,
    translate,
    webhooks,
)
from syncyard_gateway.connectors.bigcommerce.capabilities import CAPABILITIES
from syncyard_gateway.connectors.bigcommerce.client import BigCommerceClient
from syncyard_gateway.connectors.bigcommerce.payloads import (
    BcCategory,
    BcInventoryItem,
    BcProduct,
)
from syncyard_gateway.connectors.errors import ConnectorDataError, UnsupportedOperation
from syncyard_gateway.connectors.kit.credentials import own_credentials
from syncyard_gateway.connectors.pacing import UNPACED, Pacer, account_at
from syncyard_gateway.connectors.subscriptions import Subscription


class BigCommerceCredentials(BaseModel):
    """What the setup form asks for: the store, a store-level API token and the app secret."""

    model_config = ConfigDict(extra="forbid", title="BigCommerce credentials")

    store_hash: str = Field(
        pattern=r"^[a-z0-9]{1,32}$",
        description="The store hash from the API path, e.g. abc123 in "
        "https://api.bigcommerce.com/stores/abc123/v3/ (Settings → Store-level API accounts).",
    )
    access_token: SecretStr = Field(
        description="Access token of a store-level API account (X-Auth-Token), with modify "
        "scopes for Products, Orders, Customers and Information & Settings read."
    )
    client_secret: SecretStr = Field(
        description="Client secret of the same API account or app; BigCommerce signs webhooks "
        "with it (Standard Webhooks)."
    )
    location_id: int = Field(
        default=1, ge=1, description="Inventory location whose stock is read and set (1 = default)."
    )
    currency: str = Field(
        default="EUR",
        pattern=r"^[A-Z]{3}$",
        description="The store's default currency: catalogue prices are kept in it.",
    )
    base_url: str | None = Field(
        default=None,
        description="Override of https://api.bigcommerce.com (simulators and tests only).",
    )


class BigCommerceConnector(Connector):
    name = "bigcommerce"
    title = "BigCommerce"
    credentials_model = BigCommerceCredentials
    capabilities = CAPABILITIES
    # Until the store's first answer states its quota: 150 per 30 s (Standard/Plus).
    rate_policy = allowance.POLICY

    @classmethod
    def budget_account(cls, credentials: BaseModel) -> str | None:
        """The store: its quota is shared by every app and connection."""
        if not isinstance(credentials, BigCommerceCredentials):
            return None
        return account_at(credentials.store_hash, credentials.base_url)

    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None:
        self.pacer = pacer
        self.credentials = credentials = own_credentials(self, BigCommerceCredentials, credentials)
        self.currency = credentials.currency
        self.client = BigCommerceClient(
            base_url=credentials.base_url or "https://api.bigcommerce.com",
            store_hash=credentials.store_hash,
            access_token=credentials.access_token.get_secret_value(),
            http=http,
            pacer=pacer,
        )

    async def test_connection(self) -> None:
        await self.client.get("/v3/catalog/products", limit=1, include_fields="id")

    # --- webhook subscriptions (WebhookSubscriber) ---------------------------------------
    def webhook_topics(self, entities: Iterable[Entity]) -> list[str]:
        return subscriptions.scopes_for(entities)

    async def list_webhook_subscriptions(self) -> list[Subscription]:
        return await subscriptions.list_subscriptions(self.client)

    async def subscribe_webhook(self, *, topic: str, address: str) -> Subscription:
        return await subscriptions.subscribe(self.client, topic=topic, address=address)

    async def unsubscribe_webhook(self, subscription: Subscription) -> None:
        await subscriptions.unsubscribe(self.client, subscription)

    # --- change feed ------------------------------------------------------------------------
    async def read_period(
        self,
        entity: Entity,
        start: datetime | None,
        end: datetime | None,
        cursor: str | None,
        *,
        limit: int = 100,
    ) -> ChangePage:
        return await periods.read_period(self.client, entity, start, end, cursor, limit)

    async def read_changes(
        self, entity: Entity, cursor: str | None, *, limit: int = 100
    ) -> ChangePage:
        after = changes.CURSOR.decode(cursor)
        size = max(1, min(limit, 250))
        records: list[Record]
        if entity is Entity.ORDERS:
            found, more = await orders.changed(self.client, after, size)
            records = [await orders.read(self.client, o) for o in found]
            last = (found[-1].date_modified or changes.EPOCH, found[-1].id) if found else None
        elif entity is Entity.PRODUCTS:
            changed, more = await changes.collect(
                lambda page: _v3_page(self.client, "/v3/catalog/products", after, page, size,
                                      sort="date_modified", direction="asc",
                                      include=translate.INCLUDE),
                lambda p: (_moment(p["date_modified"]), p["id"]), after, size,
            )  # fmt: skip
            records = [translate.to_canonical_product(_product(p), self.currency) for p in changed]
            last = (_moment(changed[-1]["date_modified"]), changed[-1]["id"]) if changed else None
        elif entity is Entity.CUSTOMERS:
            people, more = await changes.collect(
                lambda page: _v3_page(self.client, "/v3/customers", after, page, size,
                                      sort="date_modified:asc", include="addresses"),
                lambda c: (_moment(c["date_modified"]), c["id"]), after, size,
            )  # fmt: skip
            records = [customers.to_canonical(c) for c in people]
            last = (_moment(people[-1]["date_modified"]), people[-1]["id"]) if people else None
        elif entity is Entity.CATEGORIES:
            found_categories, more = await categories.after(
                self.client, after[1] if after else None, size
            )
            records = [categories.to_canonical(c) for c in found_categories]
            last = (changes.EPOCH, found_categories[-1].id) if found_categories else None
        else:
            raise UnsupportedOperation(f"BigCommerce offers no change feed for {entity}.")
        next_cursor = changes.CURSOR.encode(last) if last else cursor
        return ChangePage(records=records, cursor=next_cursor, has_more=more)

    # --- orders -----------------------------------------------------------------------------
    async def get_order(self, order_id: str) -> Order:
        return await orders.get(self.client, order_id)

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
        del idempotency_key  # v2 has no idempotency keys: the reference look-up stands in
        existing = await orders.find(self.client, external_reference)
        if existing is not None:
            return CreatedOrder(target_order_id=existing, was_replayed=True)
        order_id = await orders.create(
            self.client, order, external_reference=external_reference, options=options
        )
        return CreatedOrder(target_order_id=order_id, was_replayed=False)

    async def set_order_status(self, order_id: str, status: OrderStatus) -> None:
        await orders.set_status(self.client, order_id, status)

    # --- products and categories ------------------------------------------------------------
    async def get_product(self, product_id: str) -> Product:
        product = await products.get_product(self.client, product_id)
        return translate.to_canonical_product(product, self.currency)

    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        return await products.find_ids_by_sku(self.client, skus)

    async def find_product(self, sku: str) -> Product | None:
        found = await products.find_ids_by_sku(self.client, [sku])
        return await self.get_product(found[sku]) if sku in found else None

    async def create_product(self, product: Product, *, options: ProductWriteOptions) -> str:
        return await products.create_product(
            self.client, product, options=options, currency=self.currency
        )

    async def update_product(
        self,
        product_id: str,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        await products.update_product(
            self.client, product_id, product, fields=fields, options=options,
            currency=self.currency,
        )  # fmt: skip

    async def get_category(self, category_id: str) -> Category:
        return await categories.get(self.client, category_id)

    async def upsert_category(self, category: Category, *, parent_id: str | None) -> str:
        parent = int(parent_id) if parent_id and parent_id.isdigit() else 0
        path = "/v3/catalog/categories"
        same = await self.client.v3_all(path, parent_id=parent, name=category.name)
        found = [BcCategory.model_validate(c) for c in same]
        match = next((c for c in found if c.name == category.name and c.parent_id == parent), None)
        description = category.description or ""
        if match is None:
            body = {"name": category.name, "parent_id": parent, "description": description}
            answer = await self.client.call("POST", path, body=body)
            return str(answer["data"]["id"])
        if match.description != description:
            await self.client.call("PUT", f"{path}/{match.id}", body={"description": description})
        return str(match.id)

    # --- stock ------------------------------------------------------------------------------
    def _location(self, location_id: str | None) -> int:
        if location_id is None:
            return self.credentials.location_id
        if not location_id.isdigit():
            raise ConnectorDataError(f"{location_id!r} is not a BigCommerce location id.")
        return int(location_id)

    async def get_stock(self, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
        location = self._location(location_id)
        wanted = [s for s in dict.fromkeys(skus) if s and "," not in s]
        items: list[BcInventoryItem] = []
        for start in range(0, len(wanted), products.SKU_BATCH):
            batch = ",".join(wanted[start : start + products.SKU_BATCH])
            params = {"sku:in": batch, "location_id:in": str(location)}
            raw = await self.client.v3_all("/v3/inventory/items", **params)
            items += [BcInventoryItem.model_validate(i) for i in raw]
        levels = translate.to_stock_levels(items, location)
        return [level for level in levels if level.sku in wanted]

    async def set_stock(self, sku: str, quantity: int, *, location_id: str | None) -> None:
        item = {
            "location_id": self._location(location_id),
            "sku": sku,
            "quantity": max(0, quantity),
        }
        body = {"reason": "Syncyard stock sync", "items": [item]}
        await self.client.call("PUT", "/v3/inventory/adjustments/absolute", body=body)

    # --- customers --------------------------------------------------------------------------
    async def get_customer(self, customer_id: str) -> Customer:
        return await customers.get(self.client, customer_id)

    async def find_customer(self, email: str) -> Customer | None:
        return await customers.find(self.client, email)

    async def upsert_customer(
        self, customer: Customer, *, existing_id: str | None
    ) -> UpsertedCustomer:
        return await customers.upsert(self.client, customer, existing_id=existing_id)

    # --- webhooks ---------------------------------------------------------------------------
    def verify_webhook(
        self, *, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> WebhookEvent:
        del query  # the signature covers id, timestamp and body
        return webhooks.verify(
            headers=headers,
            body=body,
            secret=self.credentials.client_secret.get_secret_value(),
            store_hash=self.credentials.store_hash,
        )


async def _v3_page(
    client: BigCommerceClient,
    path: str,
    after: changes.Position | None,
    page: int,
    size: int,
    **params: str | int,
) -> tuple[list[Any], bool]:
    if after is not None:
        # A full timestamp: BigCommerce appends the current time of day to a bare date.
        params["date_modified:min"] = after[0].astimezone(UTC).isoformat()
    return await client.v3_list(path, page=page, limit=size, **params)


def _moment(value: Any) -> datetime:
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _product(raw: Any) -> BcProduct:
    return BcProduct.model_validate(raw)
