"""Mailchimp (Marketing API 3.0): the shop's e-commerce data as a target, the audience as a
source of customers, announced by audience webhooks."""

import re
from collections.abc import Mapping
from datetime import UTC, datetime

import httpx
from pydantic import BaseModel, ConfigDict, Field, JsonValue, SecretStr, field_validator

from syncyard_common.canonical import (
    Category,
    ChargeKind,
    Customer,
    Order,
    OrderStatus,
    Product,
    StockLevel,
)
from syncyard_common.canonical.order_limits import OrderLimits
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.base import (
    Capabilities,
    ChangeIntake,
    ChangePage,
    Connector,
    CreatedOrder,
    Entity,
    UpsertedCustomer,
    WebhookEvent,
)
from syncyard_gateway.connectors.errors import (
    ConnectorDataError,
    ConnectorNotFound,
    UnsupportedOperation,
)
from syncyard_gateway.connectors.kit.credentials import own_credentials
from syncyard_gateway.connectors.mailchimp import changes, translate, webhooks
from syncyard_gateway.connectors.mailchimp.client import MailchimpClient, segment
from syncyard_gateway.connectors.mailchimp.payloads import (
    MailchimpCustomer,
    MailchimpMember,
    MailchimpOrder,
)
from syncyard_gateway.connectors.mailchimp.products import StoreProducts
from syncyard_gateway.connectors.pacing import UNPACED, Pacer, RatePolicy, account_at, fingerprint

# Mailchimp lists e-commerce records without "changed since": feeds by position.
POSITION_FEEDS = frozenset({Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK})
_API_KEY = re.compile(r"^[0-9a-f]{32}-[a-z]+[0-9]+$")
_API_KEY_HELP = "API key from Profile > Extras > API keys, e.g. 0123...cdef-us21."
_API_KEY_SCHEMA: dict[str, JsonValue] = {"pattern": _API_KEY.pattern}  # the validator checks it


class MailchimpCredentials(BaseModel):
    """What the setup form asks for; the key's suffix (-us21) picks the data centre."""

    model_config = ConfigDict(extra="forbid", title="Mailchimp credentials")

    api_key: SecretStr = Field(description=_API_KEY_HELP, json_schema_extra=_API_KEY_SCHEMA)
    store_id: str = Field(
        min_length=1,
        max_length=50,
        description="Id of the e-commerce store Syncyard fills; created on first use.",
    )
    list_id: str = Field(
        min_length=1,
        description="Audience id (Audience > Settings > Audience name and defaults). "
        "The store is tied to it for good.",
    )
    currency_code: str = Field(
        pattern=r"^[A-Z]{3}$", description="The store's currency (ISO 4217); fixed for good."
    )
    webhook_secret: SecretStr = Field(
        description="Secret placed in the audience webhook URL as ?secret=...; "
        "Mailchimp signs nothing, so this proves a webhook is genuine."
    )
    base_url: str | None = Field(
        default=None,
        description="Override of https://{dc}.api.mailchimp.com (simulators, tests).",
    )

    @field_validator("api_key")
    @classmethod
    def _key_has_data_centre(cls, value: SecretStr) -> SecretStr:
        if not _API_KEY.fullmatch(value.get_secret_value()):
            raise ValueError("must be a Mailchimp API key ending in its data centre, e.g. -us21")
        return value

    @property
    def data_centre(self) -> str:
        return self.api_key.get_secret_value().rsplit("-", 1)[1]


