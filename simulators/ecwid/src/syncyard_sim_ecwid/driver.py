"""One typed client for tests, benchmarks and demos that drive a running Ecwid simulator.

``EcwidDriver`` speaks to the simulator's control API under ``/_sim/`` (seed, read back, the
app's webhook URL and events, plan and rate limit, faults) and to its REST API v3 as the
merchant's app would (edits), with the store's access token. Bodies are Ecwid's own JSON:
translating from any other model is the caller's business. Built on httpx only, so the
simulator package stays installable on its own.
"""

from __future__ import annotations

import functools
from types import TracebackType
from typing import Any, Self

import httpx

# httpx's default TLS context, built once: loading the CA bundle costs ~26 ms per client.
_trust_store = functools.cache(httpx.create_ssl_context)

Json = dict[str, Any]


def api_path(store_id: int) -> str:
    """The REST API's path prefix for one store."""
    return f"/api/v3/{store_id}"


def sample_order(**extra: Any) -> Json:
    """A paid order of one line, with billing person and shipping option."""
    order = {
        "email": "anna@devries.nl",
        "paymentStatus": "PAID",
        "billingPerson": {
            "name": "Anna de Vries",
            "street": "Dorpsstraat 12a",
            "city": "Utrecht",
            "postalCode": "3511 AB",
            "countryCode": "NL",
        },
        "items": [{"sku": "KOFFIE-250", "name": "Koffie 250g", "quantity": 2, "price": 12.5}],
        "shippingOption": {"shippingMethodName": "PostNL", "shippingRate": 4.95},
    }
    return order | extra


class EcwidDriver:
    """A running Ecwid simulator at ``base_url``, driven through one ``httpx.AsyncClient``.

    The client is the caller's when given (it is not closed here) and the driver's own
    otherwise (``aclose`` or ``async with`` closes it).
    """

    def __init__(
        self,
        base_url: str,
        *,
        store_id: int,
        access_token: str,
        client: httpx.AsyncClient | None = None,
        timeout: float = 10,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.store_id = store_id
        self.access_token = access_token
        self.api = api_path(store_id)
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

    async def api_call(self, method: str, path: str, body: Any = None) -> Any:
        """Call the REST API at ``{api}{path}`` with the token; the answer must be 2xx."""
        headers = {"Authorization": f"Bearer {self.access_token}"}
        url = f"{self.base_url}{self.api}{path}"
        return _json_or_raise(await self.client.request(method, url, json=body, headers=headers))

    # --- simulator state, knobs and faults ------------------------------------------------
    async def reset(self, *, seed: bool = False) -> None:
        """Drop all state and knobs, cancel deliveries; ``seed``: add the demo catalogue."""
        await self.control("POST", "/reset", {"seed": seed})

    async def config(self) -> Json:
        return dict(await self.control("GET", "/config"))

    async def configure(self, **knobs: Any) -> Json:
        """Change ``scopes``, ``paid_plan``, ``requests_per_minute``, ``burst``,
        ``webhook_url``, ``webhook_events`` and the delivery knobs; returns them all."""
        return dict(await self.control("POST", "/config", knobs))

    async def listen(self, webhook_url: str | None, events: list[str] | None = None) -> None:
        """Point the app's one webhook URL at ``webhook_url`` (None: no URL), for ``events``
        when given."""
        knobs: Json = {"webhook_url": webhook_url}
        if events is not None:
            knobs["webhook_events"] = events
        await self.configure(**knobs)

    async def faults(self, **faults: Any) -> Json:
        """Arm faults: ``fail_next={status, count}``, ``latency_ms``, ``error_rate_5xx``,
        ``timeout_next``, ``hang_ms``."""
        return dict(await self.control("POST", "/faults", faults))

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.faults(fail_next={"status": status, "count": count})

    async def advance_clock(self, seconds: float) -> None:
        await self.control("POST", "/clock", {"seconds": seconds})

    async def requests(self) -> list[Json]:
        """Every API request since reset: method, path, query, status, json."""
        return list((await self.control("GET", "/requests"))["requests"])

    async def deliveries(self) -> list[Json]:
        return list((await self.control("GET", "/deliveries"))["deliveries"])

    # --- seeding, as the merchant's admin or a shopper would --------------------------------
    async def seed_products(self, products: list[Json]) -> list[Json]:
        return list((await self.control("POST", "/products", {"products": products}))["products"])

    async def seed_product(self, product: Json) -> Json:
        (stored,) = await self.seed_products([product])
        return stored

    async def seed_stock(self, sku: str, quantity: int | None) -> None:
        """Set the SKU's quantity (None: unlimited)."""
        await self.control("POST", "/stock", {"sku": sku, "quantity": quantity})

    async def seed_category(self, category: Json) -> Json:
        return dict(await self.control("POST", "/categories", category))

    async def seed_customer(self, customer: Json) -> Json:
        return dict(await self.control("POST", "/customers", customer))

    async def place_order(self, order: Json) -> Json:
        """An order as a shopper's checkout makes it."""
        return dict(await self.control("POST", "/orders", order))

    async def touch(self, kind: str, record_id: str | int) -> Json:
        """An edit in the admin: bumps the update time and fires ``<kind>.updated``."""
        return dict(await self.control("POST", f"/{kind}/{record_id}/touch"))

    # --- reading back -----------------------------------------------------------------------
    async def records(self, kind: str) -> list[Json]:
        """Every record of ``kind`` (products, customers, orders, categories) as stored."""
        return list((await self.control("GET", f"/{kind}"))["items"])

    async def product_holding(self, sku: str) -> Json | None:
        """The product with ``sku``, itself or as a combination."""
        for product in await self.records("products"):
            if product["sku"] == sku or any(c.get("sku") == sku for c in product["combinations"]):
                return product
        return None

    async def stock_of(self, sku: str) -> int | None:
        """The quantity of ``sku`` (None: unknown SKU or unlimited)."""
        product = await self.product_holding(sku)
        if product is None:
            return None
        holder = next((c for c in product["combinations"] if c.get("sku") == sku), product)
        return None if holder.get("unlimited") else int(holder.get("quantity", 0))

    # --- the REST API, as the merchant's app uses it -------------------------------------------
    async def rename_product(self, product_id: str, name: str) -> None:
        await self.api_call("PUT", f"/products/{product_id}", {"name": name})


def _json_or_raise(response: httpx.Response) -> Any:
    if response.status_code >= 300:
        request = response.request
        raise AssertionError(
            f"{request.method} {request.url} → {response.status_code}: {response.text[:300]}"
        )
    return response.json() if response.content else None
