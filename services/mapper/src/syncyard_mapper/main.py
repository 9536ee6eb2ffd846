"""The mapper's composition root: ``create_app()`` and its lifespan."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypedDict

import uvicorn
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common import runtime
from syncyard_common.web import app as web_app
from syncyard_mapper import consumers, integration_owners
from syncyard_mapper.engine import apply, cache
from syncyard_mapper.mappings import case_endpoints as mapping_test_endpoints
from syncyard_mapper.mappings import endpoints as mapping_endpoints
from syncyard_mapper.sandbox import current
from syncyard_mapper.sandbox.pool import PoolSettings, SandboxPool
from syncyard_mapper.schema import SCHEMA
from syncyard_mapper.settings import QUEUE, MapperSettings
from syncyard_mapper.value_maps import endpoints as value_map_endpoints


class State(TypedDict):
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    compiled_cache: cache.CompiledMappingCache


@asynccontextmanager
async def sandboxed(settings: MapperSettings) -> AsyncIterator[None]:
    """Worker processes that evaluate every mapping (a runaway is killed, not awaited)."""
    pool = SandboxPool(
        PoolSettings(
            workers=settings.sandbox_workers,
            memory_mb=settings.sandbox_memory_mb,
            max_range_items=settings.max_range_items,
        )
    )
    await pool.start()
    limits = apply.Limits(
        expression_timeout_ms=settings.expression_timeout_ms,
        mapping_timeout_ms=settings.mapping_timeout_ms,
        max_output_bytes=settings.max_output_bytes,
    )
    previous = current.get()
    current.install(current.Sandbox(pool, limits, batch_timeout_s=settings.batch_timeout_ms / 1000))
    try:
        yield
    finally:
        current.install(previous)
        await pool.close()


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[State]:
    settings: MapperSettings = app.state.settings
    compiled_cache = cache.CompiledMappingCache(settings.compiled_cache_size)
    # The sandbox outlives the infrastructure: on shutdown the consumers drain first, and
    # their last mappings still have the sandbox's processes to run in.
    async with (
        sandboxed(settings),
        runtime.open_infrastructure(
            app, settings=settings, schema=SCHEMA, migrations_dir=settings.migrations_dir
        ) as infra,
    ):
        handler = consumers.make_map_record_handler(
            sessionmaker=infra.sessionmaker, compiled_cache=compiled_cache
        )
        await infra.consume(queue=QUEUE, handler=handler)
        await infra.consume(
            queue=integration_owners.QUEUE,
            handler=integration_owners.make_handler(infra.sessionmaker),
        )
        yield State(
            engine=infra.engine, sessionmaker=infra.sessionmaker, compiled_cache=compiled_cache
        )


def create_app(settings: MapperSettings | None = None) -> FastAPI:
    """The mapper app; tests pass their own settings instead of patching the environment."""
    return web_app.service_app(
        name="mapper",
        settings=settings or MapperSettings(),
        lifespan=lifespan,
        routers=[
            mapping_test_endpoints.router,
            mapping_endpoints.router,
            value_map_endpoints.router,
        ],
        idempotency_schema=SCHEMA,
    )


def run() -> None:
    """Console entry point: serve on port 8003."""
    uvicorn.run(create_app(), host="0.0.0.0", port=8003)  # noqa: S104 - container port


if __name__ == "__main__":
    run()
