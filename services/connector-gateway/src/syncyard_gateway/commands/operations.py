"""The table of gateway commands: message type → payload model, audit step and connector call."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from syncyard_common.messages import categories, order_status, records, stock
from syncyard_common.messages import customers as customer_messages
from syncyard_common.messages import orders as order_messages
from syncyard_common.messages import products as product_messages
from syncyard_gateway.commands import changes, customers, orders, place_order, products
from syncyard_gateway.commands.outcome import Outcome
from syncyard_gateway.connectors import base

__all__ = ["OPERATIONS", "Operation", "Outcome", "reference"]


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
    product = getattr(command, "product", None)
    candidates = (
        getattr(order, "number", None),
        getattr(command, "external_reference", None),
        getattr(command, "source_order_id", None),
        getattr(command, "email", None),
        getattr(customer, "email", None),
        getattr(product, "sku", None),
        getattr(command, "sku", None),
        getattr(command, "record_id", None),
        ", ".join(getattr(command, "skus", [])[:5]),
    )
    return next((str(value) for value in candidates if value), None)


def _op(
    model: type[BaseModel], step: str, run: Callable[[base.Connector, Any], Awaitable[Outcome]]
) -> tuple[str, Operation]:
    return model.model_fields["type"].default, Operation(model, step, run)


OPERATIONS: dict[str, Operation] = dict(
    (
        _op(order_messages.FetchOrderV1, "fetch_order", orders.fetch_order),
        _op(order_messages.FindOrderV1, "find_order", orders.find_order),
        _op(order_messages.CreateOrderV1, "create_order", orders.create_order),
        _op(order_messages.PlaceOrderV1, "place_order", place_order.place_order),
        _op(order_status.SetOrderStatusV1, "set_order_status", orders.set_order_status),
        _op(customer_messages.FindCustomerV1, "find_customer", customers.find_customer),
        _op(customer_messages.UpsertCustomerV1, "upsert_customer", customers.upsert_customer),
        _op(product_messages.CheckProductsV1, "check_products", products.check_products),
        _op(product_messages.FindProductV1, "find_product", products.find_product),
        _op(product_messages.WriteProductV1, "write_product", products.write_product),
        _op(categories.UpsertCategoryV1, "upsert_category", products.upsert_category),
        _op(stock.GetStockV1, "get_stock", products.get_stock),
        _op(stock.SetStockV1, "set_stock", products.set_stock),
        _op(records.ReadChangesV1, "read_changes", changes.read_changes),
        _op(records.FetchRecordV1, "fetch_record", changes.fetch_record),
    )
)
