"""Orders: read by order number, find by our reference, create once, set statuses."""

from syncyard_common.canonical import Order, OrderStatus
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.base import CreatedOrder
from syncyard_gateway.connectors.ecwid import translate
from syncyard_gateway.connectors.ecwid.client import EcwidClient, numeric_id, parse
from syncyard_gateway.connectors.ecwid.payloads import EcwidOrder
from syncyard_gateway.connectors.errors import (
    ConnectorDataError,
    ConnectorTransientError,
    UnsupportedOperation,
)

# Canonical status → the Ecwid field and value that say it.
STATUS_FIELDS: dict[OrderStatus, tuple[str, str]] = {
    OrderStatus.PAID: ("paymentStatus", "PAID"),
    OrderStatus.SHIPPED: ("fulfillmentStatus", "SHIPPED"),
    OrderStatus.CANCELLED: ("paymentStatus", "CANCELLED"),
}


async def get(client: EcwidClient, order_id: str) -> EcwidOrder:
    answer = await client.get(f"/orders/{numeric_id(order_id, 'order')}")
    return parse(EcwidOrder, answer, "an order")


async def find(client: EcwidClient, external_reference: str) -> str | None:
    """The order number whose externalOrderId is our reference.

    The search has no externalOrderId filter; `keywords` reaches the private admin note the
    connector writes next to it, and the exact field is checked on every hit."""
    params: dict[str, str | int] = {"keywords": external_reference, "limit": 100}
    for row in await client.get_all("/orders", params):
        order = parse(EcwidOrder, row, "an order")
        if order.externalOrderId == external_reference:
            return str(order.orderNumber)
    return None


async def create(
    client: EcwidClient,
    order: Order,
    *,
    external_reference: str,
    options: OrderCreateOptions,
    currency: str,
) -> CreatedOrder:
    """Look up first (R11); Ecwid's 409 EXTERNAL_ID_ALREADY_USED is resolved the same way."""
    existing = await find(client, external_reference)
    if existing is not None:
        return CreatedOrder(target_order_id=existing, was_replayed=True)
    if order.currency != currency:
        raise ConnectorDataError(
            f"Order {external_reference!r} is in {order.currency}; this Ecwid store sells in "
            f"{currency} and orders carry no currency of their own.",
            code="currency_mismatch",
        )
    body = translate.to_order_body(order, external_reference=external_reference, options=options)
    try:
        created = await client.call("POST", "/orders", body=body)
    except ConnectorDataError as error:
        if error.code != "EXTERNAL_ID_ALREADY_USED":
            raise
        found = await find(client, external_reference)
        if found is None:
            raise ConnectorTransientError(
                f"Ecwid says order {external_reference!r} exists but cannot find it yet.",
                code="order_exists_not_found",
            ) from None
        return CreatedOrder(target_order_id=found, was_replayed=True)
    return CreatedOrder(target_order_id=str(created["id"]), was_replayed=False)


async def set_status(client: EcwidClient, order_id: str, status: OrderStatus) -> None:
    """PUT the one status field; nothing is sent when the order already has it."""
    if status not in STATUS_FIELDS:
        raise UnsupportedOperation(f"Ecwid orders cannot be set to {status}.")
    field, value = STATUS_FIELDS[status]
    current = await get(client, order_id)
    if getattr(current, field) == value:
        return
    await client.call("PUT", f"/orders/{current.orderNumber}", body={field: value})
