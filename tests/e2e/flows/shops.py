"""The five shop simulators seen alike: listen for a connection's webhooks, seed, read back.

Each shop drives its simulator through the driver shipped beside it
(``syncyard_sim_<vendor>.driver``); canonical records are put in the vendor's shape by the
connector contract harnesses (``tests/contract/connectors/harness_*``). The simulators are
shared by every e2e test, so nothing here resets them.
"""

from __future__ import annotations

import contextlib
from decimal import Decimal
from typing import Any

import httpx

from scripts.system import seed
from syncyard_common.canonical import Customer, Product, Variant
from syncyard_sim_bigcommerce.driver import BigCommerceDriver
from syncyard_sim_ecwid.driver import EcwidDriver
from syncyard_sim_ecwid.settings import ALL_EVENTS
from syncyard_sim_mailchimp.driver import MailchimpDriver
from syncyard_sim_mijnwebwinkel.driver import MijnWebwinkelDriver, variant_skus
from syncyard_sim_shopify.driver import ShopifyDriver
from tests.contract.connectors.harness_bigcommerce import BigCommerceHarness
from tests.contract.connectors.harness_ecwid import EcwidHarness
from tests.contract.connectors.harness_mijnwebwinkel import MijnWebwinkelHarness
from tests.contract.connectors.harness_shopify import ShopifyHarness
from tests.fixtures.eventually import eventually

SHOPIFY_TOPICS = ("products/create", "products/update", "customers/create", "customers/update",
                  "collections/create", "collections/update")  # fmt: skip
BIGCOMMERCE_SCOPES = ("store/product/*", "store/customer/*")
MAILCHIMP_STORE = seed.MAILCHIMP_STORE_ID
MAILCHIMP_LIST = seed.MAILCHIMP_LIST_ID


def cents(value: Any) -> int | None:
    """A shop's decimal price (string or number) in minor units."""
    if value is None or value == "":
        return None
    if isinstance(value, dict):  # MijnWebwinkel: {"default": "12.95"}
        value = value.get("default")
    return int((Decimal(str(value)) * 100).to_integral_value())


def view(name: str, price: Any, variants: dict[str, Any]) -> dict[str, Any]:
    """A product as the tests compare it: name, price in cents, variant SKU → price in cents."""
    return {"name": name, "price": cents(price),
            "variants": {sku: cents(p) for sku, p in variants.items()}}  # fmt: skip


async def settled(shop: Shop, sku: str, expected: dict[str, Any]) -> dict[str, Any] | None:
    """The shop's view of ``sku`` once it equals ``expected``, else the last one (to assert)."""

    async def shown() -> bool:
        return await shop.product(sku) == expected

    with contextlib.suppress(AssertionError):
        await eventually(shown, timeout=15)
    return await shop.product(sku)


