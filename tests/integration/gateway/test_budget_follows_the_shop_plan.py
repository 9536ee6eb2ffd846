"""The shop's budget follows its plan as the shop's own answers state it, mid-run.

Commands go through the session gateway (its consumers, its shared budget row) to a Shopify
simulator whose plan is changed while they are waiting."""

import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from syncyard_common.broker.publisher import Publisher
from syncyard_sim_shopify.app import create_app
from syncyard_sim_shopify.driver import ShopifyDriver
from syncyard_sim_shopify.settings import SimulatorSettings
from tests.integration.gateway import budget_bus, factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.server import serve

SHOP = "budget-plan.myshopify.com"


@pytest.fixture(scope="module")
async def shop_url() -> AsyncIterator[str]:
    settings = SimulatorSettings(
        shop_domain=SHOP, access_token=factories.ACCESS_TOKEN, plan="standard"
    )
    async with serve(create_app(settings)) as url:
        yield url


def shop_sim(shop_url: str) -> ShopifyDriver:
    """The shop simulator's driver, on a client of its own (``async with`` closes it)."""
    return ShopifyDriver(shop_url, access_token=factories.ACCESS_TOKEN)


@pytest.fixture(scope="module")
async def publisher(gateway: RunningGateway) -> AsyncIterator[Publisher]:
    async for opened in budget_bus.open_publisher(gateway):
        yield opened


async def learned(gateway: RunningGateway, shop_url: str) -> tuple[object, object]:
    async with gateway.engine.connect() as connection:
        row = (
            await connection.execute(
                text(
                    "SELECT capacity, per_second FROM gateway.request_budget "
                    "WHERE account_key = :account AND bucket = 'calls'"
                ),
                {"account": f"shopify:{SHOP}@{shop_url.removeprefix('http://')}"},
            )
        ).one()
    return row.capacity, row.per_second


def refused(requests: list[dict[str, object]]) -> int:
    return sum(1 for r in requests if r["status"] == 429)


def busiest_second(requests: list[dict[str, object]]) -> int:
    """The most calls the shop saw within one second (its log stamps whole seconds)."""
    return max(Counter(str(r["at"])[:19] for r in requests).values(), default=0)


async def test_standard_to_plus_speeds_up_and_plus_to_standard_paces_again(
    gateway: RunningGateway,
    bus: BusRecorder,
    publisher: Publisher,
    shop_url: str,
    tenant_id: uuid.UUID,
) -> None:
    shop = await budget_bus.connection(
        gateway,
        tenant_id,
        "shopify",
        factories.shopify_credentials(base_url=shop_url, shop_domain=SHOP),
    )
    # Standard (40 at once, then 2 a second): 150 look-ups would take 55 s after the first 40.
    burst = [budget_bus.find_order(tenant_id, shop) for _ in range(150)]
    await budget_bus.send(publisher, burst)
    await budget_bus.until(
        lambda: budget_bus.answered(bus, tenant_id, burst) >= 40, timeout=90, what="first 40"
    )
    assert await learned(gateway, shop_url) == (40.0, 2.0)
    waiting = 0
    while budget_bus.answered(bus, tenant_id, burst) + waiting < 140:  # all handled once
        waiting = await budget_bus.waiting_in_delay_queues(gateway)
    assert budget_bus.answered(bus, tenant_id, burst) < 100  # the rest wait for the budget
    switched = time.monotonic()
    async with shop_sim(shop_url) as sim:
        await sim.set_plan("plus")
        before_switch = len(await sim.requests())
    await budget_bus.until(
        lambda: budget_bus.answered(bus, tenant_id, burst) == 150, timeout=120, what="all 150"
    )
    # At 2/s the last would wait 55 s more; they come back at their next hop (waits under a
    # minute hop at most 15 s) and find a faster plan.
    assert time.monotonic() - switched < 30
    assert await learned(gateway, shop_url) == (400.0, 20.0)
    async with shop_sim(shop_url) as sim:
        requests = await sim.requests()
    # No storm: at most a stray 429 where a deferred command came back a little late to a
    # full Standard bucket (it becomes a wait like any other).
    assert refused(requests) <= 2, requests
    # Faster than Standard could ever go once its bucket is full (2 a second, 3 in a second
    # at a boundary); the waiting commands come back spread over their slots, not at once.
    assert busiest_second(requests[before_switch:]) >= 5
    assert budget_bus.failures(bus, tenant_id) == []

    # Back to Standard, a quiet shop (empty bucket); our row still says Plus.
    async with shop_sim(shop_url) as sim:
        await sim.reset()
    calm = [budget_bus.find_order(tenant_id, shop) for _ in range(60)]
    started = time.monotonic()
    await budget_bus.send(publisher, calm)
    await budget_bus.until(
        lambda: budget_bus.answered(bus, tenant_id, calm) == 60, timeout=120, what="all 60"
    )
    elapsed = time.monotonic() - started
    async with shop_sim(shop_url) as sim:
        requests = await sim.requests()
    assert refused(requests) <= 1, requests  # a 429 at most, then paced
    assert await learned(gateway, shop_url) == (40.0, 2.0)
    # 40 from the bucket, 20 more at 2 a second.
    assert elapsed >= 8.0, elapsed
    assert budget_bus.failures(bus, tenant_id) == []
