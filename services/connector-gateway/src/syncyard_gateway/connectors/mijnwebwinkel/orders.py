"""Orders: read, find by our reference (a scan of the newest orders), create once, set status."""

from syncyard_common.canonical import Order, OrderStatus
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.base import CreatedOrder
from syncyard_gateway.connectors.errors import (
    ConnectorDataError,
    ConnectorNotFound,
    UnsupportedOperation,
)
from syncyard_gateway.connectors.mijnwebwinkel import payloads, translate, translate_orders
from syncyard_gateway.connectors.mijnwebwinkel.client import PAGE_SIZE, MijnWebwinkelClient

# How far back find_order looks: 10 pages of the newest 100 orders. A retried create happens
# minutes after the first attempt, so its order is always among these.
MAX_ORDER_PAGES = 10
# Query flags of every order we write. `disable_shipping`: the store must not calculate its own
# shipping costs on top, or the order's total would differ from the source's (the source's
# shipping is the source's: written or not, the run records any difference). The notification
# flags are the vendor's defaults (false), sent anyway: a synced order must not mail the
# shopper an order confirmation again, nor announce itself to the merchant as a new sale.
CREATE_FLAGS = {
    "disable_shipping": "true",
    "send_customer_notification": "false",
    "send_merchant_notification": "false",
}
# Words in the English (`language=en_GB`) status names that mean each canonical status.
STATUS_WORDS = {
    OrderStatus.PAID: ("paid",),
    OrderStatus.SHIPPED: ("shipped", "sent"),
    OrderStatus.CANCELLED: ("cancelled", "canceled"),
}


class Orders:
    def __init__(self, client: MijnWebwinkelClient) -> None:
        self.client = client

    async def fetch(self, order_id: str) -> payloads.Order:
        if not order_id.isdigit():
            raise ConnectorNotFound(f"{order_id!r} is not a MijnWebwinkel order number.")
        return payloads.Order.model_validate(await self.client.get(f"/orders/{order_id}"))

    async def get_order(self, order_id: str) -> Order:
        return translate_orders.to_canonical_order(await self.fetch(order_id))

    async def find_order(self, external_reference: str, *, email: str | None = None) -> str | None:
        """The newest orders (or the debtor's, when the e-mail is known) carrying our reference."""
        filters = {"ordering": "desc"} | ({"debtor_email": email} if email else {})
        for number in range(MAX_ORDER_PAGES):
            offset = number * PAGE_SIZE
            page = await self.client.page("/orders", offset=offset, limit=PAGE_SIZE, **filters)
            for raw in page:
                order = payloads.Order.model_validate(raw)
                if translate_orders.external_reference_of(order) == external_reference:
                    return str(order.number)
            if len(page) < PAGE_SIZE:
                return None
        return None

    async def create_order(
        self, order: Order, external_reference: str, options: OrderCreateOptions
    ) -> CreatedOrder:
        """Look the reference up first (R11), then place the order (no retry in here)."""
        email = order.email or (order.customer.email if order.customer else None)
        existing = await self.find_order(external_reference, email=email)
        if existing is not None:
            return CreatedOrder(target_order_id=existing, was_replayed=True)
        articles = await self._article_lines(order, options)
        body = translate_orders.to_order_body(
            order,
            external_reference=external_reference,
            articles=articles,
            customer_id=options.customer_id,
        )
        answer = await self.client.post("/orders", body, **CREATE_FLAGS)
        created = payloads.Order.model_validate(answer)
        return CreatedOrder(target_order_id=str(created.number), was_replayed=False)

    async def _article_lines(
        self, order: Order, options: OrderCreateOptions
    ) -> dict[str, tuple[int, list[int]]]:
        """SKU → (article id, option ids of its variant) for SKUs the product check resolved."""
        lines: dict[str, tuple[int, list[int]]] = {}
        articles: dict[str, payloads.Article] = {}
        for sku in order.skus:
            article_id = options.product_ids.get(sku, "")
            if not article_id.isdigit():
                continue  # unknown here: written as a custom line
            if article_id not in articles:
                answer = await self.client.get(f"/articles/{article_id}")
                articles[article_id] = payloads.Article.model_validate(answer)
            article = articles[article_id]
            variant_id = next(
                (vid for vid, s in translate.variant_skus(article).items() if s == sku), None
            )
            variant = next((v for v in article.variants if v.id == variant_id), None)
            lines[sku] = (article.id, [o.option_id for o in variant.options] if variant else [])
        return lines

    async def set_order_status(self, order_id: str, status: OrderStatus) -> None:
        """PATCH the status id whose English name means `status`; no call when it already has it."""
        if status not in STATUS_WORDS:
            raise UnsupportedOperation(f"MijnWebwinkel orders cannot be set to {status}.")
        wanted = await self._status_id(status)
        order = await self.fetch(order_id)
        if order.status != wanted:
            await self.client.patch(f"/orders/{order.number}", {"status": wanted})

    async def _status_id(self, status: OrderStatus) -> int:
        answer = await self.client.get("/orderstatuses", language="en_GB")
        for entry in (payloads.OrderStatus.model_validate(raw) for raw in answer):
            name = entry.description.casefold()
            if not entry.credit_order and any(word in name for word in STATUS_WORDS[status]):
                return entry.status
        raise ConnectorDataError(
            f"This MijnWebwinkel store has no order status meaning {status}.",
            code="order_status_unknown",
        )
