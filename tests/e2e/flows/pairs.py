"""A test's pair: MplusKASSA and one shop joined by one tenant's integration, cleaned up after."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

from scripts.system import RunningSystem
from syncyard_common.egress.trust import trust_store
from tests.e2e.flows.shops import SHOP_CLASSES, Shop
from tests.e2e.flows.tenant import Tenant
from tests.e2e.flows.till import Till


@dataclass
class Pair:
    tenant: Tenant
    till: Till
    shop: Shop


PairFactory = Callable[[str], Awaitable[Pair]]


@asynccontextmanager
async def pairs(system: RunningSystem) -> AsyncIterator[PairFactory]:
    """Make pairs; afterwards unsubscribe their webhooks and delete their connections."""
    made: list[Pair] = []
    async with httpx.AsyncClient(timeout=30, verify=trust_store()) as client:

        async def make(shop: str) -> Pair:
            tenant = Tenant(system, shop)
            till = Till(system.url("sim-mplus"), client)
            side = SHOP_CLASSES[shop](system.url(f"sim-{shop}"), client)
            made.append(Pair(tenant, till, side))
            await tenant.setup()
            await side.listen(tenant.webhook_url())
            return made[-1]

        try:
            yield make
        finally:
            for pair in made:
                await pair.shop.close()
                await pair.tenant.close()
