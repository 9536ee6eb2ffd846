"""What every webhook needs, built once per process in the lifespan."""

import uuid
from dataclasses import dataclass, field

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.db import tenant_scope
from syncyard_gateway.connections import repository as connections
from syncyard_gateway.connections.live import ConnectorFactory
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, by_name
from syncyard_gateway.webhooks.known import KnownConnections


async def _nothing_to_reset(_: asyncpg.Connection) -> None:
    """The pool's connections only ever run the intake's one statement, outside a transaction
    block: no session state to undo on release (an open transaction would still be rolled back
    by asyncpg), so no reset query either: asyncpg's default is a round trip per webhook."""


@dataclass
class Receiver:
    """The connections met lately, their verifiers, and a pool of its own for the intake."""

    pool: asyncpg.Pool
    sessionmaker: async_sessionmaker[AsyncSession]
    factory: ConnectorFactory
    known: KnownConnections = field(default_factory=KnownConnections)

    @classmethod
    async def open(
        cls,
        engine: AsyncEngine,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        factory: ConnectorFactory,
        pool_size: int,
    ) -> "Receiver":
        # asyncpg without SQLAlchemy for the one statement per webhook (repository.py): no
        # BEGIN/COMMIT round trips, no ping before each use (service.take_in retries a dead
        # connection). Connections are made when first needed, so start-up does not wait for
        # the database, and stay in system scope: a webhook's tenant is known only from its
        # connection, which this statement reads (tenant_scope).
        dsn = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        pool = await asyncpg.create_pool(
            dsn,
            min_size=0,
            max_size=pool_size,  # SYNCYARD_INTAKE_POOL_SIZE; beyond it a webhook waits
            max_inactive_connection_lifetime=1800,
            server_settings=tenant_scope.CONNECT_ARGS["server_settings"],
            reset=_nothing_to_reset,
        )
        return cls(pool=pool, sessionmaker=sessionmaker, factory=factory)

    async def close(self) -> None:
        await self.pool.close()

    async def connection(
        self, connection_id: uuid.UUID, *, fresh: bool = False
    ) -> tuple[ConnectionRecord | None, bool]:
        """A connection that receives webhooks (None otherwise) and whether it was just read."""
        if not fresh:
            known = self.known.get(connection_id)
            if known is not None:
                return known, False
        async with self.sessionmaker() as session, session.begin():
            record = await connections.get_unscoped(session, connection_id=connection_id)
        if record is None or not issubclass(by_name.get(record.connector), base.WebhookSource):
            self.known.forget(connection_id)
            return None, True
        self.known.keep(record)
        return record, True

    def forget(self, connection_id: uuid.UUID) -> None:
        self.known.forget(connection_id)
