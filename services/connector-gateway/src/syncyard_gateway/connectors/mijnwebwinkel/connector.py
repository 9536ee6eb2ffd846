"""MijnWebwinkel (MyOnlineStore Connect API v1): a polled shop for orders, products and stock."""

from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from syncyard_common.canonical import (
    Category,
    Customer,
    Order,
    OrderStatus,
    Product,
    StockLevel,
)
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
)
from syncyard_gateway.connectors.kit.credentials import own_credentials
from syncyard_gateway.connectors.mijnwebwinkel import changes, translate
from syncyard_gateway.connectors.mijnwebwinkel.client import (
    DEFAULT_BASE_URL,
    MijnWebwinkelClient,
)
from syncyard_gateway.connectors.mijnwebwinkel.customers import Customers
from syncyard_gateway.connectors.mijnwebwinkel.orders import Orders
from syncyard_gateway.connectors.mijnwebwinkel.products import StoreProducts
from syncyard_gateway.connectors.pacing import (
    UNPACED,
    Pacer,
    RatePolicy,
    account_at,
    fingerprint,
)

Language = Literal[
    "nl_NL", "en_GB", "de_DE", "fr_FR", "es_ES", "en_US", "pt_PT", "it_IT", "da_DK", "sv_SE",
    "no_NO", "tr_TR", "pl_PL",
]  # fmt: skip


class MijnWebwinkelCredentials(BaseModel):
    """What the setup form asks for; both tokens travel as query parameters on every call."""

    model_config = ConfigDict(extra="forbid", title="MijnWebwinkel credentials")

    token: SecretStr = Field(
        description="Store API token: in the MijnWebwinkel admin under Settings → API → "
        "Add token (keep it active)."
    )
    partner_token: SecretStr = Field(
        description="Partner token of the registered partner application, issued by "
        "MijnWebwinkel (MyOnlineStore) to the integrator."
    )
    language: Language = Field(
        default="nl_NL", description="Store language in which names and descriptions are read."
    )
    option_list_ids: dict[str, int] = Field(
        default_factory=dict,
        description="Option lists that build variants, by attribute name, e.g. "
        '{"Maat": 193177, "Kleur": 193178}; the id is in the list\'s address in the admin.',
    )
    base_url: str | None = Field(
        default=None, description=f"Override of {DEFAULT_BASE_URL} (simulators, tests)."
    )


