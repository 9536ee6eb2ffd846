"""GraphQL views of products, variants and inventory items, and the `productVariants`
connection (relay cursors, `first/after`, `last/before`, `reverse`, `sortKey`, `query`)."""

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from graphql import GraphQLError

from syncyard_sim_shopify.graphql_search import parse_query
from syncyard_sim_shopify.store import Json, Store

MAX_PAGE = 250
# Sort keys the simulator orders by; every other key falls back to ID.
_SORT_FIELDS = {"SKU": "sku", "TITLE": "title", "POSITION": "position"}


def _utc(timestamp: str) -> str:
    """GraphQL DateTime: ISO 8601 in UTC with a Z, as Shopify prints it."""
    moment = datetime.fromisoformat(timestamp).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def product_view(store: Store, product: Json) -> Json:
    """A `Product` object from the REST product JSON."""
    tags = [tag.strip() for tag in str(product.get("tags") or "").split(",") if tag.strip()]
    return {
        "id": store.gid("Product", product["id"]),
        "legacyResourceId": str(product["id"]),
        "title": product["title"],
        "handle": product["handle"],
        "status": str(product["status"]).upper(),
        "vendor": product.get("vendor") or "",
        "productType": product.get("product_type") or "",
        "tags": tags,
        "createdAt": _utc(product["created_at"]),
        "updatedAt": _utc(product["updated_at"]),
    }


def variant_view(store: Store, variant: Json, product: Json) -> Json:
    """A `ProductVariant` object (with its product and inventory item) from REST JSON."""
    item_id = variant["inventory_item_id"]
    return {
        "id": store.gid("ProductVariant", variant["id"]),
        "legacyResourceId": str(variant["id"]),
        "sku": variant["sku"],
        "title": variant["title"],
        "displayName": f"{product['title']} - {variant['title']}",
        "barcode": variant.get("barcode"),
        "price": variant["price"],
        "compareAtPrice": variant.get("compare_at_price"),
        "inventoryQuantity": variant.get("inventory_quantity"),
        "position": variant["position"],
        "taxable": bool(variant.get("taxable", True)),
        "createdAt": _utc(variant["created_at"]),
        "updatedAt": _utc(variant["updated_at"]),
        "product": product_view(store, product),
        "inventoryItem": {
            "id": store.gid("InventoryItem", item_id),
            "legacyResourceId": str(item_id),
            "sku": variant["sku"],
            "tracked": variant.get("inventory_management") == "shopify",
            "createdAt": _utc(variant["created_at"]),
            "updatedAt": _utc(variant["updated_at"]),
        },
    }


def _legacy_id(gid: str, kind: str) -> int | None:
    prefix = f"gid://shopify/{kind}/"
    rest = gid.removeprefix(prefix)
    return int(rest) if gid.startswith(prefix) and rest.isdigit() else None


def variant_by_gid(store: Store, gid: str) -> Json | None:
    """`productVariant(id:)`: the variant, or null."""
    wanted = _legacy_id(gid, "ProductVariant")
    for product in store.products.values():
        for variant in product["variants"]:
            if variant["id"] == wanted:
                return variant_view(store, variant, product)
    return None


def product_by_gid(store: Store, gid: str) -> Json | None:
    """`product(id:)`: the product, or null."""
    wanted = _legacy_id(gid, "Product")
    product = store.products.get(wanted) if wanted is not None else None
    return product_view(store, product) if product is not None else None


def _encode(sort_value: Any, variant_id: int) -> str:
    raw = json.dumps({"last_id": variant_id, "last_value": str(sort_value)}, separators=(",", ":"))
    return base64.b64encode(raw.encode()).decode()


def _decode(cursor: str) -> tuple[str, int]:
    try:
        decoded = json.loads(base64.b64decode(cursor, validate=True))
        return str(decoded["last_value"]), int(decoded["last_id"])
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise GraphQLError(f"Invalid cursor for current pagination sort: {cursor}") from None


def variant_connection(
    store: Store,
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    reverse: bool = False,
    sortKey: str = "ID",
    query: str | None = None,
    savedSearchId: str | None = None,
) -> Json:
    """`productVariants`: matching variants in sort order, one relay page."""
    del savedSearchId  # saved searches are not simulated
    if (first is None) == (last is None):
        raise GraphQLError("you must provide one of first or last")
    size = first if first is not None else last
    assert size is not None
    if not 0 <= size <= MAX_PAGE:
        raise GraphQLError(f"The page size must be between 0 and {MAX_PAGE}.")
    matches = parse_query(query)
    field = _SORT_FIELDS.get(sortKey)

    def key(pair: tuple[Json, Json]) -> tuple[Any, int]:
        variant = pair[0]
        return (variant[field] if field else variant["id"]), variant["id"]

    def mark(cursor: str) -> tuple[Any, int]:
        value, variant_id = _decode(cursor)
        return (value if field in {"sku", "title"} else int(value)), variant_id

    found = [
        (variant, product)
        for product in store.products.values()
        for variant in product["variants"]
        if matches(variant, product)
    ]
    found.sort(key=key, reverse=reverse)
    keys = [key(pair) for pair in found]

    def beyond(k: tuple[Any, int], bound: tuple[Any, int]) -> bool:
        """Is ``k`` after ``bound`` in the listing's order (keyset, survives deletions)?"""
        return k < bound if reverse else k > bound

    start, end = 0, len(found)
    if after is not None:
        bound = mark(after)
        start = next((i for i, k in enumerate(keys) if beyond(k, bound)), len(found))
    if before is not None:
        bound = mark(before)
        end = next((i for i, k in enumerate(keys) if not beyond(bound, k)), len(found))
    if first is not None:
        chosen = range(start, max(start, min(end, start + size)))
    else:
        chosen = range(max(start, end - size), max(start, end))
    nodes = [variant_view(store, *found[i]) for i in chosen]
    cursors = [_encode(*keys[i]) for i in chosen]
    return {
        "nodes": nodes,
        "edges": [{"cursor": c, "node": n} for c, n in zip(cursors, nodes, strict=True)],
        "pageInfo": {
            "hasNextPage": bool(chosen) and chosen[-1] + 1 < len(found),
            "hasPreviousPage": bool(chosen) and chosen[0] > 0,
            "startCursor": cursors[0] if cursors else None,
            "endCursor": cursors[-1] if cursors else None,
        },
    }
