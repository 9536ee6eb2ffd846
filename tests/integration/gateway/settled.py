"""The barriers of the gateway's negative checks, run before a test asserts that nothing extra
happened (no second message, no second alert, nothing staged):

- ``relayed``: every message the gateway staged for a tenant so far is published and on the
  test's bus. Enough once the work under test has ended (a webhook answered, a command
  answered or parked, a health check or poll done).
- ``handled``: a number of messages more were handled, every copy of a redelivered command
  among them, so what they staged is in the outbox for ``relayed`` to wait for.

Not tests/fixtures/barrier.py's window of standing counters: the session's gateway runs in this
process beside a test's own, retrying earlier tests' commands, and the counters are shared."""

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from syncyard_common.broker import metrics
from syncyard_common.db import tenant_scope
from tests.fixtures.eventually import eventually
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway

# The tenant's outbox rows not yet published, or published but not (yet) on the test's bus.
NOT_THROUGH = text(
    "SELECT count(*) FROM gateway.outbox WHERE tenant_id = :tenant "
    "AND (published_at IS NULL OR NOT (id = ANY(:seen)))"
)


async def relayed(gateway: RunningGateway, bus: BusRecorder, tenant_id: uuid.UUID) -> None:
    """Return once every outbox row of the tenant has been published and recorded by ``bus``."""
    # A gateway a test started itself comes without an engine: one that reads every tenant.
    engine = gateway.engine or create_async_engine(
        gateway.settings.database_url, connect_args=tenant_scope.CONNECT_ARGS
    )

    async def through() -> bool:
        seen = [envelope.id for envelope in bus.of_tenant(tenant_id)]
        async with engine.connect() as connection:
            left = await connection.execute(NOT_THROUGH, {"tenant": tenant_id, "seen": seen})
        count = left.scalar()
        assert count == 0, f"{count} staged messages not on the bus"
        return True

    try:
        await eventually(through, timeout=30, what=f"the outbox of tenant {tenant_id} relayed")
    finally:
        if engine is not gateway.engine:
            await engine.dispose()


def handled_count(queue: str = "gateway.commands") -> float:
    """Messages of ``queue`` the consumers in this process finished with (a duplicate too)."""
    return float(metrics.MESSAGES.labels(queue, "handled")._value.get())


async def handled(since: float, count: int, queue: str = "gateway.commands") -> None:
    """Wait until ``count`` more messages of ``queue`` were handled than ``since`` counted."""
    await eventually(
        lambda: handled_count(queue) >= since + count,
        timeout=30,
        what=f"{count} messages of {queue} handled",
    )
