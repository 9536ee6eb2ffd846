"""Orders as a target (imported, named by our reference) and status sync back to Shopify."""

from typing import Any

from syncyard_common.canonical import Order, OrderStatus
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.base import CreatedOrder
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorTransientError
from syncyard_gateway.connectors.shopify import rest, translate
from syncyard_gateway.connectors.shopify.client import ShopifyClient
from syncyard_gateway.connectors.shopify.payloads import ShopifyOrder

SETTLED = frozenset({"paid", "partially_refunded", "refunded"})


async def find_order(client: ShopifyClient, external_reference: str) -> str | None:
    found = await rest.find_order_by_name(client, external_reference)
    return str(found) if found is not None else None


async def create_order(
    client: ShopifyClient, order: Order, *, external_reference: str, options: OrderCreateOptions
) -> CreatedOrder:
    """Import the order named ``external_reference``; an order with that name means done."""
    existing = await find_order(client, external_reference)
    if existing is not None:
        return CreatedOrder(target_order_id=existing, was_replayed=True)
    body = translate.from_canonical_order(
        order,
        name=external_reference,
        variant_ids=await _variant_ids(client, order, options),
        customer_id=options.customer_id,
    )
    try:
        created = await rest.create_order(client, body)
    except ConnectorDataError as exc:
        if exc.code != "already_taken":
            raise
        # R11: an earlier attempt whose answer was lost made it.
        existing = await find_order(client, external_reference)
        if existing is None:
            raise ConnectorTransientError(
                f"Shopify says order {external_reference!r} exists but cannot find it yet.",
                code="order_exists_not_found",
            ) from None
        return CreatedOrder(target_order_id=existing, was_replayed=True)
    return CreatedOrder(target_order_id=str(created), was_replayed=False)


async def _variant_ids(
    client: ShopifyClient, order: Order, options: OrderCreateOptions
) -> dict[str, int]:
    """SKU → variant id for lines whose product the product check found (else custom lines)."""
    product_ids = {options.product_ids[sku] for sku in order.skus if sku in options.product_ids}
    variant_ids: dict[str, int] = {}
    for product_id in sorted(product_ids):
        product = await rest.get_product(client, product_id)
        for variant in product.variants:
            if variant.sku and variant.sku in order.skus:
                variant_ids.setdefault(variant.sku, variant.id)
    return variant_ids


async def set_order_status(client: ShopifyClient, order_id: str, status: OrderStatus) -> None:
    """Cancel, fulfil everything still open, or record the payment; no-op when already so."""
    order = await rest.get_order(client, order_id)
    if status is OrderStatus.CANCELLED:
        if order.cancelled_at is None:
            await rest.cancel_order(client, order.id)
    elif status is OrderStatus.SHIPPED:
        if order.fulfillment_status != "fulfilled":
            open_ones = [
                fo.id
                for fo in await rest.list_fulfillment_orders(client, order.id)
                if fo.status in {"open", "in_progress"}
            ]
            if open_ones:
                await rest.create_fulfillment(client, open_ones)
    elif order.financial_status not in SETTLED:
        await rest.create_transaction(client, order.id, await _payment(client, order.id, order))


async def _payment(client: ShopifyClient, order_id: int, order: ShopifyOrder) -> dict[str, Any]:
    """Capture an open authorization, else import the payment as an external sale."""
    amount = order.total_outstanding or order.total_price
    authorization = next(
        (
            t
            for t in await rest.list_transactions(client, order_id)
            if t.get("kind") == "authorization" and t.get("status") == "success"
        ),
        None,
    )
    if authorization is not None:
        return {"kind": "capture", "parent_id": authorization["id"], "amount": amount}
    return {"kind": "sale", "source": "external", "status": "success", "amount": amount}
