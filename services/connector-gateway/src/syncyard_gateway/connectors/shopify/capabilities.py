"""What the Shopify connector can and cannot do, with the reason for every limit."""

from syncyard_common.canonical import ChargeKind, OrderStatus
from syncyard_common.canonical.order_limits import OrderLimits
from syncyard_gateway.connectors.base import Capabilities, ChangeIntake, Entity
from syncyard_gateway.connectors.shopify.translate_products import PRODUCT_EXTRAS

EVERYTHING = frozenset(
    {Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK, Entity.CUSTOMERS, Entity.CATEGORIES}
)

CAPABILITIES = Capabilities(
    reads=EVERYTHING,
    writes=EVERYTHING,
    change_intake=ChangeIntake.WEBHOOKS,
    webhook_topics=[
        "orders/create",
        "orders/updated",
        "orders/paid",
        "orders/cancelled",
        "orders/fulfilled",
        "refunds/create",
        "products/create",
        "products/update",
        "customers/create",
        "customers/update",
        "inventory_levels/update",
        "collections/create",
        "collections/update",
    ],
    order_statuses=frozenset({OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    not_supported=[
        "images are not synced",
        "SKU lookups use GraphQL productVariants (50 SKUs a query, own cost bucket): a token "
        "without GraphQL access to products cannot look SKUs up",
        "a product with variants keeps no SKU of its own: Shopify puts SKUs on variants "
        "only, so it is found by its variants' SKUs and read back with the first variant's",
        "short descriptions, product features and per-product tax rates are not written: "
        "Shopify has no such product fields (tax follows the shop's regions)",
        "prices include tax or not for the whole shop (setting taxes_included), never per product",
        "at most 3 variant attributes (Shopify options) and 100 variants per product",
        "collection membership is only added, never removed: a product may sit in "
        "collections a merchant chose by hand",
        "smart (rule-based) collections are not written; categories are custom collections",
        "VAT numbers of company customers are not synced: only Shopify Plus B2B companies "
        "(GraphQL) hold a tax id; the company name goes on the default address",
        "orders are only closed by Shopify itself (archiving), never by the sync",
        "imported orders do not move stock (inventory_behaviour=bypass): stock is synced "
        "separately",
        "changes within the same second as the cursor with a lower id are left to webhooks: "
        "updated_at has one-second resolution",
        "the stock change feed re-reads every level changed since the cursor: inventory "
        "levels cannot be listed in update order (the other feeds continue their listing)",
        "find_order uses the order list's name filter, which the REST reference does not "
        "list (GraphQL's name: search does): verify on a real shop",
        "payment fees and redeemed gift cards are not written on an imported order (Shopify "
        "books gift cards as payments): the order is written without them and the run "
        "records the difference; order discounts are written as fixed discount_codes, a "
        "discounted line at its discounted unit price",
    ],
    # Shipping as shipping_lines, discounts as fixed-amount discount_codes.
    product_extras=PRODUCT_EXTRAS,
    order_limits=OrderLimits(
        charges={ChargeKind.SHIPPING: "field", ChargeKind.DISCOUNT: "field"},
    ),
)
