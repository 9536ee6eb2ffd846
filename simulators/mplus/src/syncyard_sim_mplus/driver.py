"""One typed client for tests, benchmarks and demos that drive a running MplusKASSA simulator.

``MplusDriver`` speaks to the simulator's control API under ``/_sim/``: seed articles,
employees, relations, article groups, stock and orders as staff would at the till, give a
record a new sync marker, read back what is stored and every SOAP call received, and switch
faults. Bodies are the control API's (WSDL field names): translating from any other model is
the caller's business. What staff do through the till's own SOAP API is the connector's
client's job, not this driver's. Built on httpx only, so the simulator package stays
installable on its own.
"""

from __future__ import annotations

import functools
from types import TracebackType
from typing import Any, Self

import httpx

# httpx's default TLS context, built once: loading the CA bundle costs ~26 ms per client.
_trust_store = functools.cache(httpx.create_ssl_context)

Json = dict[str, Any]

BRANCH = 1


class MplusDriver:
    """A running MplusKASSA simulator at ``base_url``, driven through one httpx client.

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

    # --- simulator state and faults ---------------------------------------------------------
    async def reset(self) -> None:
        """Empty all state and restore the default fault switches (credentials stay)."""
        await self.control("POST", "/reset")

    async def faults(self, **switches: Any) -> Json:
        """Switch faults: ``latency_ms``, ``error_rate_5xx``, ``reset_after_commit``,
        ``refuse_after_commit``, ``require_employee_number``, ``strict_requests``,
        ``fail_next={status, count}``; returns them all."""
        return dict(await self.control("POST", "/faults", switches))

    async def fail_next(self, status: int, count: int = 1) -> None:
        await self.faults(fail_next={"status": status, "count": count})

    async def requests(self) -> list[Json]:
        """Every SOAP call received since the last reset or clear."""
        return list(await self.control("GET", "/requests"))

    async def clear_requests(self) -> None:
        await self.control("DELETE", "/requests")

    # --- seeding, as staff at the till ------------------------------------------------------
    async def seed_articles(self, articles: list[Json]) -> list[Json]:
        """Create or replace articles (and their products); returns them as stored."""
        return list(await self.control("POST", "/articles", articles))

    async def seed_employees(self, employees: list[Json]) -> None:
        await self.control("POST", "/employees", employees)

    async def seed_relations(self, relations: list[Json]) -> list[Json]:
        return list(await self.control("POST", "/relations", relations))

    async def seed_groups(self, groups: list[Json]) -> list[Json]:
        """Article groups in order (a later one may name an earlier one as parent)."""
        return list(await self.control("POST", "/groups", groups))

    async def seed_stock(self, levels: list[Json]) -> None:
        """Absolute stock levels (``articleNumber``, ``amount``, ``branchNumber`` …)."""
        await self.control("POST", "/stock", levels)

    async def place_orders(self, orders: list[Json]) -> list[Json]:
        """Orders as entered at the till (same checks as createOrder)."""
        return list(await self.control("POST", "/orders", orders))

    async def delete_order(self, order_id: str) -> None:
        """Remove an order by hand (no sync marker moves)."""
        await self.control("DELETE", f"/orders/{order_id}")

    async def touch(self, kind: str, number: str | int) -> None:
        """The next sync marker for an article, relation, group or order (an edit)."""
        await self.control("POST", f"/touch/{kind}/{number}")

    # --- reading back -----------------------------------------------------------------------
    async def articles(self) -> list[Json]:
        """Every article with its product number and stock per branch."""
        return list(await self.control("GET", "/articles"))

    async def employees(self) -> list[Json]:
        return list(await self.control("GET", "/employees"))

    async def relations(self) -> list[Json]:
        return list(await self.control("GET", "/relations"))

    async def groups(self) -> list[Json]:
        """Every group, deleted ones included."""
        return list(await self.control("GET", "/groups"))

    async def orders(self) -> list[Json]:
        """Every order, flattened (the full WSDL shape under ``order``)."""
        return list(await self.control("GET", "/orders"))

    async def stock_of(self, sku: str, branch: int = BRANCH) -> int | None:
        """The whole units in stock of the article with this PLU or article number at
        ``branch`` (None: no such article, or not a stock article)."""
        for article in await self.articles():
            if sku in (article["pluNumber"], str(article["articleNumber"])):
                if not article["stockArticle"]:
                    return None
                levels = [s for s in article["stock"] if s["branchNumber"] == branch]
                if not levels:
                    return 0
                amount: int = levels[0]["amount"] // 10 ** levels[0]["decimalPlaces"]
                return amount
        return None
