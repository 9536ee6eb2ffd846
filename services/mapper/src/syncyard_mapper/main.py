"""The mapper's composition root: ``create_app()`` and its lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.broker import connection, consumer, outbox, publisher, topology
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_common.web import app as web_app
from syncyard_common.web import readiness
from syncyard_mapper import consumers
from syncyard_mapper.engine import apply, cache
from syncyard_mapper.mappings import endpoints as mapping_endpoints
from syncyard_mapper.settings import QUEUE, SCHEMA, MapperSettings


class State(TypedDict):
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    compiled_cache: cache.CompiledMappingCache


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    settings: MapperSettings = app.state.settings
    if settings.run_migrations:
        await migrate.upgrade_to_head(
            migrations_dir=settings.migrations_dir,
            database_url=settings.database_url,
            schema=SCHEMA,
        )
    engine = db_engine.create_engine(settings.database_url)
    sessions = db_engine.create_sessionmaker(engine)
    compiled_cache = cache.CompiledMappingCache(settings.compiled_cache_size)
    broker = await connection.connect(settings.amqp_url, name="mapper")
    channel = await broker.channel()
    await topology.declare(channel)
    await channel.close()
    relay: outbox.OutboxRelay | None = None
    worker: consumer.Consumer | None = None
    if settings.run_consumers:
        sender = publisher.Publisher(broker)
        await sender.start()
        relay = outbox.OutboxRelay(engine, schema=SCHEMA, publisher=sender)
        await relay.start()
        limits = apply.Limits(
            expression_timeout_ms=settings.expression_timeout_ms,
            mapping_timeout_ms=settings.mapping_timeout_ms,
            max_output_bytes=settings.max_output_bytes,
        )
        handler = consumers.make_map_record_handler(
            sessionmaker=sessions, compiled_cache=compiled_cache, limits=limits
        )
        worker = consumer.Consumer(
            broker, queue=QUEUE, handler=handler, prefetch=settings.prefetch_count
        )
        await worker.start()
    app.state.readiness_checks = [
        readiness.database_check(engine),
        readiness.broker_check(broker),
    ]
    try:
        yield State(engine=engine, sessionmaker=sessions, compiled_cache=compiled_cache)
    finally:
        app.state.readiness_checks = []
        if worker is not None:
            await worker.stop()
        if relay is not None:
            await relay.stop()
        await broker.close()
        await engine.dispose()


def create_app(settings: MapperSettings | None = None) -> FastAPI:
    """The mapper app; tests pass their own settings instead of patching the environment."""
    return web_app.service_app(
        name="mapper",
        settings=settings or MapperSettings(),
        lifespan=lifespan,
        routers=[mapping_endpoints.router],
    )


def run() -> None:
    """Console entry point: serve on port 8003."""
    uvicorn.run(create_app(), host="0.0.0.0", port=8003)  # noqa: S104 - container port


if __name__ == "__main__":
    run()
