"""The logger's composition root: ``create_app()`` and its lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common import runtime
from syncyard_common.web import app as web_app
from syncyard_logger import consumers
from syncyard_logger.entries import batcher
from syncyard_logger.retention import endpoints as retention_endpoints
from syncyard_logger.retention import job
from syncyard_logger.schema import SCHEMA
from syncyard_logger.search import endpoints as search_endpoints
from syncyard_logger.settings import QUEUE, LoggerSettings


class State(TypedDict):
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    retention_job: job.RetentionJob


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    settings: LoggerSettings = app.state.settings
    async with runtime.open_infrastructure(
        app,
        settings=settings,
        schema=SCHEMA,
        migrations_dir=settings.migrations_dir,
        # The logger only stores; it publishes only its part of a person's erasure.
        relay_outbox=True,
    ) as infra:
        retention = job.RetentionJob(
            infra.engine,
            interval_seconds=settings.retention_interval_seconds,
            default_days=settings.default_retention_days,
            delete_batch=settings.retention_delete_batch,
            partitions_ahead=settings.partitions_ahead_days,
        )
        if settings.run_retention_job:
            await infra.start(retention)
        entry_batcher = batcher.EntryBatcher(
            infra.sessionmaker,
            max_batch=settings.write_batch_size,
            max_wait_seconds=settings.write_batch_wait_ms / 1000,
        )
        # Closed after the consumer below has stopped: it flushes what the consumer handed it.
        infra.on_close(entry_batcher.close)
        handler = consumers.make_step_recorded_handler(entry_batcher)
        await infra.consume(queue=QUEUE, handler=handler)
        yield State(engine=infra.engine, sessionmaker=infra.sessionmaker, retention_job=retention)


def create_app(settings: LoggerSettings | None = None) -> FastAPI:
    """The logger app; tests pass their own settings instead of patching the environment."""
    return web_app.service_app(
        name="logger",
        settings=settings or LoggerSettings(),
        lifespan=lifespan,
        routers=[search_endpoints.router, retention_endpoints.router],
        idempotency_schema=SCHEMA,
    )


def run() -> None:
    """Console entry point: serve on port 8004."""
    uvicorn.run(create_app(), host="0.0.0.0", port=8004)  # noqa: S104 - container port


if __name__ == "__main__":
    run()
