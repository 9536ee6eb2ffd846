"""Two tenants' connections to one BigCommerce store spend one budget: the store's quota.

The quota belongs to the store, whatever app or connection calls it; two connections with a
budget each would together spend it twice over and meet a wall of 429s."""

import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text

from syncyard_common.broker.publisher import Publisher
from syncyard_sim_bigcommerce.app import create_app
from syncyard_sim_bigcommerce.driver import BigCommerceDriver
from syncyard_sim_bigcommerce.settings import SimulatorSettings
from tests.integration.gateway import budget_bus
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.server import serve

SETTINGS = SimulatorSettings(store_hash="budgetstore1")
# A small window keeps the test short: 30 requests per 3 s (the headers say so).
QUOTA = {"rate_quota": 30, "rate_window_ms": 3000}


@pytest.fixture(scope="module")
async def store_url() -> AsyncIterator[str]:
    async with serve(create_app(SETTINGS)) as url:
        yield url


def store(store_url: str) -> BigCommerceDriver:
    """The store simulator's driver, on a client of its own (``async with`` closes it)."""
    return BigCommerceDriver(
        store_url, store_hash=SETTINGS.store_hash, access_token=SETTINGS.access_token
    )


@pytest.fixture(scope="module")
async def publisher(gateway: RunningGateway) -> AsyncIterator[Publisher]:
    async for opened in budget_bus.open_publisher(gateway):
        yield opened


def credentials(store_url: str) -> dict[str, str]:
    return {
        "store_hash": SETTINGS.store_hash,
        "access_token": SETTINGS.access_token,
        "client_secret": SETTINGS.client_secret,
        "base_url": store_url,
    }


async def test_two_tenants_bursting_into_one_store_meet_no_wall_of_429s(
    gateway: RunningGateway, bus: BusRecorder, publisher: Publisher, store_url: str
) -> None:
    async with store(store_url) as sim:
        await sim.configure(**QUOTA)
    tenants = [uuid.uuid4(), uuid.uuid4()]
    connections = [
        await budget_bus.connection(gateway, tenant, "bigcommerce", credentials(store_url))
        for tenant in tenants
    ]
    bursts = {
        tenant: [budget_bus.find_order(tenant, connection) for _ in range(60)]
        for tenant, connection in zip(tenants, connections, strict=True)
    }
    interleaved = [command for pair in zip(*bursts.values(), strict=True) for command in pair]
    await budget_bus.send(publisher, interleaved)
    for tenant, burst in bursts.items():
        await budget_bus.until(
            lambda t=tenant, b=burst: budget_bus.answered(bus, t, b) == 60,  # type: ignore[misc]
            timeout=90,
            what="every look-up answered",
        )
        assert budget_bus.failures(bus, tenant) == []
    async with store(store_url) as sim:
        requests = await sim.requests()
    refused = [r for r in requests if r["status"] == 429]
    assert len(requests) - len(refused) == 120
    assert len(refused) <= 2, refused  # not sustained: at most a stray one at a window's edge
    rows = await gateway.scalar(
        "SELECT count(*) FROM gateway.request_budget WHERE account_key LIKE :key",
        key=f"bigcommerce:{SETTINGS.store_hash}@%",
    )
    assert rows == 1
    async with gateway.engine.connect() as connection:
        learned = (
            await connection.execute(
                text(
                    "SELECT capacity, per_second FROM gateway.request_budget "
                    "WHERE account_key LIKE :key"
                ),
                {"key": f"bigcommerce:{SETTINGS.store_hash}@%"},
            )
        ).one()
    assert (learned.capacity, learned.per_second) == (3.0, 9.0)  # 3 at once + 9/s = 30 per 3 s
