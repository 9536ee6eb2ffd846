"""What the BigCommerce connector can do, and what it cannot (with the reason)."""

from syncyard_common.canonical import OrderStatus
from syncyard_gateway.connectors.base import Capabilities, ChangeIntake, Entity
from syncyard_gateway.connectors.bigcommerce.webhooks import TOPICS

CAPABILITIES = Capabilities(
    reads=frozenset({Entity.ORDERS, Entity.PRODUCTS, Entity.CUSTOMERS}),
    writes=frozenset(
        {Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK, Entity.CUSTOMERS, Entity.CATEGORIES}
    ),
    change_intake=ChangeIntake.WEBHOOKS,
    webhook_topics=TOPICS,
    order_statuses=frozenset({OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    not_supported=[
        "images are not synced",
        "stock and categories have no change feed: BigCommerce's inventory and category lists "
        "cannot be filtered by modification date, so stock changes come in by "
        "store/sku/inventory and store/product/inventory webhooks and are read with get_stock",
        "product features, short descriptions and tax rates are not written: BigCommerce keeps "
        "them as custom fields, inside the description and as tax classes",
        "product categories are written only when the flow maps them to BigCommerce category ids",
        "order lines whose SKU BigCommerce does not know become custom lines (no stock is "
        "reserved for them)",
        "status paid only moves Incomplete, Pending or Awaiting Payment orders to Awaiting "
        "Fulfillment: the v2 API cannot record a payment",
        "a company customer has no separate contact persons: BigCommerce keeps one customer "
        "with a company name",
        "stock is read and set at one inventory location (location_id, default 1)",
        "negative stock is written as 0: BigCommerce's absolute adjustment refuses negatives",
    ],
)
