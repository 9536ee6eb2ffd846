"""The logger's composition root: ``create_app()`` and its lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.broker import connection, consumer, topology
from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_common.web import app as web_app
from syncyard_common.web import readiness
from syncyard_logger import consumers
from syncyard_logger.entries import batcher
from syncyard_logger.retention import endpoints as retention_endpoints
from syncyard_logger.retention import job
from syncyard_logger.search import endpoints as search_endpoints
from syncyard_logger.settings import QUEUE, SCHEMA, LoggerSettings


class State(TypedDict):
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    retention_job: job.RetentionJob


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    settings: LoggerSettings = app.state.settings
    if settings.run_migrations:
        await migrate.upgrade_to_head(
            migrations_dir=settings.migrations_dir,
            database_url=settings.database_url,
            schema=SCHEMA,
        )
    engine = db_engine.create_engine(settings.database_url)
    sessions = db_engine.create_sessionmaker(engine)
    broker = await connection.connect(settings.amqp_url, name="logger")
    channel = await broker.channel()
    await topology.declare(channel)
    await channel.close()
    retention = job.RetentionJob(
        engine,
        interval_seconds=settings.retention_interval_seconds,
        default_days=settings.default_retention_days,
        delete_batch=settings.retention_delete_batch,
        partitions_ahead=settings.partitions_ahead_days,
    )
    if settings.run_retention_job:
        await retention.start()
    entry_batcher = batcher.EntryBatcher(
        sessions,
        max_batch=settings.write_batch_size,
        max_wait_seconds=settings.write_batch_wait_ms / 1000,
    )
    worker: consumer.Consumer | None = None
    if settings.run_consumers:
        worker = consumer.Consumer(
            broker,
            queue=QUEUE,
            handler=consumers.make_step_recorded_handler(entry_batcher),
            prefetch=settings.prefetch_count,
        )
        await worker.start()
    app.state.readiness_checks = [
        readiness.database_check(engine),
        readiness.broker_check(broker),
    ]
    try:
        yield State(engine=engine, sessionmaker=sessions, retention_job=retention)
    finally:
        app.state.readiness_checks = []
        if worker is not None:
            await worker.stop()
        await entry_batcher.close()
        await retention.stop()
        await broker.close()
        await engine.dispose()


def create_app(settings: LoggerSettings | None = None) -> FastAPI:
    """The logger app; tests pass their own settings instead of patching the environment."""
    return web_app.service_app(
        name="logger",
        settings=settings or LoggerSettings(),
        lifespan=lifespan,
        routers=[search_endpoints.router, retention_endpoints.router],
    )


def run() -> None:
    """Console entry point: serve on port 8004."""
    uvicorn.run(create_app(), host="0.0.0.0", port=8004)  # noqa: S104 - container port


if __name__ == "__main__":
    run()
