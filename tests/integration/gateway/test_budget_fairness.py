"""Issue 9's fairness at the gateway: tenant B's command is served at once while tenant A's
shop is out of budget with hundreds of commands waiting.

A's commands do not sleep in the workers of the shared ``gateway.commands`` queue (prefetch 10
here): they are deferred to delay queues and acked, so B's command finds a free worker."""

import statistics
import time
import uuid
from collections.abc import AsyncIterator

import pytest

from syncyard_common.broker.publisher import Publisher
from syncyard_sim_mplus.app import create_app as create_till
from syncyard_sim_mplus.settings import SimulatorSettings as TillSettings
from syncyard_sim_shopify.app import create_app as create_shop
from syncyard_sim_shopify.settings import SimulatorSettings as ShopSettings
from tests.integration.gateway import budget_bus, factories
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.server import serve

SHOP = "budget-fairness.myshopify.com"
BACKLOG = 300


@pytest.fixture(scope="module")
async def shop_url() -> AsyncIterator[str]:
    # A tiny bucket (2 calls at once, 2 a second): 300 look-ups need two and a half minutes.
    settings = ShopSettings(
        shop_domain=SHOP, access_token=factories.ACCESS_TOKEN, bucket_size=2, leak_rate=2.0
    )
    async with serve(create_shop(settings)) as url:
        yield url


@pytest.fixture(scope="module")
async def till_url() -> AsyncIterator[str]:
    async with serve(create_till(TillSettings())) as url:
        yield url


@pytest.fixture(scope="module")
async def publisher(gateway: RunningGateway) -> AsyncIterator[Publisher]:
    async for opened in budget_bus.open_publisher(gateway):
        yield opened


async def served_in(
    bus: BusRecorder, publisher: Publisher, tenant_id: uuid.UUID, connection_id: uuid.UUID
) -> float:
    """Seconds from sending one of B's commands to its answer."""
    command = budget_bus.find_order(tenant_id, connection_id)
    started = time.monotonic()
    await budget_bus.send(publisher, [command])
    await budget_bus.until(
        lambda: budget_bus.answered(bus, tenant_id, [command]) == 1, timeout=60, what="B served"
    )
    return time.monotonic() - started


async def test_one_order_of_tenant_b_is_served_while_tenant_a_waits_for_its_shop(
    gateway: RunningGateway,
    bus: BusRecorder,
    publisher: Publisher,
    shop_url: str,
    till_url: str,
) -> None:
    tenant_a, tenant_b = uuid.uuid4(), uuid.uuid4()
    shop = await budget_bus.connection(
        gateway,
        tenant_a,
        "shopify",
        factories.shopify_credentials(base_url=shop_url, shop_domain=SHOP),
    )
    till = await budget_bus.connection(
        gateway,
        tenant_b,
        "mplus",
        {"base_url": f"{till_url}/", "ident": "demo-ident", "secret": "demo-secret"},
    )
    alone = [await served_in(bus, publisher, tenant_b, till) for _ in range(3)]

    backlog = [budget_bus.find_order(tenant_a, shop) for _ in range(BACKLOG)]
    await budget_bus.send(publisher, backlog)
    waiting, ready = 0, BACKLOG
    while waiting < BACKLOG - 60 or ready > 5:  # A's commands left the queue and the workers
        waiting = await budget_bus.waiting_in_delay_queues(gateway)
        ready = await budget_bus.ready_in_queue(gateway)
    during = [await served_in(bus, publisher, tenant_b, till) for _ in range(5)]
    still_waiting = BACKLOG - budget_bus.answered(bus, tenant_a, backlog)

    assert still_waiting >= 200, still_waiting  # hundreds of A's orders wait for the shop
    # A worker sleeping for A's budget would hold B back for minutes; B is served at once.
    assert statistics.median(during) < max(2 * statistics.median(alone), 1.0), (alone, during)
    assert max(during) < 3.0, during
    # A's 429s (the first wave meets the tiny bucket before its first answer) are waits too.
    assert budget_bus.failures(bus, tenant_a) == []
    # A's backlog is left to drain on its own; without its connection it ends as "not found".
    async with gateway.client(tenant_a) as client:
        (await client.delete(f"/v1/connections/{shop}")).raise_for_status()
