"""One typed client for tests, benchmarks and demos that drive a running BigCommerce simulator.

``BigCommerceDriver`` speaks to the simulator's control API under ``/_sim/`` (seed, read back,
set plan and limits, inject faults) and to its store API as the merchant's app would (webhook
hooks, edits), with the store's access token. Bodies are BigCommerce's own JSON (v3 catalogue
and customers, v2 orders): translating from any other model is the caller's business. Built
on httpx only, so the simulator package stays installable on its own.
"""

from __future__ import annotations

import functools
from types import TracebackType
from typing import Any, Self

import httpx

# httpx's default TLS context, built once: loading the CA bundle costs ~26 ms per client.
_trust_store = functools.cache(httpx.create_ssl_context)

Json = dict[str, Any]

AUTH_HEADER = "X-Auth-Token"


def v3_path(store_hash: str) -> str:
    return f"/stores/{store_hash}/v3"


def v2_path(store_hash: str) -> str:
    return f"/stores/{store_hash}/v2"


def product(sku: str, **extra: Any) -> Json:
    """A minimal valid v3 product body."""
    body = {"name": f"Product {sku}", "type": "physical", "sku": sku, "weight": 1, "price": 9.95}
    return body | extra


def sized_product(sku: str, sizes: tuple[str, ...] = ("S", "M")) -> Json:
    """A product with one variant per size."""
    variants = [
        {"sku": f"{sku}-{size}", "price": 12.5, "inventory_level": 4,
         "option_values": [{"option_display_name": "Size", "label": size}]}
        for size in sizes
    ]  # fmt: skip
    return product(sku, variants=variants)


def order(**extra: Any) -> Json:
    """A minimal valid v2 order body with one custom line."""
    body = {
        "billing_address": {"first_name": "Jan", "last_name": "Jansen", "street_1": "Dam 1",
                            "city": "Amsterdam", "zip": "1012 JS", "country": "Netherlands",
                            "country_iso2": "NL", "email": "jan@example.nl"},
        "products": [{"name": "Koffie", "quantity": 2, "price_inc_tax": "12.10",
                      "price_ex_tax": "10.00", "sku": "KOFFIE"}],
    }  # fmt: skip
    return body | extra


