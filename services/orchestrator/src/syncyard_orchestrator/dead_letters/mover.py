"""Moves every message parked in a ``<queue>.dlq`` into the dead_letter table, then acks it.

Committed first, acked after: a crash in between redelivers the message, and the parking's id
(primary key) keeps it once. While the database is away a message is handed back to its DLQ
after a pause, so nothing parked is ever lost or dropped.
"""

import asyncio
import contextlib
from datetime import UTC, datetime
from functools import partial

from aio_pika.abc import (
    AbstractChannel,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import topology
from syncyard_common.telemetry import get_logger
from syncyard_orchestrator.dead_letters import parking, repository

_log = get_logger(__name__)
PREFETCH = 20
_PAUSE_SECONDS = 1.0


class DeadLetterMover:
    """One consumer per dead-letter queue of the topology."""

    def __init__(
        self,
        connection: AbstractRobustConnection,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        self._connection = connection
        self._sessionmaker = sessionmaker
        self._channel: AbstractChannel | None = None
        self._consuming: list[tuple[AbstractQueue, str]] = []
        self.kept_total = 0

    async def start(self) -> None:
        self._channel = await self._connection.channel()
        await self._channel.set_qos(prefetch_count=PREFETCH)
        for spec in topology.QUEUES.values():
            queue = await self._channel.declare_queue(spec.dead_letter_queue, passive=True)
            tag = await queue.consume(partial(self._on_message, queue.name), no_ack=False)
            self._consuming.append((queue, tag))

    async def stop(self) -> None:
        if self._channel is None or self._channel.is_closed:
            return
        for queue, tag in self._consuming:
            with contextlib.suppress(Exception):
                await queue.cancel(tag)
        await self._channel.close()

    async def _on_message(self, dead_letter_queue: str, message: AbstractIncomingMessage) -> None:
        try:
            parked = parking.describe(
                dead_letter_queue=dead_letter_queue,
                body=message.body,
                headers=dict(message.headers or {}),
                properties={
                    "message_id": message.message_id,
                    "type": message.type,
                    "correlation_id": message.correlation_id,
                    "content_type": message.content_type,
                    "app_id": message.app_id,
                },
                now=datetime.now(UTC),
            )
            async with self._sessionmaker() as session, session.begin():
                if await repository.keep(session, parked, now=datetime.now(UTC)):
                    self.kept_total += 1
            _log.warning(
                "dead letter kept",
                queue=parked.queue,
                type=parked.message_type,
                code=parked.code,
                dead_letter_id=str(parked.id),
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # database away: hand it back, try again after a pause
            _log.warning("dead letter not kept yet", error=repr(exc))
            await asyncio.sleep(_PAUSE_SECONDS)
            with contextlib.suppress(Exception):
                await message.nack(requeue=True)
            return
        with contextlib.suppress(Exception):  # stale tag after a reconnect: redelivered, kept once
            await message.ack()
