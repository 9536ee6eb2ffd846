"""What the Ecwid connector can and cannot do, with the reason for every limit."""

from syncyard_common.canonical import ChargeKind, OrderStatus
from syncyard_common.canonical.order_limits import OrderLimits
from syncyard_gateway.connectors.base import Capabilities, ChangeIntake, Entity
from syncyard_gateway.connectors.ecwid.translate_products import PRODUCT_EXTRAS

CAPABILITIES = Capabilities(
    reads=frozenset({Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK, Entity.CUSTOMERS}),
    writes=frozenset(
        {Entity.ORDERS, Entity.PRODUCTS, Entity.STOCK, Entity.CUSTOMERS, Entity.CATEGORIES}
    ),
    change_intake=ChangeIntake.WEBHOOKS,
    product_fields=frozenset({"features"}),
    product_extras=PRODUCT_EXTRAS,
    webhook_topics=[
        "order.created",
        "order.updated",
        "product.created",
        "product.updated",
        "customer.created",
        "customer.updated",
        "category.created",
        "category.updated",
    ],
    order_statuses=frozenset({OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    not_supported=[
        "images are not synced",
        "payment fees, order discounts and gift cards are not written on an order (its lines "
        "and shipping rate are): the order is written without them and the run records the "
        "difference; a discounted line is written at its discounted unit price",
        "categories are written but not read as a change feed: Ecwid's category search has "
        "no updated-since filter (category webhooks still arrive)",
        "short descriptions, per-product tax rates and 'prices include tax' are not written: "
        "Ecwid products have one description and taxes follow the store's tax settings",
        "stock is one level per product or variant: Ecwid has no locations, so location_id "
        "is ignored",
        "unlimited stock has no level: such SKUs are absent from stock reads",
        "orders are created in the store's currency only: Ecwid orders carry no currency",
        "order change reads fetch every order updated since the cursor before sorting: the "
        "orders search has no sort parameter",
        "changes within the same second as the cursor with a lower id are left to webhooks: "
        "update times have one-second resolution",
        "the webhook URL and event types are set when the Ecwid app is registered, not by "
        "this connector",
        "variants are added or updated by SKU, never deleted: a merchant may keep variants "
        "on purpose",
    ],
    # Shipping in shippingOption.shippingRate; nothing else besides the lines.
    order_limits=OrderLimits(charges={ChargeKind.SHIPPING: "field"}),
)