class MijnWebwinkelConnector(Connector):
    name = "mijnwebwinkel"
    title = "MijnWebwinkel"
    credentials_model = MijnWebwinkelCredentials
    # The allowance per partner and store is not published: stay well below any sane limit.
    rate_policy = RatePolicy(per_second=3.0, burst=10)

    @classmethod
    def budget_account(cls, credentials: BaseModel) -> str | None:
        """The store as seen by the partner app: both tokens (named by a fingerprint)."""
        if not isinstance(credentials, MijnWebwinkelCredentials):
            return None
        tokens = (
            f"{credentials.partner_token.get_secret_value()}:{credentials.token.get_secret_value()}"
        )
        return account_at(fingerprint(tokens), credentials.base_url)

    capabilities = Capabilities(
        reads=frozenset({Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK}),
        writes=frozenset(
            {Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK, Entity.CUSTOMERS, Entity.CATEGORIES}
        ),
        change_intake=ChangeIntake.POLLING,
        order_statuses=frozenset({OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
        product_fields=frozenset({"features"}),
        product_extras=translate.PRODUCT_EXTRAS,
        not_supported=[
            "images are not synced",
            "shipping, payment fees, order discounts and gift cards are not written on an order "
            "(only its lines): the order is written without them and the run records the "
            "difference between the shop's total and the source's; line discounts likewise. "
            "Orders are written with disable_shipping=true, so the store adds no shipping "
            "costs of its own",
            "no webhooks: MijnWebwinkel has none, so changes are polled (changed_start_date "
            "for articles and stock, status_changed_start_date for orders)",
            "customer changes are not read: the customer API has no change-date filter and no "
            "paging; customers are written and looked up by e-mail only",
            "category changes are not read: categories carry no change timestamps",
            "no SKU filter in the API: SKU look-ups scan the article list, 100 per call, up to "
            "20,000 articles",
            "variants carry no SKU, price or barcode in the API: the SKU is kept in an "
            "invisible article field variant_sku:<variant id>; variants without one are not "
            "synced; variant prices and barcodes are not written",
            "option lists (e.g. Maat, Kleur) cannot be created through the API: make them in "
            "the admin and name their ids in option_list_ids",
            "orders are found by our reference by scanning the newest 1,000 orders (the "
            "debtor's when the e-mail is known): the API cannot filter on a reference",
            "only paid, shipped and cancelled are set as order status, matched on the "
            "store's English status names",
            "one stock level per article or variant: stock locations are not supported",
        ],
    )

    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None:
        self.pacer = pacer
        credentials = own_credentials(self, MijnWebwinkelCredentials, credentials)
        self.credentials = credentials
        self.client = MijnWebwinkelClient(
            base_url=credentials.base_url or DEFAULT_BASE_URL,
            token=credentials.token.get_secret_value(),
            partner_token=credentials.partner_token.get_secret_value(),
            language=credentials.language,
            http=http,
            pacer=pacer,
        )
        self.products = StoreProducts(self.client, credentials.option_list_ids)
        self.orders = Orders(self.client)
        self.customers = Customers(self.client)

    async def test_connection(self) -> None:
        # /store needs both tokens, as every call this connector makes does.
        await self.products.store()

    async def read_changes(
        self, entity: Entity, cursor: str | None, *, limit: int = 100
    ) -> ChangePage:
        return await changes.read_changes(self.client, entity, cursor, limit)

    async def get_order(self, order_id: str) -> Order:
        return await self.orders.get_order(order_id)

    async def find_order(self, external_reference: str) -> str | None:
        return await self.orders.find_order(external_reference)

    async def create_order(
        self,
        order: Order,
        *,
        external_reference: str,
        idempotency_key: str,
        options: OrderCreateOptions,
    ) -> CreatedOrder:
        del idempotency_key  # the API has no idempotency key: the reference look-up guards
        return await self.orders.create_order(order, external_reference, options)

    async def set_order_status(self, order_id: str, status: OrderStatus) -> None:
        await self.orders.set_order_status(order_id, status)

    async def get_product(self, product_id: str) -> Product:
        return await self.products.to_product(await self.products.get_article(product_id))

    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        return {sku: str(hit.article.id) for sku, hit in (await self.products.scan(skus)).items()}

    async def find_product(self, sku: str) -> Product | None:
        hit = (await self.products.scan([sku])).get(sku.strip())
        return await self.products.to_product(hit.article) if hit else None

    async def create_product(self, product: Product, *, options: ProductWriteOptions) -> str:
        return await self.products.create_product(product, options)

    async def update_product(
        self,
        product_id: str,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        await self.products.update_product(product_id, product, fields, options)

    async def upsert_category(self, category: Category, *, parent_id: str | None) -> str:
        return await self.products.upsert_category(category, parent_id)

    async def get_stock(self, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
        del location_id  # one stock level per article or variant
        return await self.products.get_stock(skus)

    async def set_stock(self, sku: str, quantity: int, *, location_id: str | None) -> None:
        del location_id  # one stock level per article or variant
        await self.products.set_stock(sku, quantity)

    async def get_customer(self, customer_id: str) -> Customer:
        return await self.customers.get_customer(customer_id)

    async def find_customer(self, email: str) -> Customer | None:
        return await self.customers.find_customer(email)

    async def upsert_customer(
        self, customer: Customer, *, existing_id: str | None
    ) -> UpsertedCustomer:
        return await self.customers.upsert_customer(customer, existing_id)