class Shop:
    """One vendor's simulator; ``listen`` points its webhooks at one tenant's connection."""

    vendor = ""

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self.client = client

    async def listen(self, webhook_url: str) -> None:
        """Deliver this shop's change webhooks to ``webhook_url`` (polled shops: nothing)."""

    async def close(self) -> None:
        """Stop what ``listen`` started."""

    async def products(self) -> list[dict[str, Any]]:
        raise NotImplementedError

    def as_view(self, product: dict[str, Any]) -> dict[str, Any]:
        raise NotImplementedError

    def skus_of(self, product: dict[str, Any]) -> set[str]:
        raise NotImplementedError

    async def holding(self, sku: str) -> list[dict[str, Any]]:
        """Every product holding ``sku`` (itself or as a variant): exactly once means one."""
        return [p for p in await self.products() if sku in self.skus_of(p)]

    async def product(self, sku: str) -> dict[str, Any] | None:
        found = await self.holding(sku)
        return self.as_view(found[0]) if len(found) == 1 else None

    async def seed_product(self, product: Product) -> str:
        raise NotImplementedError

    async def rename_product(self, product_id: str, name: str) -> None:
        raise NotImplementedError

    async def stock_of(self, sku: str) -> int | None:
        raise NotImplementedError

    async def seed_customer(self, customer: Customer) -> str:
        raise NotImplementedError

    async def customers(self, email: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    async def categories(self, name: str) -> list[dict[str, Any]]:
        raise NotImplementedError


class Shopify(Shop):
    vendor = "shopify"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        super().__init__(url, client)
        self.driver = ShopifyDriver(url, access_token=seed.SHOP_ACCESS_TOKEN, client=client)
        self.harness = ShopifyHarness(self.driver)
        self._webhooks: list[str] = []

    async def listen(self, webhook_url: str) -> None:
        for topic in SHOPIFY_TOPICS:
            self._webhooks.append(await self.driver.subscribe(topic, webhook_url))

    async def close(self) -> None:
        for webhook_id in reversed(self._webhooks):
            await self.driver.unsubscribe(webhook_id)
        self._webhooks.clear()

    async def products(self) -> list[dict[str, Any]]:
        return await self.driver.records("products")

    def skus_of(self, product: dict[str, Any]) -> set[str]:
        return {v["sku"] for v in product["variants"] if v.get("sku")}

    def as_view(self, product: dict[str, Any]) -> dict[str, Any]:
        variants = product["variants"]
        if len(variants) == 1 and not product.get("options", [{}])[0].get("values", [None])[1:]:
            return view(product["title"], variants[0]["price"], {})
        return view(product["title"], None, {v["sku"]: v["price"] for v in variants})

    async def seed_product(self, product: Product) -> str:
        return await self.harness.seed_product(product)

    async def rename_product(self, product_id: str, name: str) -> None:
        await self.driver.rename_product(product_id, name)

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def seed_customer(self, customer: Customer) -> str:
        return await self.harness.seed_customer(customer)

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = [c for c in await self.driver.records("customers") if c.get("email") == email]
        return [
            {"email": c["email"], "first_name": c.get("first_name"),
             "last_name": c.get("last_name"), "company": _company(c.get("addresses", []))}
            for c in found
        ]  # fmt: skip

    async def categories(self, name: str) -> list[dict[str, Any]]:
        collections = await self.driver.records("custom_collections")
        return [c for c in collections if c["title"] == name]

    async def parent_of(self, collection_id: str) -> str | None:
        """The parent the connector keeps in a metafield (Shopify collections are flat)."""
        return await self.driver.parent_of(collection_id)


class BigCommerce(Shop):
    vendor = "bigcommerce"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        super().__init__(url, client)
        self.driver = BigCommerceDriver(
            url,
            store_hash=seed.BIGCOMMERCE_STORE_HASH,
            access_token=seed.BIGCOMMERCE_ACCESS_TOKEN,
            client=client,
        )
        self.harness = BigCommerceHarness(self.driver)
        self._hooks: list[str] = []

    async def listen(self, webhook_url: str) -> None:
        for scope in BIGCOMMERCE_SCOPES:
            self._hooks.append(await self.driver.subscribe(scope, webhook_url))

    async def close(self) -> None:
        for hook_id in reversed(self._hooks):
            await self.driver.unsubscribe(hook_id)
        self._hooks.clear()

    async def products(self) -> list[dict[str, Any]]:
        return await self.driver.records("products")

    def skus_of(self, product: dict[str, Any]) -> set[str]:
        return {product["sku"]} | {v["sku"] for v in product.get("variants", []) if v.get("sku")}

    def as_view(self, product: dict[str, Any]) -> dict[str, Any]:
        options = [v for v in product.get("variants", []) if v.get("option_values")]
        if not options:
            return view(product["name"], product["price"], {})
        variants = {v["sku"]: v.get("price") or product["price"] for v in options}
        return view(product["name"], None, variants)

    async def seed_product(self, product: Product) -> str:
        return await self.harness.seed_product(product)

    async def rename_product(self, product_id: str, name: str) -> None:
        await self.driver.rename_product(product_id, name)

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def seed_customer(self, customer: Customer) -> str:
        return await self.harness.seed_customer(customer)

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = [c for c in await self.driver.records("customers") if c.get("email") == email]
        return [{"email": c["email"], "first_name": c.get("first_name"),
                 "last_name": c.get("last_name"), "company": c.get("company") or None}
                for c in found]  # fmt: skip

    async def categories(self, name: str) -> list[dict[str, Any]]:
        return [c for c in await self.driver.records("categories") if c["name"] == name]


class Ecwid(Shop):
    """Ecwid posts every store's events to the app's one URL: the test owns it while it runs."""

    vendor = "ecwid"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        super().__init__(url, client)
        self.driver = EcwidDriver(
            url, store_id=seed.ECWID_STORE_ID, access_token=seed.ECWID_ACCESS_TOKEN, client=client
        )
        self.harness = EcwidHarness(self.driver)
        self._listening = False

    async def listen(self, webhook_url: str) -> None:
        # Every event, whatever an earlier test narrowed the app's list to.
        await self.driver.listen(webhook_url, list(ALL_EVENTS))
        self._listening = True

    async def close(self) -> None:
        if self._listening:
            await self.driver.listen(None)
            self._listening = False

    async def products(self) -> list[dict[str, Any]]:
        return await self.driver.records("products")

    def skus_of(self, product: dict[str, Any]) -> set[str]:
        return {product["sku"]} | {
            c["sku"] for c in product.get("combinations", []) if c.get("sku")
        }

    def as_view(self, product: dict[str, Any]) -> dict[str, Any]:
        combinations = product.get("combinations") or []
        if not combinations:
            return view(product["name"], product.get("price"), {})
        variants = {c["sku"]: c.get("price", product.get("price")) for c in combinations}
        return view(product["name"], None, variants)

    async def seed_product(self, product: Product) -> str:
        return await self.harness.seed_product(product)

    async def rename_product(self, product_id: str, name: str) -> None:
        await self.driver.rename_product(product_id, name)

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def seed_customer(self, customer: Customer) -> str:
        return await self.harness.seed_customer(customer)

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = [c for c in await self.driver.records("customers") if c.get("email") == email]
        out = []
        for c in found:
            billing = c.get("billingPerson") or {}
            first, _, last = (billing.get("name") or "").partition(" ")
            company = billing.get("companyName")
            out.append({"email": c["email"], "first_name": first or None,
                        "last_name": last or None, "company": company})  # fmt: skip
        return out

    async def categories(self, name: str) -> list[dict[str, Any]]:
        return [c for c in await self.driver.records("categories") if c["name"] == name]


class MijnWebwinkel(Shop):
    vendor = "mijnwebwinkel"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        super().__init__(url, client)
        self.driver = MijnWebwinkelDriver(url, client=client)
        self.harness = MijnWebwinkelHarness(self.driver)

    async def products(self) -> list[dict[str, Any]]:
        return await self.driver.records("articles")

    def skus_of(self, product: dict[str, Any]) -> set[str]:
        return {product["sku"], *variant_skus(product).values()}

    def as_view(self, product: dict[str, Any]) -> dict[str, Any]:
        skus = variant_skus(product)
        if not skus:
            return view(product["name"], product.get("price"), {})
        variants = {}
        for variant in product.get("variants", []):
            if variant["id"] in skus:
                variants[skus[variant["id"]]] = variant.get("price") or product.get("price")
        return view(product["name"], None, variants)

    async def seed_product(self, product: Product) -> str:
        return await self.harness.seed_product(product)

    async def rename_product(self, product_id: str, name: str) -> None:
        await self.driver.change_article(product_id, {"name": name})
        await self.driver.touch_article(product_id)

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = [c for c in await self.driver.records("customers") if c.get("email") == email]
        out = []
        for c in found:
            company = _company(c.get("addresses", []))
            out.append({"email": c["email"], "first_name": c.get("firstName"),
                        "last_name": c.get("lastName"), "company": company})  # fmt: skip
        return out

    async def categories(self, name: str) -> list[dict[str, Any]]:
        return [c for c in await self.driver.records("categories") if c.get("title") == name]


class Mailchimp(Shop):
    """The demo store of the system's simulator (not the contract harness's own store)."""

    vendor = "mailchimp"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        super().__init__(url, client)
        self.driver = MailchimpDriver(
            url,
            store_id=MAILCHIMP_STORE,
            list_id=MAILCHIMP_LIST,
            api_key=seed.MAILCHIMP_API_KEY,
            client=client,
        )
        self._webhooks: list[str] = []

    async def listen(self, webhook_url: str) -> None:
        # Mailchimp signs nothing: the connection's secret rides in the URL.
        url = f"{webhook_url}?secret={seed.MAILCHIMP_WEBHOOK_SECRET}"
        self._webhooks.append(await self.driver.add_webhook(url))

    async def close(self) -> None:
        for webhook_id in reversed(self._webhooks):
            await self.driver.delete_webhook(webhook_id)
        self._webhooks.clear()

    async def products(self) -> list[dict[str, Any]]:
        return await self.driver.records("products")

    def skus_of(self, product: dict[str, Any]) -> set[str]:
        return {v.get("sku") or v["id"] for v in product["variants"]} | {product["id"]}

    def as_view(self, product: dict[str, Any]) -> dict[str, Any]:
        variants = product["variants"]
        if len(variants) == 1 and variants[0]["id"] == product["id"]:
            return view(product["title"], variants[0]["price"], {})
        return view(product["title"], None, {v["sku"] or v["id"]: v["price"] for v in variants})

    async def seed_product(self, product: Product) -> str:
        variants: list[Product | Variant] = [*product.variants] or [product]
        prices = [v.price or product.price for v in variants]
        body = {
            "id": product.sku, "title": product.name, "description": product.description or "",
            "variants": [{"id": v.sku, "title": v.name or product.name, "sku": v.sku,
                          "price": float(price.to_decimal()) if price else 0.0,
                          "inventory_quantity": v.quantity or 0}
                         for v, price in zip(variants, prices, strict=True)],
        }  # fmt: skip
        await self.driver.seed_product(body)
        return product.sku

    async def stock_of(self, sku: str) -> int | None:
        return await self.driver.stock_of(sku)

    async def seed_customer(self, customer: Customer) -> str:
        assert customer.email
        merges = {"FNAME": customer.first_name or "", "LNAME": customer.last_name or ""}
        made = await self.driver.sign_up({"email_address": customer.email, "merge_fields": merges})
        return str(made.get("id", ""))

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = await self.driver.records("customers")
        return [{"email": c["email_address"], "first_name": c.get("first_name") or None,
                 "last_name": c.get("last_name") or None, "company": c.get("company") or None}
                for c in found if c["email_address"] == email]  # fmt: skip


def _company(addresses: list[dict[str, Any]]) -> str | None:
    return next((a["company"] for a in addresses if a.get("company")), None)


SHOP_CLASSES: dict[str, type[Shop]] = {
    cls.vendor: cls for cls in (Shopify, BigCommerce, Ecwid, MijnWebwinkel, Mailchimp)
}
