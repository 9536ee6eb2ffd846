"""Products as a target and a source: SKU lookup by scan, create-or-update, collects, stock."""

from syncyard_common.canonical import Product
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.shopify import rest, translate_products
from syncyard_gateway.connectors.shopify.categories import put_in_collections
from syncyard_gateway.connectors.shopify.payloads import ShopifyProduct
from syncyard_gateway.connectors.shopify.shop import Shop

ALL_FIELDS = frozenset(Product.model_fields)


async def get_product(shop: Shop, product_id: str) -> Product:
    return await _canonical(shop, await rest.get_product(shop.client, product_id))


async def _canonical(shop: Shop, product: ShopifyProduct) -> Product:
    return translate_products.to_canonical_product(
        product, currency=await shop.currency(), prices_include_tax=await shop.prices_include_tax()
    )


async def find_products_by_sku(shop: Shop, skus: list[str]) -> dict[str, str]:
    wanted = [sku for sku in dict.fromkeys(skus) if sku]
    if not wanted:
        return {}
    variants = await shop.variants_by_sku(wanted)
    return {sku: str(variant.product_id) for sku, variant in variants.items()}


async def find_product(shop: Shop, sku: str) -> Product | None:
    found = await find_products_by_sku(shop, [sku])
    return await get_product(shop, found[sku]) if sku in found else None


async def create_product(shop: Shop, product: Product, *, options: ProductWriteOptions) -> str:
    """Create with every field, unless a product with one of its SKUs exists (then update),
    so a redelivered command never makes a second product."""
    skus = [product.sku, *(variant.sku for variant in product.variants)]
    found = await find_products_by_sku(shop, skus)
    existing = next((found[sku] for sku in skus if sku in found), None)
    if existing is not None:
        await update_product(shop, existing, product, fields=None, options=options)
        return existing
    body = translate_products.from_canonical_product(product)
    created = await rest.create_product(shop.client, body)
    await _after_write(shop, created, product, fields=ALL_FIELDS, options=options)
    return str(created.id)


async def update_product(
    shop: Shop,
    product_id: str,
    product: Product,
    *,
    fields: frozenset[str] | None,
    options: ProductWriteOptions,
) -> None:
    """Overwrite only ``fields`` (None = all); variants matched by SKU, missing ones added."""
    wanted = ALL_FIELDS if fields is None else fields
    existing = await rest.get_product(shop.client, product_id)
    body = translate_products.product_update(product, existing, wanted)
    if body:
        await rest.update_product(shop.client, existing.id, body)
        if "quantity" in wanted and "variants" in body:
            existing = await rest.get_product(shop.client, product_id)  # new variants' items
    await _after_write(shop, existing, product, fields=wanted, options=options)


async def _after_write(
    shop: Shop,
    stored: ShopifyProduct,
    product: Product,
    *,
    fields: frozenset[str],
    options: ProductWriteOptions,
) -> None:
    """Collection membership and stock: separate resources in Shopify."""
    if "category_ids" in fields:
        # Categories not synced yet have no collection; they are left out, not guessed.
        targets = [
            options.category_ids[c] for c in product.category_ids if c in options.category_ids
        ]
        if targets:
            await put_in_collections(shop.client, stored.id, targets)
    if "quantity" not in fields:
        return
    wanted = {v.sku: v.quantity for v in product.variants if v.quantity is not None}
    if not product.variants and product.quantity is not None:
        wanted[product.sku] = product.quantity
    if not wanted:
        return
    location_id = await shop.location_id(options.location_id)
    for variant in stored.variants:
        if variant.sku in wanted and variant.inventory_item_id is not None:
            await rest.set_level(
                shop.client,
                item_id=variant.inventory_item_id,
                location_id=location_id,
                available=wanted[variant.sku],
            )
