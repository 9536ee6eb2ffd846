"""One typed client for tests, benchmarks and demos that drive a running Shopify simulator.

``ShopifyDriver`` speaks to the simulator's control API under ``/_sim/`` (seed, read back,
set plan and limits, inject failures, watch deliveries) and to its Admin REST API as a
merchant or shopper would (webhook subscriptions, payments, fulfilments, edits), waiting out
429s as a well-behaved app does. Bodies are Shopify's own JSON: translating from any other
model is the caller's business. Built on httpx only, so the simulator package stays
installable on its own.
"""

from __future__ import annotations

import asyncio
import functools
import uuid
from decimal import Decimal
from types import TracebackType
from typing import Any, Self

import httpx

from syncyard_sim_shopify.delivery import sign

# httpx's default TLS context, built once: loading the CA bundle costs ~26 ms per client.
_trust_store = functools.cache(httpx.create_ssl_context)

Json = dict[str, Any]

API_VERSION = "2025-01"
ACCESS_HEADER = "X-Shopify-Access-Token"
# The connector keeps a category's parent in this metafield (collections are flat).
PARENT_METAFIELD = {"namespace": "syncyard", "key": "parent_collection_id"}


def admin_path(api_version: str = API_VERSION) -> str:
    """The Admin REST API's path prefix for one version."""
    return f"/admin/api/{api_version}"


def compact_order(sku: str = "KOFFIE-250", **extra: Any) -> Json:
    """A small checkout (one line of ``sku``) in the control API's order shape."""
    order: Json = {
        "email": "jan@example.nl",
        "billing_address": {"first_name": "Jan", "last_name": "Jansen", "country_code": "NL"},
        "line_items": [{"sku": sku, "title": "Koffie 250g", "quantity": 2, "price": "12.50"}],
    }
    return order | extra


def cents(amount: Any) -> int:
    """A Shopify decimal amount (string or number) in minor units."""
    return int((Decimal(str(amount)) * 100).to_integral_value())


def webhook_headers(
    body: bytes,
    topic: str,
    *,
    secret: str,
    shop_domain: str,
    api_version: str = API_VERSION,
    webhook_id: str | None = None,
    event_id: str | None = None,
    signature: str | None = None,
    triggered_at: str | None = None,
) -> dict[str, str]:
    """The headers Shopify sends a webhook with (HMAC of the raw body unless ``signature``
    is given; fresh webhook and event ids unless given; Triggered-At only when given)."""
    headers = {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": sign(body, secret) if signature is None else signature,
        "X-Shopify-Shop-Domain": shop_domain,
        "X-Shopify-API-Version": api_version,
        "X-Shopify-Webhook-Id": webhook_id or str(uuid.uuid4()),
        "X-Shopify-Event-Id": event_id or str(uuid.uuid4()),
    }
    if triggered_at is not None:
        headers["X-Shopify-Triggered-At"] = triggered_at
    return headers


