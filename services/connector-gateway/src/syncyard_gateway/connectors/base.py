"""The connector base class, its capability protocols and the values they return."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Protocol, runtime_checkable

import httpx
from pydantic import BaseModel, ConfigDict, Field

from syncyard_common.canonical import Category, Customer, Order, OrderStatus, Product, StockLevel
from syncyard_common.canonical.order_limits import OrderLimits
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.pacing import UNPACED, Pacer, RatePolicy


class Entity(StrEnum):
    ORDERS = "orders"
    PRODUCTS = "products"
    STOCK = "stock"
    CUSTOMERS = "customers"
    CATEGORIES = "categories"


class ChangeIntake(StrEnum):
    WEBHOOKS = "webhooks"
    POLLING = "polling"


class Capabilities(BaseModel):
    """What a connector can read and write; served by GET /v1/connectors."""

    model_config = ConfigDict(frozen=True)

    reads: frozenset[Entity]
    writes: frozenset[Entity]
    change_intake: ChangeIntake
    not_supported: list[str]
    webhook_topics: list[str] = Field(
        default_factory=list, description="Vendor events this connector takes in, if any."
    )
    order_statuses: frozenset[OrderStatus] = Field(
        default_factory=frozenset, description="Order statuses it can set (status sync back)."
    )
    polled_reads: frozenset[Entity] = Field(
        default_factory=frozenset,
        description="Entities a webhook connector has no webhooks for: their changes are polled.",
    )
    product_fields: frozenset[str] = Field(
        default_factory=frozenset,
        description="Canonical product texts it reads and writes beyond name, SKU and "
        "description (short_description, features).",
    )
    product_extras: frozenset[str] = Field(
        default_factory=frozenset,
        description="Its own product fields outside the canonical model, read into and "
        "written from the product's extras under these names (a mapping sets extras.<name>).",
    )
    order_limits: OrderLimits = Field(
        default_factory=OrderLimits,
        description="What an order written here can hold (texts, quantities, charges), from "
        "the vendor's spec; checked before any write.",
    )


@dataclass(frozen=True)
class WebhookEvent:
    topic: str
    entity: Entity
    entity_id: str
    event_key: str
    payload: dict[str, Any]


Record = Product | StockLevel | Customer | Order | Category


@dataclass(frozen=True)
class ChangePage:
    """One page of a change feed: records in the feed's order and where to resume after them.

    ``cursor`` is opaque to everybody but the connector (a sync marker, a timestamp plus id,
    a page token); it is persisted only after the records are durably handed on. A cursor of
    None asks for everything from the beginning (initial sync)."""

    records: list[Record]
    cursor: str | None
    has_more: bool


@dataclass(frozen=True)
class CreatedOrder:
    target_order_id: str
    was_replayed: bool


@dataclass(frozen=True)
class UpsertedCustomer:
    customer_id: str
    was_created: bool
    contact_id: str | None


class Connector(ABC):
    """One remote system. Instances are cheap: one per connection per use."""

    name: ClassVar[str]
    title: ClassVar[str]
    credentials_model: ClassVar[type[BaseModel]]
    capabilities: ClassVar[Capabilities]

    # The starting guess of how fast the vendor lets one account go, until its answers say
    # more; the gateway turns it into a Pacer on the account's budget, shared by every
    # connection and replica (R18). Connectors enter ``self.pacer.request()`` per HTTP call.
    rate_policy: ClassVar[RatePolicy] = RatePolicy()

    @classmethod
    def budget_account(cls, credentials: BaseModel) -> str | None:  # noqa: ARG003
        """The remote account whose request budget these credentials spend (a shop, a store,
        an API user): every connection to it shares one budget. None: the connection's own."""
        return None

    @abstractmethod
    def __init__(
        self, credentials: BaseModel, *, http: httpx.AsyncClient, pacer: Pacer = UNPACED
    ) -> None: ...

    def order_currency(self) -> str | None:
        """The one currency an order booked here must be in (the till's, from the
        connection); None: the order is booked in its own currency."""
        return None

    @abstractmethod
    async def test_connection(self) -> None:
        """Make one real call; raise ConnectorAuthError, ConnectorTransientError, ..."""


@runtime_checkable
class ChangeReader(Protocol):
    async def read_changes(
        self, entity: Entity, cursor: str | None, *, limit: int = 100
    ) -> ChangePage:
        """Records of ``entity`` changed after ``cursor`` (all when None), oldest first.

        Raise UnsupportedOperation for an entity not in ``capabilities.reads``."""
        ...


