"""Shopify REST resources this connector uses: one small typed call per endpoint."""

from datetime import datetime
from typing import Any

from syncyard_gateway.connectors.shopify import payloads as p
from syncyard_gateway.connectors.shopify.client import ShopifyClient, numeric_id, parse

Body = dict[str, Any]


# --- shop, locations, inventory -----------------------------------------------------------
async def get_shop(client: ShopifyClient) -> p.ShopifyShop:
    return parse(p.ShopifyShop, (await client.get("/shop.json")).get("shop"), "the shop")


async def list_locations(client: ShopifyClient) -> list[p.ShopifyLocation]:
    answer = await client.get("/locations.json")
    return [parse(p.ShopifyLocation, row, "a location") for row in answer.get("locations", [])]


async def list_levels(
    client: ShopifyClient,
    *,
    item_ids: list[int] | None = None,
    location_ids: list[int] | None = None,
    updated_at_min: datetime | None = None,
) -> list[p.ShopifyInventoryLevel]:
    params: dict[str, str] = {}
    if item_ids:
        params["inventory_item_ids"] = ",".join(map(str, item_ids))
    if location_ids:
        params["location_ids"] = ",".join(map(str, location_ids))
    if updated_at_min:
        params["updated_at_min"] = updated_at_min.isoformat()
    rows = await client.get_all("/inventory_levels.json", "inventory_levels", params=params)
    return [parse(p.ShopifyInventoryLevel, row, "an inventory level") for row in rows]


async def set_level(
    client: ShopifyClient, *, item_id: int, location_id: int, available: int
) -> None:
    body = {"location_id": location_id, "inventory_item_id": item_id, "available": available}
    await client.call("POST", "/inventory_levels/set.json", body=body)


async def list_items(client: ShopifyClient, item_ids: list[int]) -> list[p.ShopifyInventoryItem]:
    items: list[p.ShopifyInventoryItem] = []
    for start in range(0, len(item_ids), 100):  # the endpoint takes at most 100 ids
        ids = ",".join(map(str, item_ids[start : start + 100]))
        answer = await client.get("/inventory_items.json", params={"ids": ids})
        rows = answer.get("inventory_items", [])
        items += [parse(p.ShopifyInventoryItem, row, "an inventory item") for row in rows]
    return items


# --- orders -----------------------------------------------------------------------------
async def get_order(client: ShopifyClient, order_id: str) -> p.ShopifyOrder:
    path = f"/orders/{numeric_id(order_id, 'order')}.json"
    return parse(p.ShopifyOrderAnswer, await client.get(path), "an order").order


async def get_orders(client: ShopifyClient, order_ids: list[str]) -> list[p.ShopifyOrder]:
    """Up to 250 orders in one call (``ids``); ``status=any`` or closed ones are left out."""
    ids = ",".join(str(numeric_id(order_id, "order")) for order_id in dict.fromkeys(order_ids))
    params = {"ids": ids, "status": "any", "limit": "250"}
    rows = (await client.get("/orders.json", params=params)).get("orders", [])
    return [parse(p.ShopifyOrder, row, "an order") for row in rows]


async def count_orders(client: ShopifyClient) -> int:
    answer = await client.get("/orders/count.json", params={"status": "any"})
    return int(answer.get("count", 0))


async def find_order_by_name(client: ShopifyClient, name: str) -> int | None:
    params = {"status": "any", "name": name, "fields": "id,name"}
    rows = await client.get_all("/orders.json", "orders", params=params)
    return next((int(row["id"]) for row in rows if row.get("name") == name), None)


async def create_order(client: ShopifyClient, order: Body) -> int:
    answer = await client.call("POST", "/orders.json", body={"order": order})
    return int(answer["order"]["id"])


async def cancel_order(client: ShopifyClient, order_id: int) -> None:
    body = {"reason": "other", "email": False}
    await client.call("POST", f"/orders/{order_id}/cancel.json", body=body)


async def create_transaction(client: ShopifyClient, order_id: int, transaction: Body) -> None:
    body = {"transaction": transaction}
    await client.call("POST", f"/orders/{order_id}/transactions.json", body=body)


async def list_transactions(client: ShopifyClient, order_id: int) -> list[Body]:
    answer = await client.get(f"/orders/{order_id}/transactions.json")
    return list(answer.get("transactions", []))


async def list_fulfillment_orders(
    client: ShopifyClient, order_id: int
) -> list[p.ShopifyFulfillmentOrder]:
    answer = await client.get(f"/orders/{order_id}/fulfillment_orders.json")
    rows = answer.get("fulfillment_orders", [])
    return [parse(p.ShopifyFulfillmentOrder, row, "a fulfillment order") for row in rows]


