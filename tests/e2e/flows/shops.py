"""The five shop simulators seen alike: listen for a connection's webhooks, seed, read back.

Seeding reuses the connector contract harnesses (``tests/contract/connectors/harness_*``) on
the system's simulators; they are shared by every e2e test, so nothing here resets them.
"""

from __future__ import annotations

import base64
import contextlib
from decimal import Decimal
from typing import Any

import httpx

from scripts.system import seed
from syncyard_common.canonical import Customer, Product, Variant
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
        self._undo: list[tuple[str, str, Any]] = []

    async def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        response = await self.client.request(method, f"{self.url}{path}", json=body, **kwargs)
        assert response.status_code < 300, f"{method} {path}: {response.text[:300]}"
        return response.json() if response.content else None

    async def listen(self, webhook_url: str) -> None:
        """Deliver this shop's change webhooks to ``webhook_url`` (polled shops: nothing)."""

    async def close(self) -> None:
        for method, path, body in reversed(self._undo):
            await self.client.request(method, f"{self.url}{path}", json=body, headers=self._auth())
        self._undo.clear()

    def _auth(self) -> dict[str, str]:
        return {}

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
        self.harness = ShopifyHarness(url, httpx.AsyncClient(base_url=url, timeout=10))
        self.admin = f"/admin/api/{seed.SHOP_API_VERSION}"

    def _auth(self) -> dict[str, str]:
        return {"X-Shopify-Access-Token": seed.SHOP_ACCESS_TOKEN}

    async def admin_call(self, method: str, path: str, body: Any = None) -> Any:
        """The Admin API, waiting out its 2-calls-a-second limit as a good citizen does."""
        response = await seed.shop_api(self.client, method, f"{self.url}{path}", json=body)
        assert response.status_code < 300, f"{method} {path}: {response.text[:300]}"
        return response.json() if response.content else None

    async def listen(self, webhook_url: str) -> None:
        for topic in SHOPIFY_TOPICS:
            body = {"webhook": {"topic": topic, "address": webhook_url, "format": "json"}}
            made = await self.admin_call("POST", f"{self.admin}/webhooks.json", body)
            self._undo.append(
                ("DELETE", f"{self.admin}/webhooks/{made['webhook']['id']}.json", None)
            )

    async def close(self) -> None:
        for method, path, _ in reversed(self._undo):
            await seed.shop_api(self.client, method, f"{self.url}{path}")
        self._undo.clear()
        await self.harness.http().aclose()

    async def _records(self, kind: str) -> list[dict[str, Any]]:
        return list((await self.call("GET", f"/_sim/records/{kind}"))[kind])

    async def products(self) -> list[dict[str, Any]]:
        return await self._records("products")

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
        body = {"product": {"id": int(product_id), "title": name}}
        await self.admin_call("PUT", f"{self.admin}/products/{product_id}.json", body)

    async def stock_of(self, sku: str) -> int | None:
        return await self.harness.stock_of(sku)

    async def seed_customer(self, customer: Customer) -> str:
        return await self.harness.seed_customer(customer)

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = [c for c in await self._records("customers") if c.get("email") == email]
        return [
            {"email": c["email"], "first_name": c.get("first_name"),
             "last_name": c.get("last_name"), "company": _company(c.get("addresses", []))}
            for c in found
        ]  # fmt: skip

    async def categories(self, name: str) -> list[dict[str, Any]]:
        return [c for c in await self._records("custom_collections") if c["title"] == name]

    async def parent_of(self, collection_id: str) -> str | None:
        """The parent the connector keeps in a metafield (Shopify collections are flat)."""
        for field in await self._records("metafields"):
            if (
                str(field.get("owner_id")) == collection_id
                and field["key"] == "parent_collection_id"
            ):
                return str(field["value"])
        return None


class BigCommerce(Shop):
    vendor = "bigcommerce"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        super().__init__(url, client)
        self.harness = BigCommerceHarness(url, httpx.AsyncClient(base_url=url, timeout=10))
        self.v3 = f"/stores/{seed.BIGCOMMERCE_STORE_HASH}/v3"

    def _auth(self) -> dict[str, str]:
        return {"X-Auth-Token": seed.BIGCOMMERCE_ACCESS_TOKEN}

    async def listen(self, webhook_url: str) -> None:
        for scope in BIGCOMMERCE_SCOPES:
            body = {"scope": scope, "destination": webhook_url, "is_active": True}
            made = await self.call("POST", f"{self.v3}/hooks", body, headers=self._auth())
            self._undo.append(("DELETE", f"{self.v3}/hooks/{made['data']['id']}", None))

    async def close(self) -> None:
        await super().close()
        await self.harness.http().aclose()

    async def products(self) -> list[dict[str, Any]]:
        return await self.harness.stored("products")

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
        path = f"{self.v3}/catalog/products/{product_id}"
        await self.call("PUT", path, {"name": name}, headers=self._auth())

    async def stock_of(self, sku: str) -> int | None:
        return await self.harness.stock_of(sku)

    async def seed_customer(self, customer: Customer) -> str:
        return await self.harness.seed_customer(customer)

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = [c for c in await self.harness.stored("customers") if c.get("email") == email]
        return [{"email": c["email"], "first_name": c.get("first_name"),
                 "last_name": c.get("last_name"), "company": c.get("company") or None}
                for c in found]  # fmt: skip

    async def categories(self, name: str) -> list[dict[str, Any]]:
        return [c for c in await self.harness.stored("categories") if c["name"] == name]


