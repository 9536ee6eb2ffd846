"""What every service's lifespan opens: database (migrated), broker, outbox relay, consumers.

``async with runtime.open_infrastructure(...) as infra:`` opens them in order and closes them in
reverse (consumers first, so in-flight handlers finish; then the relay, so confirmed rows are
marked; then the broker and the database), and sets the app's readiness checks.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aio_pika.abc import AbstractRobustConnection
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.broker import connection, consumer, outbox, publisher, retention, topology
from syncyard_common.data_subjects import consumer as erasure
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.web import readiness


@dataclass
class Infrastructure:
    settings: BaseServiceSettings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    broker: AbstractRobustConnection
    relay: outbox.OutboxRelay | None = None
    purge: retention.MessagingPurge | None = None
    consumers: list[consumer.Consumer] = field(default_factory=list)

    async def consume(self, *, queue: str, handler: consumer.Handler) -> None:
        """Start a consumer, unless this replica is API-only (``SYNCYARD_RUN_CONSUMERS``)."""
        if not self.settings.run_consumers:
            return
        worker = consumer.Consumer(
            self.broker,
            queue=queue,
            handler=handler,
            prefetch=self.settings.prefetch_count,
            retry_scale=self.settings.retry_time_scale,
        )
        await worker.start()
        self.consumers.append(worker)


@asynccontextmanager
async def open_infrastructure(
    app: FastAPI,
    *,
    settings: BaseServiceSettings,
    schema: str,
    migrations_dir: Path,
    relay_outbox: bool = True,
) -> AsyncIterator[Infrastructure]:
    if settings.run_migrations:
        await migrate.upgrade_to_head(
            migrations_dir=migrations_dir, database_url=settings.database_url, schema=schema
        )
    engine = db_engine.create_engine(settings.database_url)
    broker = await connection.connect(settings.amqp_url, name=settings.service_name)
    channel = await broker.channel()
    await topology.declare(channel, retry_scale=settings.retry_time_scale)
    await channel.close()
    infra = Infrastructure(settings, engine, db_engine.create_sessionmaker(engine), broker)
    sender: publisher.Publisher | None = None
    if settings.run_consumers and relay_outbox:
        sender = publisher.Publisher(broker)
        await sender.start()
        infra.relay = outbox.OutboxRelay(engine, schema=schema, publisher=sender)
        await infra.relay.start()
    if settings.run_consumers:
        # Every service erases a person from its own tables when asked (data_subjects/).
        eraser = erasure.erase_consumer(
            broker, infra.sessionmaker, schema=schema, settings=settings
        )
        await eraser.start()
        infra.consumers.append(eraser)
        infra.purge = retention.from_settings(engine, schema=schema, settings=settings)
        await infra.purge.start()
    app.state.readiness_checks = [readiness.database_check(engine), readiness.broker_check(broker)]
    try:
        yield infra
    finally:
        app.state.readiness_checks = []
        if infra.purge is not None:
            await infra.purge.stop()
        for worker in reversed(infra.consumers):
            await worker.stop()
        if infra.relay is not None:
            await infra.relay.stop()
        if sender is not None:
            await sender.close()
        await broker.close()
        await engine.dispose()