async def create_fulfillment(client: ShopifyClient, fulfillment_order_ids: list[int]) -> None:
    groups = [{"fulfillment_order_id": fo_id} for fo_id in fulfillment_order_ids]
    body = {"fulfillment": {"line_items_by_fulfillment_order": groups, "notify_customer": False}}
    await client.call("POST", "/fulfillments.json", body=body)


# --- products and collections ------------------------------------------------------------
async def get_product(client: ShopifyClient, product_id: str) -> p.ShopifyProduct:
    answer = await client.get(f"/products/{numeric_id(product_id, 'product')}.json")
    return parse(p.ShopifyProduct, answer.get("product"), "a product")


async def create_product(client: ShopifyClient, product: Body) -> p.ShopifyProduct:
    answer = await client.call("POST", "/products.json", body={"product": product})
    return parse(p.ShopifyProduct, answer.get("product"), "a product")


async def update_product(client: ShopifyClient, product_id: int, product: Body) -> None:
    body = {"product": {"id": product_id} | product}
    await client.call("PUT", f"/products/{product_id}.json", body=body)


async def collections_titled(client: ShopifyClient, title: str) -> list[p.ShopifyCollection]:
    rows = await client.get_all(
        "/custom_collections.json", "custom_collections", params={"title": title}
    )
    return [parse(p.ShopifyCollection, row, "a collection") for row in rows]


async def collection_metafields(
    client: ShopifyClient, collection_id: int
) -> list[p.ShopifyMetafield]:
    answer = await client.get(f"/collections/{collection_id}/metafields.json")
    return [parse(p.ShopifyMetafield, row, "a metafield") for row in answer.get("metafields", [])]


async def create_collection(client: ShopifyClient, collection: Body) -> int:
    body = {"custom_collection": collection}
    answer = await client.call("POST", "/custom_collections.json", body=body)
    return int(answer["custom_collection"]["id"])


async def update_collection(client: ShopifyClient, collection_id: int, collection: Body) -> None:
    body = {"custom_collection": {"id": collection_id} | collection}
    await client.call("PUT", f"/custom_collections/{collection_id}.json", body=body)


async def collects_of(client: ShopifyClient, product_id: int) -> list[p.ShopifyCollect]:
    rows = await client.get_all(
        "/collects.json", "collects", params={"product_id": str(product_id)}
    )
    return [parse(p.ShopifyCollect, row, "a collect") for row in rows]


async def create_collect(client: ShopifyClient, *, product_id: int, collection_id: int) -> None:
    body = {"collect": {"product_id": product_id, "collection_id": collection_id}}
    await client.call("POST", "/collects.json", body=body)


# --- customers --------------------------------------------------------------------------
async def get_customer(client: ShopifyClient, customer_id: str) -> p.ShopifyCustomer:
    answer = await client.get(f"/customers/{numeric_id(customer_id, 'customer')}.json")
    return parse(p.ShopifyCustomer, answer.get("customer"), "a customer")


async def search_customers(client: ShopifyClient, email: str) -> list[p.ShopifyCustomer]:
    answer = await client.get("/customers/search.json", params={"query": f"email:{email}"})
    return [parse(p.ShopifyCustomer, row, "a customer") for row in answer.get("customers", [])]


async def create_customer(client: ShopifyClient, customer: Body) -> int:
    answer = await client.call("POST", "/customers.json", body={"customer": customer})
    return int(answer["customer"]["id"])


async def update_customer(client: ShopifyClient, customer_id: int, customer: Body) -> None:
    body = {"customer": {"id": customer_id} | customer}
    await client.call("PUT", f"/customers/{customer_id}.json", body=body)


# --- change feed --------------------------------------------------------------------------
async def changes_page(
    client: ShopifyClient,
    path: str,
    root: str,
    *,
    updated_at_min: datetime | None,
    page_info: str | None,
    limit: int,
    **filters: str,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of a list in (updated_at, id) order, oldest first, and the next `page_info`.

    `order=updated_at asc` sorts by update time (default: by id); Shopify keeps the order and
    the filters inside `page_info`, so a record changed meanwhile moves to the end."""
    params = dict(filters) | {"order": "updated_at asc"}
    if updated_at_min is not None:
        params["updated_at_min"] = updated_at_min.isoformat()
    return await client.get_page(path, root, params=params, page_info=page_info, limit=limit)
