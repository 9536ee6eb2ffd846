"""One small function per command type: call the connector, return the result message."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from syncyard_common.messages import customers, orders, products
from syncyard_common.messages.envelope import Message
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors import errors as connector_errors


@dataclass(frozen=True)
class Outcome:
    result: Message
    entity_ref: str | None


@dataclass(frozen=True)
class Operation:
    """How one command type runs: its payload model, audit step name and connector call."""

    model: type[BaseModel]
    step: str
    run: Callable[[base.Connector, Any], Awaitable[Outcome]]


def reference(command: BaseModel) -> str | None:
    """The entity a merchant would search the activity log for (order number, e-mail, SKU)."""
    order = getattr(command, "order", None)
    customer = getattr(command, "customer", None)
    candidates = (
        getattr(order, "number", None),
        getattr(command, "external_reference", None),
        getattr(command, "source_order_id", None),
        getattr(command, "email", None),
        getattr(customer, "email", None),
        ", ".join(getattr(command, "skus", [])[:5]),
    )
    return next((str(value) for value in candidates if value), None)


def _unsupported(connector: base.Connector, what: str) -> connector_errors.UnsupportedOperation:
    return connector_errors.UnsupportedOperation(f"{connector.title} cannot {what}.")


async def fetch_order(connector: base.Connector, command: orders.FetchOrderV1) -> Outcome:
    if not isinstance(connector, base.OrderSource):
        raise _unsupported(connector, "read orders")
    order = await connector.get_order(command.source_order_id)
    return Outcome(orders.OrderFetchedV1(order=order), order.number or order.source_id)


async def find_order(connector: base.Connector, command: orders.FindOrderV1) -> Outcome:
    if not isinstance(connector, base.OrderTarget):
        raise _unsupported(connector, "look up orders")
    found = await connector.find_order(command.external_reference)
    result = orders.OrderFoundV1(
        external_reference=command.external_reference, target_order_id=found
    )
    return Outcome(result, command.external_reference)


async def create_order(connector: base.Connector, command: orders.CreateOrderV1) -> Outcome:
    if not isinstance(connector, base.OrderTarget):
        raise _unsupported(connector, "create orders")
    created = await connector.create_order(
        command.order,
        external_reference=command.external_reference,
        idempotency_key=command.idempotency_key,
        options=command.options,
    )
    result = orders.OrderCreatedV1(
        external_reference=command.external_reference,
        target_order_id=created.target_order_id,
        was_replayed=created.was_replayed,
    )
    return Outcome(result, command.order.number or command.external_reference)


async def find_customer(connector: base.Connector, command: customers.FindCustomerV1) -> Outcome:
    if not isinstance(connector, base.CustomerTarget):
        raise _unsupported(connector, "look up customers")
    found = await connector.find_customer(command.email)
    return Outcome(customers.CustomerFoundV1(email=command.email, customer=found), command.email)


async def upsert_customer(
    connector: base.Connector, command: customers.UpsertCustomerV1
) -> Outcome:
    if not isinstance(connector, base.CustomerTarget):
        raise _unsupported(connector, "create or update customers")
    upserted = await connector.upsert_customer(command.customer, existing_id=command.existing_id)
    result = customers.CustomerUpsertedV1(
        customer_id=upserted.customer_id,
        was_created=upserted.was_created,
        contact_id=upserted.contact_id,
    )
    return Outcome(result, command.customer.email)


async def check_products(connector: base.Connector, command: products.CheckProductsV1) -> Outcome:
    if not isinstance(connector, base.ProductTarget):
        raise _unsupported(connector, "look up products")
    found = await connector.find_products_by_sku(command.skus)
    missing = [sku for sku in dict.fromkeys(command.skus) if sku not in found]
    result = products.ProductsCheckedV1(found=found, missing=missing)
    return Outcome(result, ", ".join(command.skus[:5]) or None)


OPERATIONS: dict[str, Operation] = {
    "gateway.order.fetch.v1": Operation(orders.FetchOrderV1, "fetch_order", fetch_order),
    "gateway.order.find.v1": Operation(orders.FindOrderV1, "find_order", find_order),
    "gateway.order.create.v1": Operation(orders.CreateOrderV1, "create_order", create_order),
    "gateway.customer.find.v1": Operation(customers.FindCustomerV1, "find_customer", find_customer),
    "gateway.customer.upsert.v1": Operation(
        customers.UpsertCustomerV1, "upsert_customer", upsert_customer
    ),
    "gateway.products.check.v1": Operation(
        products.CheckProductsV1, "check_products", check_products
    ),
}