class MailchimpConnector(Connector):
    name = "mailchimp"
    title = "Mailchimp"
    credentials_model = MailchimpCredentials
    # No request rate; at most 10 simultaneous connections per API key (the 11th gets 429).
    rate_policy = RatePolicy(max_concurrent=10)

    @classmethod
    def budget_account(cls, credentials: BaseModel) -> str | None:
        """The API user, known by its key (named by a fingerprint, never the key itself)."""
        if not isinstance(credentials, MailchimpCredentials):
            return None
        return account_at(fingerprint(credentials.api_key.get_secret_value()), credentials.base_url)

    capabilities = Capabilities(
        reads=frozenset({Entity.CUSTOMERS, Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK}),
        writes=frozenset({Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK, Entity.CUSTOMERS}),
        change_intake=ChangeIntake.WEBHOOKS,
        webhook_topics=list(webhooks.TOPICS),
        # Audience webhooks cover members only: the store's feeds are polled.
        polled_reads=frozenset(POSITION_FEEDS),
        order_statuses=frozenset({OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
        # A short description is written as the description when the product has no long one.
        product_fields=frozenset({"short_description"}),
        product_extras=translate.PRODUCT_EXTRAS,
        not_supported=[
            "images are not synced",
            "categories are not synced: Mailchimp has no categories",
            "stock has no locations: one inventory_quantity per variant",
            "orders, products and stock are read as changes only when they are added (by "
            "position in the store's lists): Mailchimp has no changed-since filter for "
            "e-commerce data, so edits to records already read are not seen; everything in "
            "the store was written by Syncyard or another integration",
            "product fields Mailchimp does not keep (barcode, tax rate, features, categories, "
            "active flag) are not written",
            "order lines without a SKU are left out: Mailchimp lines must name a product",
            "marketing consent is never set from a shop: customers are written with "
            "opt_in_status false; consent comes only through the audience",
            "setting an order status may make Mailchimp send its order notification e-mails",
            "is_syncing is not switched on during initial loads",
            "orders in another currency than the store's (currency_code, fixed for good): "
            "refused naming both, or converted at the rate the order carries (order flow "
            "setting foreign_currency)",
        ],
        # Shipping in shipping_total, discounts in discount_total and each line's discount;
        # fees and gift cards count in order_total (Mailchimp has no field of their own).
        order_limits=OrderLimits(line_discounts=True, charges=dict.fromkeys(ChargeKind, "field")),
    )

    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None:
        self.pacer = pacer
        self.credentials = credentials = own_credentials(self, MailchimpCredentials, credentials)
        self.client = MailchimpClient(
            base_url=credentials.base_url or f"https://{credentials.data_centre}.api.mailchimp.com",
            api_key=credentials.api_key.get_secret_value(),
            http=http,
            pacer=pacer,
        )
        self.store_path = f"/ecommerce/stores/{segment(credentials.store_id)}"
        self.members_path = f"/lists/{segment(credentials.list_id)}/members"
        self.products = StoreProducts(self.client, credentials.store_id)
        self._store_checked = False

    @property
    def currency(self) -> str:
        return self.credentials.currency_code

    def order_currency(self) -> str:
        return self.credentials.currency_code

    async def test_connection(self) -> None:
        await self.client.get("/ping")
        # The audience must exist; the store may not yet (it is made on first write).
        await self.client.get(self.members_path, {"count": "1", "fields": "total_items"})
        await self._check_store(create=False)

    async def _check_store(self, *, create: bool = True) -> None:
        """Make the store on first use; refuse one tied to another audience or currency."""
        if self._store_checked:
            return
        store = await self.client.find(self.store_path)
        if store is None and create:
            body = {"id": self.credentials.store_id, "list_id": self.credentials.list_id,
                    "name": self.credentials.store_id, "currency_code": self.currency,
                    "platform": "Syncyard"}  # fmt: skip
            try:
                store = await self.client.call("POST", "/ecommerce/stores", body=body)
            except ConnectorDataError:  # made by a parallel call meanwhile
                store = await self.client.get(self.store_path)
        if store is None:
            return
        for key, wanted in (
            ("list_id", self.credentials.list_id),
            ("currency_code", self.currency),
        ):
            if str(store.get(key, "")).upper() != wanted.upper():
                raise ConnectorDataError(
                    f"Mailchimp store {self.credentials.store_id!r} has {key} "
                    f"{store.get(key)!r}, not {wanted!r}; Mailchimp never changes it.",
                    code="store_mismatch",
                )
        self._store_checked = True

    # --- change feeds ------------------------------------------------------------------

    async def read_changes(
        self, entity: Entity, cursor: str | None, *, limit: int = 100
    ) -> ChangePage:
        if entity == Entity.CUSTOMERS:
            cursor_state = changes.MEMBER_CURSOR.decode(cursor)
            return await changes.member_changes(self.client, self.members_path, cursor_state, limit)
        if entity in POSITION_FEEDS:
            path = f"{self.store_path}/{'orders' if entity == Entity.ORDERS else 'products'}"
            offset = changes.POSITION_CURSOR.decode(cursor)
            return await changes.added_records(
                self.client, path, entity, offset, limit, self.currency
            )
        raise UnsupportedOperation(f"Mailchimp offers no change feed for {entity.value}.")

    # --- orders --------------------------------------------------------------------------

    async def get_order(self, order_id: str) -> Order:
        answer = await self.client.get(f"{self.store_path}/orders/{segment(order_id)}")
        return translate.to_canonical_order(MailchimpOrder.model_validate(answer))

    async def find_order(self, external_reference: str) -> str | None:
        path = f"{self.store_path}/orders/{segment(external_reference)}"
        found = await self.client.find(path, {"fields": "id"})
        return str(found["id"]) if found else None

    async def create_order(
        self,
        order: Order,
        *,
        external_reference: str,
        idempotency_key: str,
        options: OrderCreateOptions,
    ) -> CreatedOrder:
        """PUT under our external reference, after a look-up (a retry changes nothing)."""
        del idempotency_key  # the external reference is the order's id: PUT is idempotent
        await self._check_store()
        existing = await self.find_order(external_reference)
        if existing is not None:
            return CreatedOrder(target_order_id=existing, was_replayed=True)
        email = (order.customer.email if order.customer else None) or order.email
        if not email:
            raise ConnectorDataError(
                f"Order {external_reference!r} has no e-mail address; Mailchimp needs one.",
                code="email_missing",
            )
        located = await self.products.locate(order.skus, hints=options.product_ids)
        missing = [sku for sku in order.skus if sku not in located]
        if missing:
            raise ConnectorDataError(
                f"Mailchimp store has no product with SKU {', '.join(missing)}; "
                "sync the products first.",
                code="product_missing",
            )
        body = translate.order_body(
            order,
            external_reference=external_reference,
            customer_id=options.customer_id or translate.email_id(email),
            email=email,
            variants={sku: (p.product_id, p.variant_id) for sku, p in located.items()},
        )
        path = f"{self.store_path}/orders/{segment(external_reference)}"
        await self.client.call("PUT", path, body=body)
        return CreatedOrder(target_order_id=external_reference, was_replayed=False)

    async def set_order_status(self, order_id: str, status: OrderStatus) -> None:
        if status not in self.capabilities.order_statuses:
            raise UnsupportedOperation(f"Mailchimp cannot set order status {status.value}.")
        path = f"{self.store_path}/orders/{segment(order_id)}"
        order = MailchimpOrder.model_validate(await self.client.get(path))
        patch = translate.status_patch(order, status)
        if not patch:
            return
        if status == OrderStatus.CANCELLED:
            patch["cancelled_at_foreign"] = datetime.now(UTC).replace(microsecond=0).isoformat()
        await self.client.call("PATCH", path, body=patch)

    # --- products and stock --------------------------------------------------------------

    async def get_product(self, product_id: str) -> Product:
        product = await self.products.product(product_id)
        if product is None:
            raise ConnectorNotFound(f"Mailchimp store has no product {product_id!r}.")
        return translate.to_canonical_product(product, self.currency)

    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        located = await self.products.locate(skus, products=True)
        return {sku: place.product_id for sku, place in located.items()}

    async def find_product(self, sku: str) -> Product | None:
        located = (await self.products.locate([sku], products=True)).get(sku)
        return await self.get_product(located.product_id) if located else None

    async def create_product(self, product: Product, *, options: ProductWriteOptions) -> str:
        await self._check_store()
        found = await self.find_products_by_sku([product.sku])
        if product.sku in found:
            await self.update_product(found[product.sku], product, fields=None, options=options)
            return found[product.sku]
        return await self.products.create(product, self.currency)

    async def update_product(
        self,
        product_id: str,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        del options  # no categories or locations in Mailchimp
        existing = await self.products.product(product_id)
        if existing is None:
            raise ConnectorNotFound(f"Mailchimp store has no product {product_id!r}.")
        await self.products.update(existing, product, fields, self.currency)

    async def get_stock(self, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
        del location_id  # one level per variant
        levels = []
        located = await self.products.locate(skus)
        for sku in dict.fromkeys(skus):  # in the order asked for
            where = located.get(sku)
            product = await self.products.product(where.product_id) if where else None
            variant = next(
                (v for v in product.variants if where and v.id == where.variant_id), None
            ) if product else None  # fmt: skip
            if variant is not None:
                levels.append(StockLevel(sku=sku, available=variant.inventory_quantity or 0))
        return levels

    async def set_stock(self, sku: str, quantity: int, *, location_id: str | None) -> None:
        del location_id  # one level per variant
        where = (await self.products.locate([sku])).get(sku)
        if where is None:
            raise ConnectorNotFound(f"Mailchimp store has no product or variant with SKU {sku!r}.")
        body = {"inventory_quantity": quantity}
        await self.products.write_variant(where.product_id, where.variant_id, body, exists=True)

    async def upsert_category(self, category: Category, *, parent_id: str | None) -> str:
        del category, parent_id
        raise UnsupportedOperation("Mailchimp has no categories.")

    # --- customers -----------------------------------------------------------------------

    async def get_customer(self, customer_id: str) -> Customer:
        """An e-commerce customer, else the audience member with that id (subscriber hash)."""
        found = await self.client.find(f"{self.store_path}/customers/{segment(customer_id)}")
        if found is not None:
            return translate.to_canonical_customer(MailchimpCustomer.model_validate(found))
        member = await self.client.find(f"{self.members_path}/{segment(customer_id)}")
        if member is None:
            raise ConnectorNotFound(f"Mailchimp has no customer or member {customer_id!r}.")
        return translate.member_to_customer(MailchimpMember.model_validate(member))

    async def find_customer(self, email: str) -> Customer | None:
        wanted = email.strip().casefold()
        params = {"email_address": email.strip(), "count": "10"}
        page = await self.client.find(f"{self.store_path}/customers", params)
        for raw in (page or {}).get("customers") or []:
            customer = MailchimpCustomer.model_validate(raw)
            if customer.email_address.strip().casefold() == wanted:
                return translate.to_canonical_customer(customer)
        return None

    async def upsert_customer(
        self, customer: Customer, *, existing_id: str | None
    ) -> UpsertedCustomer:
        """PUT under the found id or the e-mail's hash, so a retry updates the same one."""
        if not customer.email:
            raise ConnectorDataError(
                "Mailchimp needs an e-mail address for every customer.", code="email_missing"
            )
        await self._check_store()
        if existing_id is None:
            found = await self.find_customer(customer.email)
            existing_id = found.id if found else None
        customer_id = existing_id or translate.email_id(customer.email)
        path = f"{self.store_path}/customers/{segment(customer_id)}"
        was_created = existing_id is None and await self.client.find(path) is None
        body = translate.customer_body(customer, customer_id, customer.email.strip())
        await self.client.call("PUT", path, body=body)
        return UpsertedCustomer(customer_id=customer_id, was_created=was_created, contact_id=None)

    # --- webhooks ------------------------------------------------------------------------

    def webhook_query(self) -> dict[str, str]:
        """What the advertised webhook URL carries so it works as given: ``?secret=``."""
        return {"secret": self.credentials.webhook_secret.get_secret_value()}

    def verify_webhook(
        self, *, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> WebhookEvent:
        del headers  # Mailchimp signs nothing; the secret is in the URL
        return webhooks.verify(
            query=query,
            body=body,
            secret=self.credentials.webhook_secret.get_secret_value(),
            list_id=self.credentials.list_id,
        )
