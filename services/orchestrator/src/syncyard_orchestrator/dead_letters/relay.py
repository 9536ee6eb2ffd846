"""Publishes the replays operators asked for, each back to the work queue it was parked from.

The dead_letter row is its own outbox: the request marks it ``replaying`` (committed with the
audit entry), this relay publishes the message with confirms through the default exchange to
its original queue, and only then marks it ``replayed``. A crash in between publishes it again:
the message keeps its id, and the consumer's inbox handles it once. (The orchestrator's outbox
cannot carry it: a message the orchestrator published itself already has its id there.)
"""

import asyncio
from datetime import UTC, datetime

import aio_pika
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import consumer, topology
from syncyard_common.broker.publisher import Publisher
from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_common.telemetry import get_logger
from syncyard_orchestrator.dead_letters import metrics, repository
from syncyard_orchestrator.dead_letters.tables import REPLAYED, DeadLetter

_log = get_logger(__name__)
_BATCH = 100
_IDLE_POLL_SECONDS = 1.0
_GAUGES_EVERY_SECONDS = 30.0


def message_of(row: DeadLetter) -> aio_pika.Message:
    """The parked message as it first arrived: same id, body and headers, no attempts."""
    properties = row.properties
    return aio_pika.Message(
        body=row.body,
        content_type=properties.get("content_type"),
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=properties.get("message_id"),
        correlation_id=properties.get("correlation_id"),
        type=properties.get("type"),
        app_id=properties.get("app_id"),
        headers={k: v for k, v in row.headers.items() if k != consumer.OWNER_TOLD_HEADER},
    )


class ReplayRelay:
    """Woken by a replay request in this process; polls every second for other replicas'."""

    def __init__(
        self, sessionmaker: async_sessionmaker[AsyncSession], *, publisher: Publisher
    ) -> None:
        self._sessionmaker = sessionmaker
        self._publisher = publisher
        self._ticks = PeriodicTask(
            "dead-letter-replays", self._pass, interval_seconds=_IDLE_POLL_SECONDS
        )
        self._gauges_due = 0.0
        self.published_total = 0

    def wake(self) -> None:
        self._ticks.wake()

    async def start(self) -> None:
        await self._ticks.start()

    async def stop(self) -> None:
        await self._ticks.stop()

    async def relay_once(self) -> int:
        """Publish one batch of replays; returns how many were published."""
        async with self._sessionmaker() as session, session.begin():
            rows = await repository.lock_replaying(session, limit=_BATCH)
            results = await asyncio.gather(
                *(self._publisher.publish_to_queue(message_of(r), queue=r.queue) for r in rows),
                return_exceptions=True,
            )
            now = datetime.now(UTC)
            for row, result in zip(rows, results, strict=True):
                if isinstance(result, BaseException):  # stays replaying: the next pass retries
                    _log.warning("replay publish failed", queue=row.queue, error=repr(result))
                    continue
                row.state = REPLAYED
                row.replayed_at = now
        published = sum(not isinstance(r, BaseException) for r in results)
        self.published_total += published
        return published

    async def refresh_gauges(self) -> None:
        """How many dead letters wait for an operator, and for how long (per work queue)."""
        async with self._sessionmaker() as session:
            parked = await repository.parked_by_queue(session)
        now = datetime.now(UTC)
        for queue in topology.QUEUES:
            count, oldest = parked.get(queue, (0, now))
            metrics.PARKED.labels(queue).set(count)
            metrics.OLDEST_PARKED.labels(queue).set((now - oldest).total_seconds())

    async def _pass(self) -> bool:
        """A batch of replays (a full one: more wait, the next pass starts at once), and the
        gauges when due; failures leave the rows replaying for the next pass."""
        full = await self.relay_once() == _BATCH
        loop = asyncio.get_running_loop()
        if not full and loop.time() >= self._gauges_due:
            await self.refresh_gauges()
            self._gauges_due = loop.time() + _GAUGES_EVERY_SECONDS
        return full
