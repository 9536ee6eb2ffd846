"""Stock per location: SKU → inventory item via the variants, levels read and set absolutely."""

from syncyard_common.canonical import StockLevel
from syncyard_gateway.connectors.errors import ConnectorNotFound
from syncyard_gateway.connectors.shopify import rest, translate_products
from syncyard_gateway.connectors.shopify.shop import Shop

# inventory_levels.json takes at most 50 inventory item ids per call.
ITEMS_PER_CALL = 50


async def get_stock(shop: Shop, skus: list[str], *, location_id: str | None) -> list[StockLevel]:
    """Levels at ``location_id`` (None: the shop's first active location)."""
    location = await shop.location_id(location_id)
    variants = await shop.variants_by_sku([sku for sku in dict.fromkeys(skus) if sku])
    sku_of = {v.inventory_item_id: sku for sku, v in variants.items() if v.inventory_item_id}
    item_ids = sorted(sku_of)
    levels = []
    for start in range(0, len(item_ids), ITEMS_PER_CALL):
        chunk = item_ids[start : start + ITEMS_PER_CALL]
        levels += await rest.list_levels(shop.client, item_ids=chunk, location_ids=[location])
    return [
        translate_products.to_canonical_stock(level, sku=sku_of[level.inventory_item_id])
        for level in levels
        if level.available is not None
    ]


async def set_stock(shop: Shop, sku: str, quantity: int, *, location_id: str | None) -> None:
    """`inventory_levels/set.json`: absolute, so a redelivered command changes nothing more."""
    location = await shop.location_id(location_id)
    variant = (await shop.variants_by_sku([sku])).get(sku)
    if variant is None or variant.inventory_item_id is None:
        raise ConnectorNotFound(f"Shopify has no variant with SKU {sku!r}.")
    await rest.set_level(
        shop.client, item_id=variant.inventory_item_id, location_id=location, available=quantity
    )