class ShopifyDriver:
    """A running Shopify simulator at ``base_url``, driven through one ``httpx.AsyncClient``.

    The client is the caller's when given (it is not closed here) and the driver's own
    otherwise (``aclose`` or ``async with`` closes it).
    """

    def __init__(
        self,
        base_url: str,
        *,
        access_token: str,
        api_version: str = API_VERSION,
        webhook_secret: str = "",
        shop_domain: str = "",
        client: httpx.AsyncClient | None = None,
        timeout: float = 10,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.access_token = access_token
        self.api_version = api_version
        self.admin = admin_path(api_version)
        self.webhook_secret = webhook_secret
        self.shop_domain = shop_domain
        self._owns_client = client is None
        self.client = client or httpx.AsyncClient(timeout=timeout, verify=_trust_store())

    async def aclose(self) -> None:
        if self._owns_client:
            await self.client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    # --- raw calls ------------------------------------------------------------------------
    async def control(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        """Call ``/_sim{path}``; a non-2xx answer raises, naming the call."""
        response = await self.client.request(
            method, f"{self.base_url}/_sim{path}", json=body, **kwargs
        )
        return _json_or_raise(response)

    async def admin_request(
        self, method: str, path: str, body: Any = None, **kwargs: Any
    ) -> httpx.Response:
        """Call the Admin API at ``{admin}{path}`` with the token, waiting out 429s as
        Retry-After says (up to 60 times); the last answer is returned whatever its status."""
        headers = {ACCESS_HEADER: self.access_token, **kwargs.pop("headers", {})}
        url = f"{self.base_url}{self.admin}{path}"
        for _ in range(60):
            response = await self.client.request(method, url, json=body, headers=headers, **kwargs)
            if response.status_code != 429:
                return response
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
        return response

    async def admin_call(
        self, method: str, path: str, body: Any = None, *, expect: int | None = None
    ) -> Any:
        """``admin_request`` whose answer must be 2xx (exactly ``expect`` when given): its
        JSON (None when empty)."""
        return _json_or_raise(await self.admin_request(method, path, body), expect)

    # --- simulator state, knobs and faults ------------------------------------------------
    async def reset(self) -> None:
        """Drop all state, cancel pending deliveries, empty the rate buckets."""
        await self.control("POST", "/reset")

    async def config(self) -> Json:
        """The runtime knobs and the plan they make."""
        return dict(await self.control("GET", "/config"))

    async def configure(self, **knobs: Any) -> Json:
        """Change runtime knobs (``plan``, ``bucket_size``, ``leak_rate``, ``latency_ms``,
        ``error_rate_5xx``, ``duplicate_deliveries``, ``out_of_order`` …); returns them all."""
        return dict(await self.control("POST", "/config", knobs))

    async def set_plan(self, plan: str) -> Json:
        """Take one plan's rate limits (``standard``, ``advanced``, ``plus``)."""
        return await self.configure(plan=plan)

    async def advance_clock(self, seconds: float) -> str:
        """Move the simulated clock forward; returns the new time."""
        return str((await self.control("POST", "/clock", {"seconds": seconds}))["now"])

    async def fail_next(self, status: int, count: int = 1) -> None:
        """Answer the next ``count`` API calls with ``status`` (429 or a 5xx)."""
        await self.control("POST", "/fail_next", {"status": status, "count": count})

    async def requests(self) -> list[Json]:
        """Every Admin API request since the reset: method, path, query, status."""
        return list((await self.control("GET", "/requests"))["requests"])

    async def request_summary(self) -> Json:
        """The request log counted per endpoint, status and second."""
        return dict(await self.control("GET", "/requests/summary"))

    async def deliveries(self, topic: str | None = None) -> list[Json]:
        """The webhook delivery log, oldest first."""
        params = {"topic": topic} if topic else None
        return list((await self.control("GET", "/deliveries", params=params))["deliveries"])

    # --- seeding, as the merchant's admin would ---------------------------------------------
    async def seed_products(self, products: list[Json]) -> list[Json]:
        """Create products (REST shape, variants included); returns them as stored."""
        return list((await self.control("POST", "/products", {"products": products}))["products"])

    async def seed_product(self, product: Json) -> Json:
        (stored,) = await self.seed_products([product])
        return stored

    async def seed_customer(self, customer: Json) -> Json:
        return dict(await self.control("POST", "/customers", customer))

    async def seed_collection(self, collection: Json) -> Json:
        """A custom collection (REST shape, ``metafields`` allowed)."""
        return dict(await self.control("POST", "/custom_collections", collection))

    async def seed_stock(self, sku: str, available: int) -> Json:
        """Set the SKU's level at the primary location (fires inventory_levels/update)."""
        return dict(await self.control("POST", "/stock", {"sku": sku, "available": available}))

    async def touch(self, resource: str, record_id: str | int) -> Json:
        """Bump ``updated_at`` of a product, customer, custom collection or order and fire
        its update webhook, as an edit in the admin does."""
        return dict(await self.control("POST", f"/{resource}/{record_id}/touch"))

    async def place_order(self, order: Json) -> Json:
        """A shopper's checkout (compact order shape; stock is decremented)."""
        return dict(await self.control("POST", "/orders", order))

    async def subscribe_directly(self, topic: str, address: str) -> Json:
        """A webhook subscription made without the Admin API (no rate limit, no token)."""
        return dict(await self.control("POST", "/webhooks", {"topic": topic, "address": address}))

    # --- reading back -----------------------------------------------------------------------
    async def records(self, resource: str) -> list[Json]:
        """Everything held of ``resource`` (orders, products, customers, custom_collections,
        collects, metafields), oldest first."""
        return list((await self.control("GET", f"/records/{resource}"))[resource])

    async def stock_of(self, sku: str) -> int | None:
        """The SKU's level at the primary location (None: unknown or not stocked)."""
        available: int | None = (await self.control("GET", "/stock", params={"sku": sku}))[
            "available"
        ]
        return available

    async def parent_of(self, collection_id: str) -> str | None:
        """The parent collection kept in the connector's metafield, if any."""
        for field in await self.records("metafields"):
            if (
                str(field.get("owner_id")) == collection_id
                and field["key"] == PARENT_METAFIELD["key"]
            ):
                return str(field["value"])
        return None

    # --- the Admin API, as a merchant's app uses it -----------------------------------------
    async def subscribe(self, topic: str, address: str) -> str:
        """Subscribe ``address`` to ``topic`` (JSON format); returns the webhook's id."""
        body = {"webhook": {"topic": topic, "address": address, "format": "json"}}
        made = await self.admin_call("POST", "/webhooks.json", body, expect=201)
        return str(made["webhook"]["id"])

    async def webhooks(self) -> list[Json]:
        return list((await self.admin_call("GET", "/webhooks.json"))["webhooks"])

    async def unsubscribe(self, webhook_id: str) -> None:
        await self.admin_request("DELETE", f"/webhooks/{webhook_id}.json")

    async def unsubscribe_address(self, address: str) -> None:
        """Remove every subscription that delivers to ``address``."""
        for hook in await self.webhooks():
            if hook["address"] == address:
                await self.unsubscribe(str(hook["id"]))

    async def order(self, order_id: str) -> Json:
        return dict((await self.admin_call("GET", f"/orders/{order_id}.json"))["order"])

    async def mark_paid(self, order_id: str) -> None:
        """Capture the whole outstanding amount; an order paid already is edited instead,
        so the shop tells its status again (orders/updated)."""
        outstanding = (await self.order(order_id))["total_outstanding"]
        if cents(outstanding) == 0:
            await self.touch("orders", order_id)
            return
        body = {"transaction": {"kind": "sale", "amount": outstanding}}
        await self.admin_call("POST", f"/orders/{order_id}/transactions.json", body, expect=201)

    async def fulfil(self, order_id: str) -> None:
        """Ship every line of the order."""
        listed = await self.admin_call("GET", f"/orders/{order_id}/fulfillment_orders.json")
        (fulfilment_order,) = listed["fulfillment_orders"]
        lines = [{"fulfillment_order_id": fulfilment_order["id"]}]
        body = {"fulfillment": {"line_items_by_fulfillment_order": lines}}
        await self.admin_call("POST", "/fulfillments.json", body, expect=201)

    async def send_webhook(
        self, address: str, topic: str, body: bytes, **headers: str | None
    ) -> httpx.Response:
        """Post ``body`` to ``address`` as Shopify delivers a webhook, signed with the
        driver's webhook secret (``headers``: see ``webhook_headers``); the answer as is."""
        signed = webhook_headers(
            body,
            topic,
            secret=self.webhook_secret,
            shop_domain=self.shop_domain,
            api_version=self.api_version,
            **headers,
        )
        return await self.client.post(address, content=body, headers=signed)

    async def rename_product(self, product_id: str, title: str) -> None:
        body = {"product": {"id": int(product_id), "title": title}}
        await self.admin_call("PUT", f"/products/{product_id}.json", body)


def _json_or_raise(response: httpx.Response, expect: int | None = None) -> Any:
    if response.status_code >= 300 or expect not in (None, response.status_code):
        request = response.request
        raise AssertionError(
            f"{request.method} {request.url} → {response.status_code}: {response.text[:300]}"
        )
    return response.json() if response.content else None
