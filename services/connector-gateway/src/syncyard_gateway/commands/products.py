"""Product, category and stock commands against a target (and stock reads from a source)."""

from syncyard_common.messages import categories, products, stock
from syncyard_gateway.commands.outcome import Outcome, require, unsupported
from syncyard_gateway.connectors import base


async def check_products(connector: base.Connector, command: products.CheckProductsV1) -> Outcome:
    # A SKU look-up serves order lines too, so a target that only takes orders may answer it.
    if not isinstance(connector, base.SkuLookup):
        raise unsupported(connector, "look up products")
    found = await connector.find_products_by_sku(command.skus)
    missing = [sku for sku in dict.fromkeys(command.skus) if sku not in found]
    result = products.ProductsCheckedV1(found=found, missing=missing)
    return Outcome(result, ", ".join(command.skus[:5]) or None)


async def find_product(connector: base.Connector, command: products.FindProductV1) -> Outcome:
    require(connector, base.Entity.PRODUCTS, "write")
    if not isinstance(connector, base.ProductTarget):
        raise unsupported(connector, "look up products")
    found = await connector.find_product(command.sku)
    ids = await connector.find_products_by_sku([command.sku]) if found else {}
    result = products.ProductFoundV1(
        sku=command.sku, product_id=ids.get(command.sku), product=found
    )
    return Outcome(result, command.sku)


async def write_product(connector: base.Connector, command: products.WriteProductV1) -> Outcome:
    require(connector, base.Entity.PRODUCTS, "write")
    if not isinstance(connector, base.ProductTarget):
        raise unsupported(connector, "create or update products")
    product = command.product
    if command.product_id is None:
        product_id = await connector.create_product(product, options=command.options)
        was_created = True
    else:
        product_id = command.product_id
        fields = None if command.fields is None else frozenset(command.fields)
        await connector.update_product(product_id, product, fields=fields, options=command.options)
        was_created = False
    result = products.ProductWrittenV1(
        sku=product.sku, product_id=product_id, was_created=was_created
    )
    return Outcome(result, product.sku)


async def upsert_category(
    connector: base.Connector, command: categories.UpsertCategoryV1
) -> Outcome:
    require(connector, base.Entity.CATEGORIES, "write")
    if not isinstance(connector, base.CategoryTarget):
        raise unsupported(connector, "create or update categories")
    category_id = await connector.upsert_category(command.category, parent_id=command.parent_id)
    result = categories.CategoryUpsertedV1(
        source_id=command.category.source_id, category_id=category_id
    )
    return Outcome(result, command.category.name)


async def get_stock(connector: base.Connector, command: stock.GetStockV1) -> Outcome:
    # The stock flow reads a target's level before setting it, so a stock writer may answer.
    if base.Entity.STOCK not in connector.capabilities.writes:
        require(connector, base.Entity.STOCK, "read")
    if not isinstance(connector, base.StockSource):
        raise unsupported(connector, "read stock")
    levels = await connector.get_stock(command.skus, location_id=command.location_id)
    return Outcome(stock.StockReadV1(levels=levels), ", ".join(command.skus[:5]) or None)


async def set_stock(connector: base.Connector, command: stock.SetStockV1) -> Outcome:
    require(connector, base.Entity.STOCK, "write")
    if not isinstance(connector, base.StockTarget):
        raise unsupported(connector, "set stock")
    await connector.set_stock(command.sku, command.quantity, location_id=command.location_id)
    return Outcome(stock.StockSetV1(sku=command.sku, quantity=command.quantity), command.sku)
