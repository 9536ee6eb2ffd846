"""One typed client for tests, benchmarks and demos that drive a running MijnWebwinkel simulator.

``MijnWebwinkelDriver`` speaks to the simulator's control API under ``/_sim/``: seed articles,
categories, customers and orders as the merchant or a shopper would, change an order's status,
read back what is stored, set the rate limit, move the clock and inject faults. Bodies are the
Connect API's own JSON: translating from any other model is the caller's business. Built on
httpx only, so the simulator package stays installable on its own.
"""

from __future__ import annotations

import functools
from types import TracebackType
from typing import Any, Self

import httpx

# httpx's default TLS context, built once: loading the CA bundle costs ~26 ms per client.
_trust_store = functools.cache(httpx.create_ssl_context)

Json = dict[str, Any]

API = "/v1"
# A variant's SKU is kept in the article's invisible extras under this key prefix + variant id.
VARIANT_SKU = "variant_sku:"


def variant_skus(article: Json) -> dict[int, str]:
    """Variant id → SKU, as kept in the article's invisible extras."""
    invisible = (article.get("extra") or {}).get("invisible") or {}
    return {int(k.removeprefix(VARIANT_SKU)): v for k, v in invisible.items()
            if k.startswith(VARIANT_SKU)}  # fmt: skip


def answers_to(article: Json, sku: str) -> bool:
    """Whether the article holds ``sku``, itself or as a variant."""
    return article["sku"] == sku or sku in variant_skus(article).values()


def article_body(sku: str, **extra: Any) -> Json:
    """A simple article with a price and stock (``POST /v1/articles`` body)."""
    body = {"name": f"Artikel {sku}", "sku": sku, "price": {"default": "12.50"}, "stock": 5}
    return body | extra


def order_body(article_id: int, email: str = "jan@example.nl", **extra: Any) -> Json:
    """A shopper's order of two of one article, with an invoice address."""
    invoice = {
        "name": "Jan Jansen",
        "street": "Molenstraat",
        "number": "62",
        "zipcode": "5341GE",
        "city": "Oss",
        "country_code": "NL",
    }
    body = {
        "debtor": {"email": email, "address": {"invoice": invoice}},
        "orderlines": [{"type": "article", "quantity": 2, "articles": [{"id": article_id}]}],
    }
    return body | extra