class Ecwid(Shop):
    """Ecwid posts every store's events to the app's one URL: the test owns it while it runs."""

    vendor = "ecwid"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        super().__init__(url, client)
        self.harness = EcwidHarness(url, httpx.AsyncClient(base_url=url, timeout=10))
        self.api = f"/api/v3/{seed.ECWID_STORE_ID}"

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {seed.ECWID_ACCESS_TOKEN}"}

    async def listen(self, webhook_url: str) -> None:
        await self.call("POST", "/_sim/config", {"webhook_url": webhook_url})
        self._undo.append(("POST", "/_sim/config", {"webhook_url": None}))

    async def close(self) -> None:
        await super().close()
        await self.harness.http().aclose()

    async def products(self) -> list[dict[str, Any]]:
        return await self.harness.stored("products")

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
        path = f"{self.api}/products/{product_id}"
        await self.call("PUT", path, {"name": name}, headers=self._auth())

    async def stock_of(self, sku: str) -> int | None:
        return await self.harness.stock_of(sku)

    async def seed_customer(self, customer: Customer) -> str:
        return await self.harness.seed_customer(customer)

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = [c for c in await self.harness.stored("customers") if c.get("email") == email]
        out = []
        for c in found:
            billing = c.get("billingPerson") or {}
            first, _, last = (billing.get("name") or "").partition(" ")
            company = billing.get("companyName")
            out.append({"email": c["email"], "first_name": first or None,
                        "last_name": last or None, "company": company})  # fmt: skip
        return out

    async def categories(self, name: str) -> list[dict[str, Any]]:
        return [c for c in await self.harness.stored("categories") if c["name"] == name]


class MijnWebwinkel(Shop):
    vendor = "mijnwebwinkel"

    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        super().__init__(url, client)
        self.harness = MijnWebwinkelHarness(url, httpx.AsyncClient(base_url=url, timeout=10))

    async def close(self) -> None:
        await super().close()
        await self.harness.http().aclose()

    async def products(self) -> list[dict[str, Any]]:
        return await self.harness.stored("products")

    def _variant_skus(self, product: dict[str, Any]) -> dict[int, str]:
        invisible = (product.get("extra") or {}).get("invisible") or {}
        return {int(k.removeprefix("variant_sku:")): v for k, v in invisible.items()
                if k.startswith("variant_sku:")}  # fmt: skip

    def skus_of(self, product: dict[str, Any]) -> set[str]:
        return {product["sku"], *self._variant_skus(product).values()}

    def as_view(self, product: dict[str, Any]) -> dict[str, Any]:
        skus = self._variant_skus(product)
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
        await self.call("PATCH", f"/_sim/articles/{product_id}", {"name": name})
        await self.call("POST", f"/_sim/articles/{product_id}/touch")

    async def stock_of(self, sku: str) -> int | None:
        return await self.harness.stock_of(sku)

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = [c for c in await self.harness.stored("customers") if c.get("email") == email]
        out = []
        for c in found:
            company = _company(c.get("addresses", []))
            out.append({"email": c["email"], "first_name": c.get("firstName"),
                        "last_name": c.get("lastName"), "company": company})  # fmt: skip
        return out

    async def categories(self, name: str) -> list[dict[str, Any]]:
        return [c for c in await self.harness.stored("categories") if c.get("title") == name]


class Mailchimp(Shop):
    """The demo store of the system's simulator (not the contract harness's own store)."""

    vendor = "mailchimp"

    async def listen(self, webhook_url: str) -> None:
        # Mailchimp signs nothing: the connection's secret rides in the URL.
        body = {"url": f"{webhook_url}?secret={seed.MAILCHIMP_WEBHOOK_SECRET}"}
        made = await self.call("POST", f"/_sim/lists/{MAILCHIMP_LIST}/webhooks", body)
        self._undo.append(("DELETE", f"/3.0/lists/{MAILCHIMP_LIST}/webhooks/{made['id']}", None))

    def _auth(self) -> dict[str, str]:
        return {"Authorization": "Basic " + _basic("any", seed.MAILCHIMP_API_KEY)}

    async def products(self) -> list[dict[str, Any]]:
        found = await self.call("GET", f"/_sim/stores/{MAILCHIMP_STORE}/products")
        return list(found["products"])

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
        await self.call("POST", f"/_sim/stores/{MAILCHIMP_STORE}/products", body)
        return product.sku

    async def stock_of(self, sku: str) -> int | None:
        for product in await self.products():
            for variant in product["variants"]:
                if sku in (variant.get("sku"), variant["id"]):
                    return int(variant["inventory_quantity"])
        return None

    async def seed_customer(self, customer: Customer) -> str:
        assert customer.email
        merges = {"FNAME": customer.first_name or "", "LNAME": customer.last_name or ""}
        body = {"email_address": customer.email, "merge_fields": merges}
        made = await self.call("POST", f"/_sim/lists/{MAILCHIMP_LIST}/members", body)
        return str(made.get("id", ""))

    async def customers(self, email: str) -> list[dict[str, Any]]:
        found = await self.call("GET", f"/_sim/stores/{MAILCHIMP_STORE}/customers")
        return [{"email": c["email_address"], "first_name": c.get("first_name") or None,
                 "last_name": c.get("last_name") or None, "company": c.get("company") or None}
                for c in found["customers"] if c["email_address"] == email]  # fmt: skip


def _company(addresses: list[dict[str, Any]]) -> str | None:
    return next((a["company"] for a in addresses if a.get("company")), None)


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


SHOP_CLASSES: dict[str, type[Shop]] = {
    cls.vendor: cls for cls in (Shopify, BigCommerce, Ecwid, MijnWebwinkel, Mailchimp)
}
