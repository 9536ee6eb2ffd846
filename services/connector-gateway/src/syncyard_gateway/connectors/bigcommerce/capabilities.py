"""What the BigCommerce connector can do, and what it cannot (with the reason)."""

from syncyard_common.canonical import ChargeKind, OrderStatus
from syncyard_common.canonical.order_limits import OrderLimits, TextField
from syncyard_gateway.connectors.base import Capabilities, ChangeIntake, Entity
from syncyard_gateway.connectors.bigcommerce.translate import PRODUCT_EXTRAS
from syncyard_gateway.connectors.bigcommerce.webhooks import TOPICS

T = TextField
# From the spec (customers.v3.yml, orders.v2.oas2.yml): customers' names 100, line names 250.
ORDER_LIMITS = OrderLimits(
    texts={
        T.FIRST_NAME: 100,
        T.LAST_NAME: 100,
        T.COMPANY: 255,
        T.EMAIL: 250,
        T.PHONE: 50,
        T.STREET: 255,
        T.POSTCODE: 30,
        T.CITY: 100,
        T.REGION: 100,
        T.LINE_NAME: 250,
        T.CHARGE_NAME: 250,
        T.NOTE: 65535,
    },
    # shipping_cost_*, handling_cost_* (fees) and discount_amount on the v2 order.
    charges={
        ChargeKind.SHIPPING: "field",
        ChargeKind.PAYMENT_FEE: "field",
        ChargeKind.DISCOUNT: "field",
    },
)

CAPABILITIES = Capabilities(
    reads=frozenset({Entity.ORDERS, Entity.PRODUCTS, Entity.CUSTOMERS, Entity.CATEGORIES}),
    writes=frozenset(
        {Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK, Entity.CUSTOMERS, Entity.CATEGORIES}
    ),
    change_intake=ChangeIntake.WEBHOOKS,
    webhook_topics=TOPICS,
    order_statuses=frozenset({OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    not_supported=[
        "images are not synced",
        "stock and categories have no change feed by date: BigCommerce's inventory and "
        "category lists cannot be filtered by modification date, so stock changes come in by "
        "store/sku/inventory and store/product/inventory webhooks and are read with get_stock, "
        "and category edits by store/category/* webhooks (the feed hands on new categories by "
        "id, an initial sync all of them)",
        "short descriptions and tax rates are not written: BigCommerce keeps them inside the "
        "description and as tax classes (a mapping may put a short description in a product "
        "field of its own, e.g. extras.meta_description)",
        "product features are custom fields (name and value, 1 to 250 characters each): a "
        "feature with an empty value is not written, and a custom field the product no longer "
        "has a feature for is left in BigCommerce",
        "product categories are written only when the flow maps them to BigCommerce category ids",
        "order lines whose SKU BigCommerce does not know become custom lines (no stock is "
        "reserved for them)",
        "status paid only moves Incomplete, Pending or Awaiting Payment orders to Awaiting "
        "Fulfillment: the v2 API cannot record a payment",
        "a company customer has no separate contact persons: BigCommerce keeps one customer "
        "with a company name",
        "stock is read and set at one inventory location (location_id, default 1)",
        "negative stock is written as 0: BigCommerce's absolute adjustment refuses negatives",
        "gift cards redeemed on an order are not written: BigCommerce books gift "
        "certificates as payments (the order is written without them, the difference is "
        "recorded in the run); line discounts are written as the order's discount_amount",
    ],
    product_fields=frozenset({"features"}),  # as custom fields
    product_extras=PRODUCT_EXTRAS,
    order_limits=ORDER_LIMITS,
)
