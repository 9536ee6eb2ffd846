"""The barrier of the orchestrator's negative checks: before a test asserts that a message
changed nothing (a stale or repeated result, another tenant's event), the orchestrator has
worked off everything it was sent (tests/fixtures/barrier.py): its queues hold nothing ready,
its outbox nothing unpublished, and its consumers finished no message for a whole window."""

import httpx

from syncyard_orchestrator.settings import OrchestratorSettings
from tests.fixtures.barrier import service_settled


async def settled(client: httpx.AsyncClient, settings: OrchestratorSettings) -> None:
    """Return once the orchestrator served over ``client`` (ASGI) has been settled."""
    await service_settled(
        "orchestrator",
        amqp_url=settings.amqp_url,
        database_url=settings.database_url,
        metrics_url="/metrics",
        client=client,
    )
