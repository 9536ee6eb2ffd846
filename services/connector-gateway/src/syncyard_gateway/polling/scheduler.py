"""The polling loop of one replica: find due connections, take their lease, poll, reschedule."""

import asyncio
import contextlib
import os
import random
import socket
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Self

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_common.telemetry import get_logger
from syncyard_gateway.connections import live
from syncyard_gateway.connections import repository as connections
from syncyard_gateway.connections.tables import ConnectionStatus
from syncyard_gateway.connectors import by_name
from syncyard_gateway.polling import lease, metrics, repository, schedule
from syncyard_gateway.polling.service import ConnectionPoll
from syncyard_gateway.settings import GatewaySettings

MAX_CONCURRENT_POLLS = 8  # per replica; more replicas poll more connections at once
MAX_TICK_SECONDS = 5.0
_log = get_logger(__name__)


def replica_holder() -> str:
    """A lease holder id unique to this process (host, pid and a random part)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def polling_connectors() -> list[str]:
    """Names of the connectors whose changes are found by polling."""
    return sorted(
        name for name, cls in by_name.CONNECTORS.items() if schedule.polls(cls.capabilities)
    )


@dataclass
class Poller:
    """Runs in every replica; the lease makes sure one connection is polled by one at a time."""

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    poll: ConnectionPoll
    interval_seconds: float
    max_backoff_seconds: float
    _ticks: PeriodicTask | None = field(default=None, init=False)
    _running: dict[uuid.UUID, asyncio.Task[None]] = field(default_factory=dict, init=False)
    _held: set[uuid.UUID] = field(default_factory=set, init=False)

    @classmethod
    def from_settings(
        cls,
        settings: GatewaySettings,
        *,
        engine: AsyncEngine,
        sessionmaker: async_sessionmaker[AsyncSession],
        factory: live.ConnectorFactory,
        holder: str | None = None,
    ) -> Self:
        poll = ConnectionPoll(
            sessionmaker=sessionmaker,
            factory=factory,
            holder=holder or replica_holder(),
            page_size=settings.poll_page_size,
            lease_seconds=settings.poll_lease_seconds,
            only_read_entities=settings.poll_only_read_entities,
        )
        return cls(
            engine=engine,
            sessionmaker=sessionmaker,
            poll=poll,
            interval_seconds=settings.poll_interval_seconds,
            max_backoff_seconds=settings.poll_max_backoff_seconds,
        )

    @property
    def holder(self) -> str:
        return self.poll.holder

    async def start(self) -> None:
        self._ticks = PeriodicTask(
            "gateway-poller",
            self._schedule,
            interval_seconds=min(self.interval_seconds, MAX_TICK_SECONDS),
        )
        await self._ticks.start()

    async def stop(self) -> None:
        if self._ticks is not None:
            await self._ticks.stop()
        polls = list(self._running.values())
        for task in polls:
            task.cancel()
        for task in polls:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def run_once(self) -> int:
        """Start polls of the connections that are due; returns how many were started."""
        capacity = MAX_CONCURRENT_POLLS - len(self._running)
        if capacity <= 0:
            return 0
        async with self.engine.connect() as conn:
            due = await repository.due_connections(
                conn,
                connectors=polling_connectors(),
                default_interval=self.interval_seconds,
                now=datetime.now(UTC),
                limit=capacity + len(self._running),
            )
        started = 0
        for connection_id in due:
            if connection_id in self._running or len(self._running) >= MAX_CONCURRENT_POLLS:
                continue
            self._running[connection_id] = asyncio.create_task(self._tracked(connection_id))
            started += 1
        return started

    async def wait_idle(self) -> None:
        """Wait for the polls started so far (tests, shutdown)."""
        await asyncio.gather(*self._running.values(), return_exceptions=True)

    async def _tracked(self, connection_id: uuid.UUID) -> None:
        try:
            await self.poll_connection(connection_id)
        finally:
            self._running.pop(connection_id, None)

    async def poll_connection(self, connection_id: uuid.UUID) -> None:
        """Poll one connection if its lease can be had; reschedule it afterwards."""
        if connection_id in self._held:  # the lease is re-entrant for its holder: guard here
            return
        self._held.add(connection_id)
        try:
            async with self.engine.begin() as conn:
                if not await lease.acquire(
                    conn,
                    connection_id=connection_id,
                    holder=self.holder,
                    ttl=self.poll.lease_seconds,
                ):
                    return
            try:
                await self._poll_held(connection_id)
            except Exception as exc:  # the database may be away: the lease expires, retry later
                _log.warning("poll failed", connection_id=str(connection_id), error=repr(exc))
            finally:
                with contextlib.suppress(Exception):  # expiry frees it anyway
                    async with self.engine.begin() as conn:
                        await lease.release(conn, connection_id=connection_id, holder=self.holder)
        finally:
            self._held.discard(connection_id)

    async def _poll_held(self, connection_id: uuid.UUID) -> None:
        async with self.sessionmaker() as session, session.begin():
            record = await connections.get_unscoped(session, connection_id=connection_id)
            plan = await repository.get_schedule(session, connection_id=connection_id)
        if record is None or record.status is not ConnectionStatus.ACTIVE or not plan.is_enabled:
            return  # changed since it was found due; the health check brings failing ones back
        started = datetime.now(UTC)
        if plan.next_poll_at is not None:
            metrics.LAG.set(max(0.0, (started - plan.next_poll_at).total_seconds()))
        result = await self.poll.poll(record)
        if result.is_lease_lost:
            metrics.POLLS.labels("lease_lost").inc()
            return  # the new holder reschedules it
        failed_polls = plan.failed_polls + 1 if result.failed else 0
        next_at = schedule.next_poll_at(
            datetime.now(UTC),
            interval_seconds=schedule.interval_of(
                plan.interval_seconds, default_seconds=self.interval_seconds
            ),
            failed_polls=failed_polls,
            cap_seconds=self.max_backoff_seconds,
            jitter=random.random(),  # noqa: S311 - spreading retries, not security
        )
        async with self.sessionmaker() as session, session.begin():
            await repository.set_next_poll(
                session,
                connection_id=connection_id,
                next_poll_at=next_at,
                failed_polls=failed_polls,
            )
        metrics.POLLS.labels("failed" if result.failed else "ok").inc()

    async def _schedule(self) -> None:
        await self.run_once()  # the polls run on their own; the next tick finds more due