class MijnWebwinkelDriver:
    """A running MijnWebwinkel simulator at ``base_url``, driven through one httpx client.

    The client is the caller's when given (it is not closed here) and the driver's own
    otherwise (``aclose`` or ``async with`` closes it).
    """

    def __init__(
        self, base_url: str, *, client: httpx.AsyncClient | None = None, timeout: float = 10
    ) -> None:
        self.base_url = base_url.rstrip("/")
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

    async def control(self, method: str, path: str, body: Any = None) -> Any:
        """Call ``/_sim{path}``; a non-2xx answer raises, naming the call."""
        response = await self.client.request(method, f"{self.base_url}/_sim{path}", json=body)
        if response.status_code >= 300:
            raise AssertionError(
                f"{method} /_sim{path} → {response.status_code}: {response.text[:300]}"
            )
        return response.json() if response.content else None

    # --- simulator state, knobs and faults ------------------------------------------------
    async def reset(self, *, unlimited: bool = True) -> None:
        """Drop all state, faults and logs, reseed the option lists; ``unlimited``: lift the
        rate limit too."""
        await self.control("POST", "/reset")
        if unlimited:
            await self.set_rate_limit(None)

    async def set_rate_limit(self, per_second: float | None, burst: int = 10) -> Json:
        """A token bucket of ``burst`` refilled ``per_second`` (None: no limit)."""
        body = {"per_second": per_second, "burst": burst}
        return dict(await self.control("POST", "/ratelimit", body))

    async def faults(self, **faults: Any) -> Json:
        """Arm faults: ``fail_next={status, count}``, ``latency_ms``, ``error_rate_5xx``,
        ``timeout_next``."""
        return dict(await self.control("POST", "/faults", faults))

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.faults(fail_next={"status": status, "count": count})

    async def set_shipping_cost(
        self, amount_including_tax: str, rate: str = "21.00", description: str | None = None
    ) -> Json:
        """The flat shipping cost the store adds to an order created without
        ``disable_shipping=true`` (default 4.95 at 21 %; ``"0"``: none)."""
        body = {"amount_including_tax": amount_including_tax, "rate": rate}
        if description is not None:
            body["description"] = description
        return dict(await self.control("POST", "/shipping", body))

    async def clock(
        self, *, seconds: float | None = None, set: str | None = None, frozen: bool | None = None
    ) -> Json:
        """Freeze or thaw the clock, set it (``yyyy-mm-dd hh:mm:ss``) or move it forward."""
        change = {"seconds": seconds, "set": set, "frozen": frozen}
        body = {key: value for key, value in change.items() if value is not None}
        return dict(await self.control("POST", "/clock", body))

    async def requests(self) -> list[Json]:
        """Every API request since the last reset (tokens left out)."""
        return list((await self.control("GET", "/requests"))["requests"])

    # --- seeding, as the merchant's admin or a shopper would --------------------------------
    async def option_lists(self) -> list[Json]:
        return list((await self.control("GET", "/lists"))["lists"])

    async def option_list(self, name: str) -> Json:
        """The seeded option list called ``name`` (Maat, Kleur)."""
        return next(entry for entry in await self.option_lists() if entry["name"] == name)

    async def seed_article(self, article: Json) -> Json:
        """An article (same body as ``POST /v1/articles``); returns it as stored."""
        return dict(await self.control("POST", "/articles", article))

    async def change_article(self, article_id: str | int, patch: Json) -> Json:
        """Edit an article (same body as ``PATCH /v1/articles/{id}``)."""
        return dict(await self.control("PATCH", f"/articles/{article_id}", patch))

    async def touch_article(self, article_id: str | int) -> Json:
        """Mark the article changed now without changing a field."""
        return dict(await self.control("POST", f"/articles/{article_id}/touch"))

    async def seed_category(self, category: Json) -> Json:
        return dict(await self.control("POST", "/categories", category))

    async def seed_customer(self, customer: Json) -> Json:
        """``{email, firstName, lastName, addresses: […]}``; returns the customer."""
        return dict((await self.control("POST", "/customers", customer))["customer"])

    async def place_order(self, order: Json) -> Json:
        """An order as a shopper places it (stock overridable)."""
        return dict(await self.control("POST", "/orders", order))

    async def set_order_status(self, number: str | int, status: int) -> Json:
        """Change the order's status as the merchant would."""
        return dict(await self.control("POST", f"/orders/{number}/status", {"status": status}))

    # --- reading back -----------------------------------------------------------------------
    async def records(self, entity: str) -> list[Json]:
        """Every article, category, customer or order as stored."""
        return list((await self.control("GET", f"/{entity}"))[entity])

    async def find(self, sku: str) -> tuple[Json, int | None]:
        """The article holding ``sku`` and the variant's id (None: the article itself);
        LookupError when none does."""
        for article in await self.records("articles"):
            for variant_id, variant_sku in variant_skus(article).items():
                if variant_sku == sku:
                    return article, variant_id
            if article["sku"] == sku:
                return article, None
        raise LookupError(sku)

    async def stock_of(self, sku: str) -> int | None:
        """The stock of ``sku`` (None: unknown SKU or untracked)."""
        try:
            article, variant_id = await self.find(sku)
        except LookupError:
            return None
        if variant_id is None:
            stock: int | None = article["stock"]
            return stock
        variant_stock: int | None = next(
            v["stock"] for v in article["variants"] if v["id"] == variant_id
        )
        return variant_stock
