"""Stock: read from the product or combination holding a SKU; set absolutely with a PUT."""

from syncyard_common.canonical import StockLevel
from syncyard_gateway.connectors.ecwid import translate_products
from syncyard_gateway.connectors.ecwid.client import EcwidClient
from syncyard_gateway.connectors.ecwid.products import find_by_sku
from syncyard_gateway.connectors.errors import ConnectorNotFound


async def get_levels(client: EcwidClient, skus: list[str]) -> list[StockLevel]:
    """Tracked levels of these SKUs; unknown SKUs and unlimited stock are absent."""
    levels: list[StockLevel] = []
    for sku in dict.fromkeys(s for s in skus if s):
        product = await find_by_sku(client, sku)
        if product is None:
            continue
        levels += [
            level for level in translate_products.to_canonical_stock(product) if level.sku == sku
        ]
        if product.sku == sku and product.combinations and not product.unlimited:
            # A product with combinations also has a level of its own in Ecwid.
            levels.append(StockLevel(sku=sku, available=product.quantity or 0))
    return levels


async def set_level(client: EcwidClient, sku: str, quantity: int) -> None:
    """Absolute write (`quantity` + `unlimited: false`), never the relative inventory call:
    a redelivered command must not count twice."""
    product = await find_by_sku(client, sku)
    if product is None:
        raise ConnectorNotFound(f"Ecwid has no product or variant with SKU {sku!r}.")
    body = {"quantity": quantity, "unlimited": False}
    combination = next((c for c in product.combinations if c.sku == sku), None)
    if product.sku == sku or combination is None:
        await client.call("PUT", f"/products/{product.id}", body=body)
    else:
        await client.call("PUT", f"/products/{product.id}/combinations/{combination.id}", body=body)
