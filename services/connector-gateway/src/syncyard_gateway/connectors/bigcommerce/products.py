"""Product look-ups and writes: SKU search over products and variants, create, partial update."""

from syncyard_common.canonical import Product
from syncyard_common.messages.products import ProductWriteOptions
from syncyard_gateway.connectors.bigcommerce import translate
from syncyard_gateway.connectors.bigcommerce.client import BigCommerceClient
from syncyard_gateway.connectors.bigcommerce.payloads import BcProduct, BcVariant
from syncyard_gateway.connectors.errors import ConnectorNotFound

PRODUCTS = "/v3/catalog/products"
# `sku:in` takes a comma-separated list; keep URLs short.
SKU_BATCH = 50


async def variant_by_sku(client: BigCommerceClient, sku: str) -> BcVariant | None:
    """The variant (base or option variant) with exactly this SKU."""
    data, _ = await client.v3_list("/v3/catalog/variants", sku=sku)
    found = [BcVariant.model_validate(v) for v in data]
    return next((v for v in found if v.sku == sku), None)


async def find_ids_by_sku(client: BigCommerceClient, skus: list[str]) -> dict[str, str]:
    """SKU → product id: product SKUs via `sku:in`, the rest one by one via the variants
    endpoint (`?sku=` on products ignores variant SKUs)."""
    wanted = [sku for sku in dict.fromkeys(s.strip() for s in skus) if sku and "," not in sku]
    found: dict[str, str] = {}
    for start in range(0, len(wanted), SKU_BATCH):
        batch = wanted[start : start + SKU_BATCH]
        products = await client.v3_all(PRODUCTS, **{"sku:in": ",".join(batch)})
        for raw in products:
            product = BcProduct.model_validate(raw)
            if product.sku in batch:
                found[product.sku] = str(product.id)
    for sku in wanted:
        if sku not in found:
            variant = await variant_by_sku(client, sku)
            if variant is not None:
                found[sku] = str(variant.product_id)
    return found


async def get_product(client: BigCommerceClient, product_id: str) -> BcProduct:
    """The product with its variants and custom fields; ConnectorNotFound for a non-numeric id."""
    if not product_id.isdigit():
        raise ConnectorNotFound(f"{product_id!r} is not a BigCommerce product id.")
    answer = await client.get(f"{PRODUCTS}/{product_id}", include=translate.INCLUDE)
    return BcProduct.model_validate(answer["data"])


async def create_product(
    client: BigCommerceClient, product: Product, *, options: ProductWriteOptions, currency: str
) -> str:
    """Look up every SKU first so a redelivered command updates instead of duplicating."""
    skus = [product.sku, *(v.sku for v in product.variants)]
    existing = await find_ids_by_sku(client, skus)
    if existing:
        product_id = existing.get(product.sku) or next(iter(existing.values()))
        await update_product(
            client, product_id, product, fields=None, options=options, currency=currency
        )
        return product_id
    body = translate.new_product_body(product, options=options, currency=currency)
    answer = await client.call("POST", PRODUCTS, body=body)
    return str(answer["data"]["id"])


async def update_product(
    client: BigCommerceClient,
    product_id: str,
    product: Product,
    *,
    fields: frozenset[str] | None,
    options: ProductWriteOptions,
    currency: str,
) -> None:
    """PUT only the named fields; variants matched by SKU are updated, missing ones added."""
    stored = await get_product(client, product_id)
    ids = {field.name: field.id for field in stored.custom_fields}
    body = translate.product_body(
        product, fields=fields, options=options, currency=currency, custom_field_ids=ids
    )
    if stored.variants and any(v.option_values for v in stored.variants):
        body.pop("inventory_level", None)
        body.pop("inventory_tracking", None)
    if body:
        await client.call("PUT", f"{PRODUCTS}/{product_id}", body=body)
    if fields is not None and "variants" not in fields:
        return
    by_sku = {v.sku: v for v in stored.variants}
    for variant in product.variants:
        known = by_sku.get(variant.sku)
        if known is None:
            await client.call(
                "POST",
                f"{PRODUCTS}/{product_id}/variants",
                body=translate.variant_body(variant, currency),
            )
            continue
        changes = translate.variant_changes(variant, currency)
        if changes:
            await client.call("PUT", f"{PRODUCTS}/{product_id}/variants/{known.id}", body=changes)
