"""Order calls (v2): read with lines and addresses, find by reference, create, set status."""

from syncyard_common.canonical import Order, OrderStatus
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.bigcommerce import changes, order_translate, products
from syncyard_gateway.connectors.bigcommerce.client import BigCommerceClient
from syncyard_gateway.connectors.bigcommerce.payloads import BcOrder, BcOrderAddress, BcOrderProduct
from syncyard_gateway.connectors.errors import ConnectorNotFound, UnsupportedOperation

# Canonical status → v2 status id; PAID only applies while the order still awaits payment.
STATUS_IDS = {OrderStatus.PAID: 11, OrderStatus.SHIPPED: 2, OrderStatus.CANCELLED: 5}
AWAITING_PAYMENT_IDS = frozenset({0, 1, 7})


async def _order(client: BigCommerceClient, order_id: str) -> BcOrder:
    if not order_id.isdigit():
        raise ConnectorNotFound(f"{order_id!r} is not a BigCommerce order id.")
    return BcOrder.model_validate(await client.get(f"/v2/orders/{order_id}"))


async def read(client: BigCommerceClient, order: BcOrder) -> Order:
    """The canonical order: sub-resources are links in v2, so two more calls."""
    base = f"/v2/orders/{order.id}"
    lines = [BcOrderProduct.model_validate(x) for x in await client.v2_list(f"{base}/products")]
    shipping = await client.v2_list(f"{base}/shipping_addresses")
    addresses = [BcOrderAddress.model_validate(x) for x in shipping]
    return order_translate.to_canonical_order(order, lines, addresses)


async def get(client: BigCommerceClient, order_id: str) -> Order:
    return await read(client, await _order(client, order_id))


async def find(client: BigCommerceClient, external_reference: str) -> str | None:
    """The order whose `external_order_id` is our reference."""
    found = await client.v2_list("/v2/orders", external_order_id=external_reference)
    return next(
        (str(o["id"]) for o in found if o.get("external_order_id") == external_reference), None
    )


async def create(
    client: BigCommerceClient,
    order: Order,
    *,
    external_reference: str,
    options: OrderCreateOptions,
) -> str:
    """Catalogue lines for known SKUs (stock is reserved), custom lines for the rest."""
    known: dict[str, tuple[int, int]] = {}
    for sku in order.skus:
        variant = await products.variant_by_sku(client, sku)
        if variant is not None:
            known[sku] = (variant.product_id, variant.id)
    body = order_translate.order_body(
        order, external_reference=external_reference, options=options, catalogue=known
    )
    answer = await client.call("POST", "/v2/orders", body=body)
    return str(answer["id"])


async def set_status(client: BigCommerceClient, order_id: str, status: OrderStatus) -> None:
    """PUT `status_id`; a no-op when the order already has it (or is past payment, for PAID)."""
    if status not in STATUS_IDS:
        raise UnsupportedOperation(f"BigCommerce cannot set order status {status}.")
    current = await _order(client, order_id)
    wanted = STATUS_IDS[status]
    if current.status_id == wanted:
        return
    if status is OrderStatus.PAID and current.status_id not in AWAITING_PAYMENT_IDS:
        return
    await client.call("PUT", f"/v2/orders/{order_id}", body={"status_id": wanted})


async def changed(
    client: BigCommerceClient, after: changes.Position | None, size: int
) -> tuple[list[BcOrder], bool]:
    """Orders modified after the position, oldest first (v2: `min_date_modified`, 204 = end)."""

    async def fetch(page: int) -> tuple[list[BcOrder], bool]:
        params: dict[str, str | int] = {"sort": "date_modified:asc", "page": page, "limit": size}
        if after is not None:
            params["min_date_modified"] = after[0].isoformat()
        found = [BcOrder.model_validate(o) for o in await client.v2_list("/v2/orders", **params)]
        return found, len(found) == size

    return await changes.collect(
        fetch, lambda o: (o.date_modified or changes.EPOCH, o.id), after, size
    )