class BigCommerceDriver:
    """A running BigCommerce simulator at ``base_url``, driven through one httpx.AsyncClient.

    The client is the caller's when given (it is not closed here) and the driver's own
    otherwise (``aclose`` or ``async with`` closes it).
    """

    def __init__(
        self,
        base_url: str,
        *,
        store_hash: str,
        access_token: str,
        client: httpx.AsyncClient | None = None,
        timeout: float = 10,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.store_hash = store_hash
        self.access_token = access_token
        self.v3 = v3_path(store_hash)
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
    async def control(self, method: str, path: str, body: Any = None) -> Any:
        """Call ``/_sim{path}``; a non-2xx answer raises, naming the call."""
        response = await self.client.request(method, f"{self.base_url}/_sim{path}", json=body)
        return _json_or_raise(response)

    async def api_request(self, method: str, path: str, body: Any = None) -> httpx.Response:
        """Call the store API at ``path`` (from ``/stores/…`` on) with the access token."""
        headers = {AUTH_HEADER: self.access_token}
        url = f"{self.base_url}{path}"
        return await self.client.request(method, url, json=body, headers=headers)

    async def api_call(self, method: str, path: str, body: Any = None) -> Any:
        """``api_request`` whose answer must be 2xx: its JSON (None when empty)."""
        return _json_or_raise(await self.api_request(method, path, body))

    # --- simulator state, knobs and faults ------------------------------------------------
    async def reset(self) -> None:
        """Drop all state and faults, cancel deliveries, restart the quota."""
        await self.control("POST", "/reset", {})

    async def config(self) -> Json:
        return dict(await self.control("GET", "/config"))

    async def configure(self, **knobs: Any) -> Json:
        """Change ``plan``, ``rate_quota``, ``rate_window_ms`` or the delivery knobs."""
        return dict(await self.control("POST", "/config", knobs))

    async def set_plan(self, plan: str) -> Json:
        return await self.configure(plan=plan)

    async def set_rate_limit(self, quota: int, window_ms: int = 30_000) -> Json:
        """A quota per window, starting a fresh window."""
        return dict(
            await self.control("POST", "/ratelimit", {"quota": quota, "window_ms": window_ms})
        )

    async def faults(self, **faults: Any) -> Json:
        """Arm faults: ``fail_next={status, count}``, ``latency_ms``, ``error_rate_5xx``,
        ``timeout_next``, ``timeout_ms``."""
        return dict(await self.control("POST", "/faults", faults))

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.faults(fail_next={"status": status, "count": count})

    async def advance_clock(self, seconds: float) -> None:
        await self.control("POST", "/clock", {"seconds": seconds})

    # --- seeding, as the merchant's admin or a shopper would --------------------------------
    async def seed_products(self, products: Json | list[Json]) -> list[Json]:
        """Create products (v3 body, one or a list); returns them as stored."""
        return list((await self.control("POST", "/products", products))["products"])

    async def seed_product(self, body: Json) -> Json:
        (stored,) = await self.seed_products(body)
        return stored

    async def seed_customer(self, body: Json) -> Json:
        (stored,) = (await self.control("POST", "/customers", body))["customers"]
        return dict(stored)

    async def place_order(self, body: Json) -> Json:
        """An order (v2 body) as if a shopper placed it."""
        return dict(await self.control("POST", "/orders", body))

    async def seed_category(self, name: str, parent_id: int = 0) -> Json:
        return dict(
            await self.control("POST", "/categories", {"name": name, "parent_id": parent_id})
        )

    async def seed_stock(self, sku: str, quantity: int) -> None:
        """Set a SKU's stock (fires the inventory webhooks)."""
        await self.control("POST", "/stock", {"sku": sku, "quantity": quantity})

    async def touch(self, entity: str, record_id: str | int) -> None:
        """An edit in the admin: bumps ``date_modified`` and fires the update event."""
        await self.control("POST", f"/{entity}/{record_id}/touch", {})

    async def subscribe_directly(self, scope: str, destination: str) -> Json:
        """A hook registered without the store API."""
        body = {"scope": scope, "destination": destination}
        return dict(await self.control("POST", "/hooks", body))

    # --- reading back -----------------------------------------------------------------------
    async def records(self, entity: str) -> list[Json]:
        """What the store holds of ``entity`` (products, customers, orders, categories, hooks,
        stock, requests, deliveries)."""
        return list((await self.control("GET", f"/{entity}"))[entity])

    async def requests(self) -> list[Json]:
        return await self.records("requests")

    async def stock_of(self, sku: str) -> int | None:
        """The level of the variant with ``sku`` (None: no such SKU)."""
        for stored in await self.records("products"):
            for variant in stored["variants"]:
                if variant["sku"] == sku:
                    level: int = variant["inventory_level"]
                    return level
        return None

    # --- the store API, as the merchant's app uses it ----------------------------------------
    async def subscribe(self, scope: str, destination: str) -> str:
        """An active hook of ``scope`` to ``destination``; returns its id."""
        body = {"scope": scope, "destination": destination, "is_active": True}
        return str((await self.api_call("POST", f"{self.v3}/hooks", body))["data"]["id"])

    async def unsubscribe(self, hook_id: str) -> None:
        await self.api_request("DELETE", f"{self.v3}/hooks/{hook_id}")

    async def unsubscribe_destination(self, destination: str) -> None:
        """Delete every hook that delivers to ``destination``."""
        for hook in await self.records("hooks"):
            if hook["destination"] == destination:
                await self.unsubscribe(str(hook["id"]))

    async def rename_product(self, product_id: str, name: str) -> None:
        await self.api_call("PUT", f"{self.v3}/catalog/products/{product_id}", {"name": name})


def _json_or_raise(response: httpx.Response) -> Any:
    if response.status_code >= 300:
        request = response.request
        raise AssertionError(
            f"{request.method} {request.url} → {response.status_code}: {response.text[:300]}"
        )
    return response.json() if response.content else None
