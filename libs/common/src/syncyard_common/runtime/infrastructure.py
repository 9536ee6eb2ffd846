"""What every service's lifespan opens: database (migrated), broker, outbox relay, consumers.

``async with runtime.open_infrastructure(...) as infra:`` migrates, opens the engine and the
broker, declares the topology, starts the outbox relay, a person's erasure and the messaging
purge, and sets the app's readiness checks. The service then starts its own consumers
(``infra.consume``) and background workers (``infra.start``). On the way out everything stops
in reverse: the service's workers and consumers in the reverse of their start (so in-flight
handlers finish while what they hand work to still runs), then the relay (so confirmed rows are
marked), then the broker and the database.

A replica with ``SYNCYARD_RUN_CONSUMERS=false`` serves the API only: no relay, no consumers,
no workers (``infra.consume`` and the caller's ``if settings.run_consumers`` see to it).
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from aio_pika.abc import AbstractRobustConnection
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.broker import connection, consumer, outbox, topology
from syncyard_common.broker.publisher import Publisher
from syncyard_common.data_subjects import consumer as erasure
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_common.runtime.messaging_purge import messaging_purge
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.web import readiness


class Worker(Protocol):
    """A background worker: a consumer, a periodic task, a relay."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass
class Infrastructure:
    settings: BaseServiceSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    # None only in an API-only replica of a service that asked for no broker there.
    broker: AbstractRobustConnection | None
    publisher: Publisher | None = None  # the relay's; None in an API-only replica
    relay: outbox.OutboxRelay | None = None
    _running: AsyncExitStack = field(default_factory=AsyncExitStack, repr=False)

    @property
    def amqp(self) -> AbstractRobustConnection:
        """The broker connection, which every replica that runs consumers has."""
        if self.broker is None:
            raise RuntimeError("this API-only replica opened no broker connection")
        return self.broker

    async def start(self, worker: Worker) -> None:
        """Start a worker; it is stopped on the way out, before anything started earlier."""
        await worker.start()
        self._running.push_async_callback(worker.stop)

    def on_close(self, close: Callable[[], Awaitable[None]]) -> None:
        """Run ``close`` on the way out, before what was started earlier stops."""
        self._running.push_async_callback(close)

    async def stop_workers(self) -> None:
        """Stop the workers and consumers started so far, the last started first."""
        await self._running.aclose()

    async def consume(
        self,
        *,
        queue: str,
        handler: consumer.Handler,
        prefetch: int | None = None,
        look_ahead: int | None = None,
        on_dead_letter: consumer.DeadLetterHook | None = None,
    ) -> None:
        """Start a consumer, unless this replica is API-only (``SYNCYARD_RUN_CONSUMERS``).
        ``prefetch`` (handled at once) defaults to the replica's ``SYNCYARD_PREFETCH_COUNT``;
        ``look_ahead`` (default ``SYNCYARD_TENANT_LOOK_AHEAD``) more wait for a handler, served
        tenant by tenant; each waits at most look-ahead / handlers times the longest handler,
        which must stay far below the broker's ``consumer_timeout`` (R5)."""
        if not self.settings.run_consumers:
            return
        await self.start(
            consumer.Consumer(
                self.amqp,
                queue=queue,
                handler=handler,
                prefetch=self.settings.prefetch_count if prefetch is None else prefetch,
                look_ahead=self.settings.tenant_look_ahead if look_ahead is None else look_ahead,
                retry_scale=self.settings.retry_time_scale,
                on_dead_letter=on_dead_letter,
            )
        )


@asynccontextmanager
async def open_infrastructure(
    app: FastAPI,
    *,
    settings: BaseServiceSettings,
    schema: str,
    migrations_dir: Path,
    relay_outbox: bool = True,
    broker_when_api_only: bool = True,
    readiness_checks: Sequence[readiness.ReadinessCheck] = (),
) -> AsyncIterator[Infrastructure]:
    """``broker_when_api_only=False``: an API-only replica never connects to the broker (its
    readiness does not depend on it). ``readiness_checks``: the service's own, after the
    database's and the broker's."""
    if settings.run_migrations:
        await migrate.upgrade_to_head(
            migrations_dir=migrations_dir,
            database_url=settings.migrations_url,
            schema=schema,
            runtime_database_url=settings.database_url,
        )
    # A fixed pool: connections opened under a burst stay for the next one (scaling.md).
    engine = db_engine.create_engine(
        settings.database_url, pool_size=settings.database_pool_size, max_overflow=0
    )
    broker: AbstractRobustConnection | None = None
    if settings.run_consumers or broker_when_api_only:
        broker = await connection.connect(settings.amqp_url, name=settings.service_name)
        channel = await broker.channel()
        await topology.declare(channel, retry_scale=settings.retry_time_scale)
        await channel.close()
    infra = Infrastructure(settings, engine, db_engine.create_sessionmaker(engine), broker)
    try:
        if settings.run_consumers and relay_outbox:
            infra.publisher = Publisher(infra.amqp)
            await infra.publisher.start()
            infra.relay = outbox.OutboxRelay(engine, schema=schema, publisher=infra.publisher)
            await infra.relay.start()
        if settings.run_consumers:
            # Every service erases a person from its own tables when asked (data_subjects/).
            await infra.start(
                erasure.erase_consumer(
                    infra.amqp, infra.sessionmaker, schema=schema, settings=settings
                )
            )
            await infra.start(messaging_purge(engine, schema=schema, settings=settings))
        checks = [readiness.database_check(engine)]
        if broker is not None:
            checks.append(readiness.broker_check(broker))
        app.state.readiness_checks = [*checks, *readiness_checks]
        yield infra
    finally:
        app.state.readiness_checks = []  # not ready while draining
        await infra.stop_workers()
        if infra.relay is not None:
            await infra.relay.stop()
        if infra.publisher is not None:
            await infra.publisher.close()
        if broker is not None:
            await broker.close()
        await engine.dispose()
