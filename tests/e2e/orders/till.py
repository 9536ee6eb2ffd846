"""The MplusKASSA till as the order tests see it: its driver plus what staff do at it."""

from __future__ import annotations

from typing import Any

import httpx

from scripts.system import seed
from syncyard_gateway.connectors.mplus.client import MplusClient
from syncyard_sim_mplus.driver import MplusDriver

BRANCH = 1


class Till:
    """The shared MplusKASSA simulator; every test uses its own article numbers and e-mails."""

    def __init__(self, url: str, control: httpx.AsyncClient) -> None:
        self.url = url
        self.control = control
        self.driver = MplusDriver(url, client=control)

    def credentials(self) -> dict[str, Any]:
        return {"base_url": self.url + "/", "ident": seed.MPLUS_IDENT, "secret": seed.MPLUS_SECRET}

    async def add_article(self, sku: int, description: str, price: int, **extra: Any) -> None:
        article = {"articleNumber": sku, "description": description, "priceIncl": price, **extra}
        await self.driver.seed_articles([article])

    async def add_employee(self, number: int) -> None:
        await self.driver.seed_employees([{"employeeNumber": number, "name": "Staff"}])

    async def add_relation(self, **relation: Any) -> dict[str, Any]:
        (stored,) = await self.driver.seed_relations([relation])
        return dict(stored)

    async def relations(self, email: str) -> list[dict[str, Any]]:
        everyone = await self.driver.relations()
        return [r for r in everyone if (r.get("email") or "").lower() == email.lower()]

    async def relation(self, number: int) -> dict[str, Any]:
        everyone = await self.driver.relations()
        return next(dict(r) for r in everyone if r["relationNumber"] == number)

    async def place_order(
        self, lines: list[tuple[int, int, int]], *, relation_number: int | None = None
    ) -> dict[str, Any]:
        """An order entered at the till: (article number, quantity, price in cents) per line."""
        body = {
            "extOrderId": "",
            "relationNumber": relation_number,
            "employeeNumber": 1,
            "lines": [{"articleNumber": a, "quantity": q, "price": p} for a, q, p in lines],
        }
        (stored,) = await self.driver.place_orders([body])
        return dict(stored)

    async def orders(self) -> list[dict[str, Any]]:
        return await self.driver.orders()

    async def orders_with(self, sku: int) -> list[dict[str, Any]]:
        """Every till order with a line of article ``sku`` (unique per test)."""
        return [o for o in await self.orders() if sku in {x["articleNumber"] for x in o["lines"]}]

    async def order(self, order_id: str) -> dict[str, Any]:
        return next(o for o in await self.orders() if o["orderId"] == order_id)

    # --- what staff do at the till, through its own (SOAP) API ------------------------------
    async def deliver(self, order_id: str) -> None:
        result, message = await self._soap().deliver_order(order_id)
        assert result == "DELIVER-ORDER-RESULT-OK", (result, message)

    async def cancel(self, order_id: str) -> None:
        result = await self._soap().cancel_order(order_id, branch_number=BRANCH)
        assert result == "CANCEL-ORDER-RESULT-OK", result

    def _soap(self) -> MplusClient:
        return MplusClient(
            base_url=self.url + "/",
            ident=seed.MPLUS_IDENT,
            secret=seed.MPLUS_SECRET,
            http=self.control,
        )
