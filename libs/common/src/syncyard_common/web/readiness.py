"""Readiness checks: the database and the broker must be reachable."""

from collections.abc import Awaitable, Callable

from aio_pika.abc import AbstractRobustConnection
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import blocking

ReadinessCheck = Callable[[], Awaitable[None]]


def database_check(engine: AsyncEngine) -> ReadinessCheck:
    async def check() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    check.__name__ = "database"
    return check


def broker_check(connection: AbstractRobustConnection) -> ReadinessCheck:
    async def check() -> None:
        if connection.is_closed:
            raise ConnectionError("broker connection is closed")
        # A broker in a memory or disk alarm takes no publishes: not ready, so it shows.
        await blocking.assert_not_blocked(connection)

    check.__name__ = "broker"
    return check
