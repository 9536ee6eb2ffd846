"""What the MplusKASSA connector can do, what it cannot (and why), and how fast it may go."""

from syncyard_common.canonical import ChargeKind, OrderStatus
from syncyard_common.canonical.order_limits import OrderLimits, TextField
from syncyard_gateway.connectors.base import Capabilities, ChangeIntake, Entity
from syncyard_gateway.connectors.mplus.article_payloads import ARTICLE_EXTRAS
from syncyard_gateway.connectors.pacing import RatePolicy

EVERYTHING = frozenset(Entity)

T = TextField
# The WSDL gives no text lengths, yet the till refuses over-long texts (its result enums have
# ...-ERROR-FIELD-LENGTH): these are the connector's own limits, kept within what a till's
# screens and receipts show [unverified against a real installation]. Only texts the till is
# sent are limited (an order's note and an address's region are not sent).
ORDER_LIMITS = OrderLimits(
    texts={
        T.ORDER_NUMBER: 50,
        T.LINE_NAME: 255,
        T.CHARGE_NAME: 255,
        T.FIRST_NAME: 100,
        T.LAST_NAME: 100,
        T.COMPANY: 100,
        T.EMAIL: 255,
        T.PHONE: 50,
        T.STREET: 100,
        T.POSTCODE: 20,
        T.CITY: 100,
        T.SHIPPING_METHOD: 100,
        T.PAYMENT_METHOD: 100,
    },
    min_quantity=1,
    currency_exponents=frozenset({2}),  # prices are cents (long)
    line_discounts=True,  # LineData.discountAmount
    # No shipping, fee or discount fields on an order: each is a line on the tenant's article.
    charges=dict.fromkeys(ChargeKind, "line"),
)

CAPABILITIES = Capabilities(
    reads=EVERYTHING,
    writes=EVERYTHING,
    change_intake=ChangeIntake.POLLING,
    webhook_topics=[],
    order_statuses=frozenset({OrderStatus.SHIPPED, OrderStatus.CANCELLED}),
    product_extras=ARTICLE_EXTRAS,
    not_supported=[
        "images are not synced",
        "article numbers are numeric only: with the rule 'SKU or fail' a SKU that is not "
        "numeric is refused (ArticleNumberNotNumeric); with 'SKU or PLU' it becomes the "
        "article's PLU number and the till assigns the article number",
        "webhooks: MplusKASSA has no data-change notifications (its webhooks are POS "
        "extensions), so every entity is polled by sync marker (stock by stockId)",
        "marking an order paid: MplusKASSA books a payment (payOrder) with a payment method "
        "and an amount, which a status change does not carry",
        "a product's own SKU when it has variants: a MplusKASSA product only groups articles, "
        "so it reads back with the SKU of its first variant",
        "product features, short descriptions and variant attributes other than colour and "
        "size: articles have no fields for them",
        "deletions: deleted article groups are skipped in the change feed; products, "
        "customers and orders are never deleted",
        "fractional quantities (weighed articles): an order line with one is refused as a "
        "data error, and fractional stock is rounded down to whole units",
        "stock of other branches: stock is read, written and polled in one branch per "
        "connection (location_id, else the credentials' branch)",
        "contact persons of company debtors are relations of their own in MplusKASSA and "
        "appear in the customer change feed as well",
        "orders in another currency than the till's (connection setting currency): refused, "
        "or converted at the rate the order carries (order flow setting foreign_currency)",
        "shipping, payment fees, order discounts and gift cards as fields: an order has none, "
        "so each is booked as a line on the article the order flow settings name "
        "(shipping_article_sku …); discounts and gift cards with a negative price",
        "a partial refund of a booked order: a till order keeps no refunds (book a return at "
        "the till); a full refund cancels the till order",
    ],
    order_limits=ORDER_LIMITS,
)

# No rate limit is documented or seen; a few calls in flight at once keep one till server
# from being flooded by our replicas.
RATE_POLICY = RatePolicy(max_concurrent=4)
