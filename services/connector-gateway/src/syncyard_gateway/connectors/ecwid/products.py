"""Products and their combinations: SKU look-ups, create (look-up first), partial update."""

from syncyard_common.canonical import Product
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.ecwid import translate_products
from syncyard_gateway.connectors.ecwid.client import EcwidClient, numeric_id, parse
from syncyard_gateway.connectors.ecwid.payloads import EcwidCombination, EcwidProduct


def holds_sku(product: EcwidProduct, sku: str) -> bool:
    return product.sku == sku or any(c.sku == sku for c in product.combinations)


async def find_by_sku(client: EcwidClient, sku: str) -> EcwidProduct | None:
    """The product whose own or combination SKU is exactly ``sku`` (Ecwid's `sku` filter)."""
    answer = await client.get("/products", {"sku": sku, "limit": 100})
    for row in answer.get("items", []):
        product = parse(EcwidProduct, row, "a product")
        if holds_sku(product, sku):  # the filter is exact; checked again all the same
            return product
    return None


async def get(client: EcwidClient, product_id: str) -> EcwidProduct:
    answer = await client.get(f"/products/{numeric_id(product_id, 'product')}")
    return parse(EcwidProduct, answer, "a product")


async def find_ids(client: EcwidClient, skus: list[str]) -> dict[str, str]:
    """SKU → product id, one exact search per SKU; unknown SKUs are absent."""
    found: dict[str, str] = {}
    for sku in dict.fromkeys(s for s in skus if s):
        product = await find_by_sku(client, sku)
        if product is not None:
            found[sku] = str(product.id)
    return found


async def create(client: EcwidClient, product: Product, options: ProductWriteOptions) -> str:
    """Create with every field and variant; a redelivery finds the SKU and updates instead."""
    existing = await find_by_sku(client, product.sku)
    if existing is not None:
        await update(client, str(existing.id), product, fields=None, options=options)
        return str(existing.id)
    body = translate_products.to_product_body(product, fields=None, existing=None, options=options)
    created = await client.call("POST", "/products", body=body)
    product_id = str(created["id"])
    await _write_variants(client, product_id, product, combinations=[])
    return product_id


async def update(
    client: EcwidClient,
    product_id: str,
    product: Product,
    *,
    fields: frozenset[str] | None,
    options: ProductWriteOptions,
) -> None:
    """PUT only the named fields; variants (when named) are matched by SKU, missing ones added."""
    existing = await get(client, product_id)
    body = translate_products.to_product_body(
        product, fields=fields, existing=existing, options=options
    )
    if body:
        await client.call("PUT", f"/products/{existing.id}", body=body)
    if fields is None or "variants" in fields:
        await _write_variants(client, str(existing.id), product, existing.combinations)


async def _write_variants(
    client: EcwidClient, product_id: str, product: Product, combinations: list[EcwidCombination]
) -> None:
    by_sku = {c.sku: c for c in combinations if c.sku}
    for variant in product.variants:
        body = translate_products.to_combination_body(variant)
        known = by_sku.get(variant.sku)
        if known is None:
            await client.call("POST", f"/products/{product_id}/combinations", body=body)
        else:
            path = f"/products/{product_id}/combinations/{known.id}"
            await client.call("PUT", path, body=body)
