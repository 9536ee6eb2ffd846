"""Each shop as the order tests see it: its simulator, how a shopper orders there, what it holds.

Each shop drives its simulator through the driver shipped beside it
(``syncyard_sim_<vendor>.driver``) and puts canonical records in the vendor's shape with the
contract suite's harnesses; the simulators are shared (never reset here: other tests use them
too). Each shop adds how its webhooks reach the gateway and how to read an order's lines.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import httpx

from scripts.system import connections, seed
from syncyard_common.canonical import Address, Money, Order, Product
from syncyard_gateway.connectors.mailchimp.translate import email_id
from syncyard_sim_bigcommerce.driver import BigCommerceDriver
from syncyard_sim_ecwid.driver import EcwidDriver
from syncyard_sim_ecwid.settings import ALL_EVENTS
from syncyard_sim_mailchimp.driver import MailchimpDriver
from syncyard_sim_mijnwebwinkel.driver import MijnWebwinkelDriver
from syncyard_sim_shopify.driver import ShopifyDriver
from tests.contract.connectors.harness_bigcommerce import BigCommerceHarness
from tests.contract.connectors.harness_ecwid import EcwidHarness
from tests.contract.connectors.harness_mijnwebwinkel import MijnWebwinkelHarness
from tests.contract.connectors.harness_shopify import ShopifyHarness

Line = tuple[str, int, int]  # SKU, quantity, unit price in cents (including tax)


def cents(amount: Any) -> int:
    return int((Decimal(str(amount)) * 100).to_integral_value())


class Shop:
    """One shop vendor's simulator in the running system."""

    vendor = ""
    polled = False  # True: the gateway polls it; False: it delivers webhooks

    def __init__(self, url: str, control: httpx.AsyncClient) -> None:
        self.url = url
        self.control = control

    def credentials(self) -> dict[str, Any]:
        return connections.CREDENTIALS[self.vendor][1](self.url)

    async def subscribe(self, webhook_url: str, *, statuses: bool = False) -> None:
        """Let the shop deliver order webhooks to the connection (``statuses``: changes too)."""

    async def unsubscribe(self, webhook_url: str) -> None: ...

    async def add_product(self, sku: str, name: str, price: int) -> None:
        raise NotImplementedError

    async def place_order(self, order: Order) -> str:
        """Order as a shopper; returns the id the shop's connector reads the order by."""
        raise NotImplementedError

    async def stored_orders(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def lines(self, order: dict[str, Any]) -> list[Line]:
        raise NotImplementedError

    def email(self, order: dict[str, Any]) -> str | None:
        raise NotImplementedError

    async def orders_with(self, sku: str) -> list[dict[str, Any]]:
        """Every order in the shop with a line of ``sku`` (unique per test)."""
        return [o for o in await self.stored_orders() if sku in {s for s, _, _ in self.lines(o)}]

    def _product(self, sku: str, name: str, price: int) -> Product:
        # Some shops want unique product names: the SKU makes it so.
        price_eur = Money(amount=price, currency="EUR")
        return Product(sku=sku, name=f"{name} {sku}", price=price_eur, quantity=50)


class Shopify(Shop):
    vendor = "shopify"

    def __init__(self, url: str, control: httpx.AsyncClient) -> None:
        super().__init__(url, control)
        self.driver = ShopifyDriver(
            url,
            access_token=seed.SHOP_ACCESS_TOKEN,
            webhook_secret=seed.SHOP_WEBHOOK_SECRET,
            shop_domain=seed.SHOP_DOMAIN,
            client=control,
        )
        self.harness = ShopifyHarness(self.driver)

    def credentials(self) -> dict[str, Any]:
        return {
            "shop_domain": seed.SHOP_DOMAIN,
            "access_token": seed.SHOP_ACCESS_TOKEN,
            "webhook_secret": seed.SHOP_WEBHOOK_SECRET,
            "api_version": seed.SHOP_API_VERSION,
            "base_url": self.url,
        }

    async def subscribe(self, webhook_url: str, *, statuses: bool = False) -> None:
        topics = ["orders/create"] + (["orders/updated"] if statuses else [])
        for topic in topics:
            await self.driver.subscribe(topic, webhook_url)

    async def unsubscribe(self, webhook_url: str) -> None:
        await self.driver.unsubscribe_address(webhook_url)

    async def add_product(self, sku: str, name: str, price: int) -> None:
        await self.harness.seed_product(self._product(sku, name, price))

    async def place_order(self, order: Order) -> str:
        return await self.harness.seed_order(order)

    async def stored_orders(self) -> list[dict[str, Any]]:
        return await self.driver.records("orders")

    def lines(self, order: dict[str, Any]) -> list[Line]:
        return [(i["sku"], i["quantity"], cents(i["price"])) for i in order["line_items"]]

    def email(self, order: dict[str, Any]) -> str | None:
        return order.get("email")

    async def get(self, order_id: str) -> dict[str, Any]:
        return await self.driver.order(order_id)

    async def order_raw(self, **order: Any) -> dict[str, Any]:
        """A checkout with fields the harness does not set (payment gateway, shipping line)."""
        return await self.driver.place_order(order)

    async def mark_paid(self, order_id: str) -> None:
        """The merchant captures the whole outstanding amount (or edits a paid order)."""
        await self.driver.mark_paid(order_id)

    async def fulfil(self, order_id: str) -> None:
        """The merchant ships every line."""
        await self.driver.fulfil(order_id)


class BigCommerce(Shop):
    vendor = "bigcommerce"

    def __init__(self, url: str, control: httpx.AsyncClient) -> None:
        super().__init__(url, control)
        self.driver = BigCommerceDriver(
            url,
            store_hash=seed.BIGCOMMERCE_STORE_HASH,
            access_token=seed.BIGCOMMERCE_ACCESS_TOKEN,
            client=control,
        )
        self.harness = BigCommerceHarness(self.driver)

    async def subscribe(self, webhook_url: str, *, statuses: bool = False) -> None:
        scope = "store/order/*" if statuses else "store/order/created"
        await self.driver.subscribe_directly(scope, webhook_url)

    async def unsubscribe(self, webhook_url: str) -> None:
        await self.driver.unsubscribe_destination(webhook_url)

    async def add_product(self, sku: str, name: str, price: int) -> None:
        await self.harness.seed_product(self._product(sku, name, price))

    async def place_order(self, order: Order) -> str:
        billing = order.billing_address or Address()
        body = {
            "billing_address": {
                "first_name": billing.first_name or "", "last_name": billing.last_name or "",
                "street_1": billing.line1 or "", "city": billing.city or "",
                "zip": billing.postcode or "", "country_iso2": billing.country_code or "NL",
                "email": order.email or "",
            },
            "products": [
                {"name": x.name or x.sku, "sku": x.sku or "", "quantity": x.quantity,
                 "price_inc_tax": str(x.unit_price.to_decimal()),
                 "price_ex_tax": str(x.unit_price.to_decimal())}
                for x in order.lines
            ],
            "status_id": 11,
        }  # fmt: skip
        return str((await self.driver.place_order(body))["id"])

    async def stored_orders(self) -> list[dict[str, Any]]:
        return await self.driver.records("orders")

    def lines(self, order: dict[str, Any]) -> list[Line]:
        products = order.get("products") or []
        return [(p["sku"], p["quantity"], cents(p["price_inc_tax"])) for p in products]

    def email(self, order: dict[str, Any]) -> str | None:
        return (order.get("billing_address") or {}).get("email")


class Ecwid(Shop):
    vendor = "ecwid"

    def __init__(self, url: str, control: httpx.AsyncClient) -> None:
        super().__init__(url, control)
        self.driver = EcwidDriver(
            url, store_id=seed.ECWID_STORE_ID, access_token=seed.ECWID_ACCESS_TOKEN, client=control
        )
        self.harness = EcwidHarness(self.driver)

    async def subscribe(self, webhook_url: str, *, statuses: bool = False) -> None:
        # Ecwid has one webhook URL per app: the test that runs now owns it.
        events = ["order.created"] + (["order.updated"] if statuses else [])
        await self.driver.listen(webhook_url, events)

    async def unsubscribe(self, webhook_url: str) -> None:
        if (await self.driver.config()).get("webhook_url") == webhook_url:
            # Every event again: a later test (product flows) must not inherit the order-only
            # list that subscribe narrowed the app to.
            await self.driver.listen(None, list(ALL_EVENTS))

    async def add_product(self, sku: str, name: str, price: int) -> None:
        await self.harness.seed_product(self._product(sku, name, price))

    async def place_order(self, order: Order) -> str:
        return await self.harness.seed_order(order)

    async def stored_orders(self) -> list[dict[str, Any]]:
        return await self.driver.records("orders")

    def lines(self, order: dict[str, Any]) -> list[Line]:
        return [(i["sku"], i["quantity"], cents(i["price"])) for i in order["items"]]

    def email(self, order: dict[str, Any]) -> str | None:
        return order.get("email")


class MijnWebwinkel(Shop):
    vendor = "mijnwebwinkel"
    polled = True

    def __init__(self, url: str, control: httpx.AsyncClient) -> None:
        super().__init__(url, control)
        self.driver = MijnWebwinkelDriver(url, client=control)
        self.harness = MijnWebwinkelHarness(self.driver)

    async def add_product(self, sku: str, name: str, price: int) -> None:
        await self.harness.seed_product(self._product(sku, name, price))

    async def place_order(self, order: Order) -> str:
        """A checkout of articles in the store (each line's SKU must be an article)."""
        articles = {a["sku"]: a["id"] for a in await self.driver.records("articles")}
        billing = order.billing_address or Address()
        invoice = {
            "name": billing.full_name or "Klant", "street": billing.street or billing.line1 or "",
            "number": billing.house_number or "", "zipcode": billing.postcode or "1000 AA",
            "city": billing.city or "", "country_code": billing.country_code or "NL",
        }  # fmt: skip
        lines = [
            {"type": "article", "quantity": x.quantity, "articles": [{"id": articles[x.sku]}]}
            for x in order.lines
        ]
        body = {"debtor": {"email": order.email or "", "address": {"invoice": invoice}},
                "orderlines": lines}  # fmt: skip
        return str((await self.driver.place_order(body))["number"])

    async def stored_orders(self) -> list[dict[str, Any]]:
        return await self.driver.records("orders")

    def lines(self, order: dict[str, Any]) -> list[Line]:
        found = []
        for line in order["orderlines"]:
            sku = next((a.get("sku") for a in line.get("articles") or []), None) or ""
            if line.get("unit_price"):
                price = cents(line["unit_price"]["amount_including_tax"])
            else:  # a cost line (payment, shipping): one price, or one per VAT rate
                given = line["price"]
                parts = given if isinstance(given, list) else [given]
                price = sum(cents(part["amount_including_tax"]) for part in parts)
            found.append((sku, line["quantity"], price))
        return found

    def email(self, order: dict[str, Any]) -> str | None:
        return (order.get("debtor") or {}).get("email")


class Mailchimp(Shop):
    """Mailchimp's e-commerce store: written by integrations; its orders are polled."""

    vendor = "mailchimp"
    polled = True

    def __init__(self, url: str, control: httpx.AsyncClient) -> None:
        super().__init__(url, control)
        self.driver = MailchimpDriver(
            url,
            store_id=seed.MAILCHIMP_STORE_ID,
            list_id=seed.MAILCHIMP_LIST_ID,
            api_key=seed.MAILCHIMP_API_KEY,
            client=control,
        )

    async def add_product(self, sku: str, name: str, price: int) -> None:
        variant = {"id": sku, "title": name, "sku": sku, "price": price / 100}
        body = {"id": sku, "title": name, "variants": [{**variant, "inventory_quantity": 50}]}
        await self.driver.seed_product(body)

    async def place_order(self, order: Order) -> str:
        """The order as another shop's integration records it in the Mailchimp store."""
        email = order.email or "shopper@example.nl"
        body = {
            "id": order.source_id,
            "customer": {"id": email_id(email), "email_address": email, "opt_in_status": False},
            "currency_code": order.currency,
            "order_total": sum(x.quantity * x.unit_price.amount for x in order.lines) / 100,
            "financial_status": order.financial_status or "",
            "billing_address": mailchimp_address(order.billing_address or Address()),
            "lines": [
                {"id": str(n), "product_id": x.sku, "product_variant_id": x.sku,
                 "quantity": x.quantity, "price": x.unit_price.amount / 100}
                for n, x in enumerate(order.lines, start=1)
            ],
        }  # fmt: skip
        return str((await self.driver.place_order(body))["id"])

    async def stored_orders(self) -> list[dict[str, Any]]:
        """The store's orders, each with its customer (stored apart, by id) put in."""
        orders = await self.driver.records("orders")
        by_id = {c["id"]: c for c in await self.driver.records("customers")}
        return [o | {"customer": by_id.get(o.get("customer_id"), {})} for o in orders]

    def lines(self, order: dict[str, Any]) -> list[Line]:
        return [(x["product_variant_id"], x["quantity"], cents(x["price"])) for x in order["lines"]]

    def email(self, order: dict[str, Any]) -> str | None:
        return (order.get("customer") or {}).get("email_address")


SHOPS: dict[str, Callable[[str, httpx.AsyncClient], Shop]] = {
    shop.vendor: shop for shop in (Shopify, BigCommerce, Ecwid, MijnWebwinkel, Mailchimp)
}


def mailchimp_address(address: Address) -> dict[str, str]:
    """Mailchimp's address shape (one street line, name in one field)."""
    street = " ".join(
        part for part in (address.street, address.house_number, address.house_number_suffix) if part
    )
    return {
        "name": " ".join(p for p in (address.first_name, address.last_name) if p),
        "address1": address.line1 or street,
        "postal_code": address.postcode or "",
        "city": address.city or "",
        "country_code": address.country_code or "",
    }
