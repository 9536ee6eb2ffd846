"""The connector base class, its capability protocols and the values they return."""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Protocol, runtime_checkable

import httpx
from pydantic import BaseModel, ConfigDict

from syncyard_common.canonical import Customer, Order
from syncyard_common.messages.orders import OrderCreateOptions


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


@dataclass(frozen=True)
class WebhookEvent:
    topic: str
    entity: Entity
    entity_id: str
    event_key: str
    payload: dict[str, Any]


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

    @abstractmethod
    def __init__(self, credentials: BaseModel, *, http: httpx.AsyncClient) -> None: ...

    @abstractmethod
    async def test_connection(self) -> None:
        """Make one real call; raise ConnectorAuthError, ConnectorTransientError, ..."""


@runtime_checkable
class OrderSource(Protocol):
    async def get_order(self, order_id: str) -> Order: ...


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
class CustomerTarget(Protocol):
    async def find_customer(self, email: str) -> Customer | None:
        """Exact, case-insensitive e-mail match."""
        ...

    async def upsert_customer(
        self, customer: Customer, *, existing_id: str | None
    ) -> UpsertedCustomer: ...


@runtime_checkable
class ProductTarget(Protocol):
    async def find_products_by_sku(self, skus: list[str]) -> dict[str, str]:
        """SKU → the target's id; SKUs the target does not know are absent."""
        ...


@runtime_checkable
class WebhookSource(Protocol):
    def verify_webhook(self, *, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Check the signature on the raw bytes before parsing; raise WebhookSignatureInvalid."""
        ...