@runtime_checkable
class PeriodReader(Protocol):
    """Optional beside ChangeReader: records created in a period, read with the remote's own
    date filter (reconciliation); without it the whole feed is read and filtered."""

    async def read_period(
        self,
        entity: Entity,
        start: datetime | None,
        end: datetime | None,
        cursor: str | None,
        *,
        limit: int = 100,
    ) -> ChangePage:
        """Records of ``entity`` created in [start, end), page by page from ``cursor``."""
        ...


@runtime_checkable
class ChangeFeedHead(Protocol):
    """Optional beside ChangeReader: where the feed stands now, so polling can start there."""

    async def head_cursor(self, entity: Entity) -> str | None:
        """The cursor meaning "now": read_changes from it returns only later changes."""
        ...


@runtime_checkable
class OrderSource(Protocol):
    async def get_order(self, order_id: str) -> Order: ...


@runtime_checkable
class BatchOrderSource(OrderSource, Protocol):
    """Optional: many orders in one call (coalesced re-reads of a burst of webhooks)."""

    async def get_orders(self, order_ids: list[str]) -> dict[str, Order]:
        """Order id → the order; ids the source does not have are absent. At most 250 ids."""
        ...


@runtime_checkable
class OrderTarget(Protocol):
    async def find_order(self, external_reference: str) -> str | None: ...

    async def create_order(
        self,
        order: Order,
        *,
        external_reference: str,
        idempotency_key: str,
        options: OrderCreateOptions,
    ) -> CreatedOrder: ...


@runtime_checkable
class OrderStatusTarget(Protocol):
    async def set_order_status(self, order_id: str, status: OrderStatus) -> None:
        """Mark the order paid, shipped or cancelled; raise UnsupportedOperation for a status
        not in ``capabilities.order_statuses``. Setting the status it already has is a no-op."""
        ...


@runtime_checkable
class CustomerSource(Protocol):
    async def get_customer(self, customer_id: str) -> Customer: ...


@runtime_checkable
class CustomerTarget(Protocol):
    async def find_customer(self, email: str) -> Customer | None:
        """Exact, case-insensitive e-mail match."""
        ...

    async def upsert_customer(
        self, customer: Customer, *, existing_id: str | None
    ) -> UpsertedCustomer: ...


@runtime_checkable
class ProductSource(Protocol):
    async def get_product(self, product_id: str) -> Product: ...


@runtime_checkable
class SkuLookup(Protocol):
    """Enough for order lines: which SKUs a target knows, and under which id."""

    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        """SKU → the target's id; SKUs the target does not know are absent. Variant SKUs count:
        they map to the id of the product (or article) that holds the variant."""
        ...


@runtime_checkable
class ProductTarget(SkuLookup, Protocol):
    async def find_product(self, sku: str) -> Product | None:
        """The whole product (variants included) whose own or variant SKU is ``sku``."""
        ...

    async def create_product(self, product: Product, *, options: ProductWriteOptions) -> str:
        """Create with every field and variant; return the target's product id. Look up by
        SKU first, so a redelivered command updates instead of creating a second product."""
        ...

    async def update_product(
        self,
        product_id: str,
        product: Product,
        *,
        fields: frozenset[str] | None,
        options: ProductWriteOptions,
    ) -> None:
        """Overwrite only ``fields`` (canonical Product field names; None = all). Variants
        missing in the target are added; existing ones are matched by SKU."""
        ...


@runtime_checkable
class CategorySource(Protocol):
    async def get_category(self, category_id: str) -> Category: ...


@runtime_checkable
class CategoryTarget(Protocol):
    async def upsert_category(self, category: Category, *, parent_id: str | None) -> str:
        """Create the category under ``parent_id`` (the target's id; None = top level) or update
        the one with the same name under that parent; return the target's id."""
        ...


@runtime_checkable
class StockSource(Protocol):
    async def get_stock(self, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
        """Current levels of these SKUs; SKUs the system does not know are absent."""
        ...


@runtime_checkable
class StockTarget(Protocol):
    async def set_stock(self, sku: str, quantity: int, *, location_id: str | None) -> None:
        """Set the absolute level (never relative: a redelivery must not count twice)."""
        ...


@runtime_checkable
class WebhookSource(Protocol):
    def verify_webhook(
        self, *, headers: Mapping[str, str], body: bytes, query: Mapping[str, str]
    ) -> WebhookEvent:
        """Check the signature (or URL secret) before parsing; raise WebhookSignatureInvalid.

        ``entity_id`` is all the gateway trusts: it reads the record afresh before use."""
        ...


@runtime_checkable
class OversizedWebhookSource(Protocol):
    def webhook_notice(self, *, headers: Mapping[str, str], head: bytes) -> WebhookEvent | None:
        """The record a webhook too large to take in is about, from its headers and the first
        bytes of its body, or None. Unverified (the signature covers bytes never kept): only
        a hint to read that record afresh by id, as every webhook is."""
        ...
