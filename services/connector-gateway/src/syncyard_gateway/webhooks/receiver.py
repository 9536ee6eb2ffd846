"""What every webhook needs, built once per process in the lifespan."""

import uuid
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from syncyard_gateway.connections import repository as connections
from syncyard_gateway.connections.live import ConnectorFactory
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, registry
from syncyard_gateway.webhooks.known import KnownConnections

INTAKE_POOL_SIZE = 20  # beyond it, a webhook waits its turn for the next free connection


@dataclass
class Receiver:
    """The connections met lately, their verifiers, and an autocommit engine for the intake."""

    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    factory: ConnectorFactory
    known: KnownConnections = field(default_factory=KnownConnections)

    @classmethod
    def build(
        cls,
        engine: AsyncEngine,
        *,
        sessionmaker: async_sessionmaker[AsyncSession],
        factory: ConnectorFactory,
    ) -> "Receiver":
        # A pool of its own for the one statement per webhook: autocommit (no BEGIN/COMMIT
        # round trips) and no ping before each use (service.take_in retries a dead connection).
        intake = create_async_engine(
            engine.url,
            pool_size=INTAKE_POOL_SIZE,
            max_overflow=0,  # overflow connections are closed on return: a connect per webhook
            pool_recycle=1800,
            isolation_level="AUTOCOMMIT",
        )
        return cls(engine=intake, sessionmaker=sessionmaker, factory=factory)

    async def close(self) -> None:
        await self.engine.dispose()

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
        if record is None or not issubclass(registry.get(record.connector), base.WebhookSource):
            self.known.forget(connection_id)
            return None, True
        self.known.keep(record)
        return record, True

    def forget(self, connection_id: uuid.UUID) -> None:
        self.known.forget(connection_id)
