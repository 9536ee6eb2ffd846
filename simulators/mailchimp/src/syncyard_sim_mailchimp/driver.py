"""One typed client for tests, benchmarks and demos that drive a running Mailchimp simulator.

``MailchimpDriver`` speaks to the simulator's control API under ``/_sim/`` for one e-commerce
store and one audience (list): seed products, customers, orders and stock as a connected shop
would, sign members up, register list webhooks, read back what is stored, set the concurrency
limit and webhook timing, move the clock and inject faults; and to the Marketing API (Basic
auth with the key) for what an app does there. Bodies are Mailchimp's own JSON: translating
from any other model is the caller's business. Built on httpx only, so the simulator package
stays installable on its own.
"""

from __future__ import annotations

import functools
from types import TracebackType
from typing import Any, Self

import httpx

# httpx's default TLS context, built once: loading the CA bundle costs ~26 ms per client.
_trust_store = functools.cache(httpx.create_ssl_context)

Json = dict[str, Any]

API = "/3.0"


def product(product_id: str, *variant_ids: str, price: float = 19.95) -> Json:
    """A product with one variant per id (itself when none), each with stock."""
    variants = variant_ids or (product_id,)
    return {
        "id": product_id,
        "title": f"Product {product_id}",
        "variants": [
            {"id": v, "title": f"Variant {v}", "sku": v, "price": price, "inventory_quantity": 4}
            for v in variants
        ],
    }


def order(order_id: str, product_id: str = "P1", email: str = "anna@example.nl") -> Json:
    """An order of two of one product by one customer."""
    return {
        "id": order_id,
        "customer": {"id": "c-anna", "email_address": email, "opt_in_status": False},
        "currency_code": "EUR",
        "order_total": 39.9,
        "lines": [
            {"id": "1", "product_id": product_id, "product_variant_id": product_id,
             "quantity": 2, "price": 19.95}
        ],
    }  # fmt: skip


def member(email: str, first: str = "Anna", status: str = "subscribed") -> Json:
    """An audience signup."""
    return {"email_address": email, "status": status, "merge_fields": {"FNAME": first}}


class MailchimpDriver:
    """A running Mailchimp simulator at ``base_url`` (one store, one list), driven through one
    ``httpx.AsyncClient``.

    The client is the caller's when given (it is not closed here) and the driver's own
    otherwise (``aclose`` or ``async with`` closes it).
    """

    def __init__(
        self,
        base_url: str,
        *,
        store_id: str,
        list_id: str,
        api_key: str = "",
        client: httpx.AsyncClient | None = None,
        timeout: float = 10,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.store_id = store_id
        self.list_id = list_id
        self.api_key = api_key
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
        """Call the Marketing API at ``/3.0{path}`` with the key (any user name)."""
        url = f"{self.base_url}{API}{path}"
        auth = ("syncyard", self.api_key)
        return await self.client.request(method, url, json=body, auth=auth)

    # --- simulator state, knobs and faults ------------------------------------------------
    async def reset(self, *, demo_data: bool = False, with_store: Json | None = None) -> None:
        """Drop all state (``demo_data``: add the demo records); ``with_store``: create the
        driver's store with these fields (as after a connector's first write)."""
        await self.control("POST", "/reset", {"demo_data": demo_data})
        if with_store is not None:
            await self.create_store(with_store)

    async def create_store(self, fields: Json) -> Json:
        """The driver's e-commerce store, attached to its list."""
        body = {"id": self.store_id, "list_id": self.list_id} | fields
        return dict(await self.control("POST", "/stores", body))

    async def configure(self, **knobs: Any) -> Json:
        """Change ``max_concurrent``, ``webhook_retry_scale`` or ``webhook_timeout_s``."""
        return dict(await self.control("POST", "/config", knobs))

    async def faults(self, **faults: Any) -> Json:
        """Arm faults: ``fail_next={status, count}``, ``latency_ms``, ``error_rate_5xx``,
        ``timeout_next``, ``hang_ms``."""
        return dict(await self.control("POST", "/faults", faults))

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.faults(fail_next={"status": status, "count": count})

    async def advance_clock(self, seconds: float) -> None:
        await self.control("POST", "/clock", {"seconds": seconds})

    async def requests(self) -> list[Json]:
        """Every ``/3.0/`` request since the last reset (method, path, query, status, at)."""
        return list((await self.control("GET", "/requests"))["requests"])

    async def deliveries(self) -> list[Json]:
        return list((await self.control("GET", "/deliveries"))["deliveries"])

    # --- the store, as a connected shop fills it ------------------------------------------
    def _store(self, path: str = "") -> str:
        return f"/stores/{self.store_id}{path}"

    async def seed_product(self, body: Json) -> Json:
        return dict(await self.control("POST", self._store("/products"), body))

    async def seed_customer(self, body: Json) -> Json:
        return dict(await self.control("POST", self._store("/customers"), body))

    async def place_order(self, body: Json) -> Json:
        """An order as the shop's integration records it in the store."""
        return dict(await self.control("POST", self._store("/orders"), body))

    async def seed_stock(self, sku: str, quantity: int) -> None:
        """Set the inventory of the variant with this SKU (or id)."""
        await self.control("POST", self._store("/stock"), {"sku": sku, "quantity": quantity})

    async def touch(self, entity: str, record_id: str) -> None:
        """An edit in the shop (products, customers, orders, carts): its time is now."""
        await self.control("POST", self._store(f"/{entity}/{record_id}/touch"))

    async def records(self, entity: str) -> list[Json]:
        """What the store holds: products, customers, orders or carts."""
        return list((await self.control("GET", self._store(f"/{entity}")))[entity])

    async def stock_of(self, sku: str) -> int | None:
        """The inventory of the variant with this SKU or id (None: none has it)."""
        for stored in await self.records("products"):
            for variant in stored["variants"]:
                if sku in (variant.get("sku"), variant["id"]):
                    return int(variant["inventory_quantity"])
        return None

    # --- the audience -----------------------------------------------------------------------
    async def sign_up(self, body: Json) -> Json:
        """A signup through a form (fires ``subscribe`` when subscribed)."""
        return dict(await self.control("POST", f"/lists/{self.list_id}/members", body))

    async def edit_member(self, member_hash: str, changes: Json) -> Json:
        """An edit in the Mailchimp app (fires profile/unsubscribe/upemail…)."""
        path = f"/lists/{self.list_id}/members/{member_hash}"
        return dict(await self.control("PATCH", path, changes))

    async def touch_member(self, member_hash: str) -> None:
        """Bump ``last_changed`` without firing a webhook."""
        await self.control("POST", f"/lists/{self.list_id}/members/{member_hash}/touch")

    async def members(self) -> list[Json]:
        return list((await self.control("GET", f"/lists/{self.list_id}/members"))["members"])

    async def add_webhook(self, url: str) -> str:
        """Register a list webhook (its URL is checked by a GET first); returns its id."""
        made = await self.control("POST", f"/lists/{self.list_id}/webhooks", {"url": url})
        return str(made["id"])

    async def delete_webhook(self, webhook_id: str) -> None:
        """Remove a list webhook through the Marketing API (the answer is not checked)."""
        await self.api_request("DELETE", f"/lists/{self.list_id}/webhooks/{webhook_id}")


def _json_or_raise(response: httpx.Response) -> Any:
    if response.status_code >= 300:
        request = response.request
        raise AssertionError(
            f"{request.method} {request.url} → {response.status_code}: {response.text[:300]}"
        )
    return response.json() if response.content else None
