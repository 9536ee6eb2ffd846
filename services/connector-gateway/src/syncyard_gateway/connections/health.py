"""Connection health: failing on an auth error, recovered on the next success (one event each)."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import outbox
from syncyard_common.messages import connections as connection_messages
from syncyard_gateway import envelopes
from syncyard_gateway.connections import repository
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.tables import ConnectionStatus
from syncyard_gateway.schema import SCHEMA


async def record_failure(
    session: AsyncSession,
    *,
    record: ConnectionRecord,
    code: str,
    reason: str,
    now: datetime,
    correlation_id: uuid.UUID | None = None,
) -> bool:
    """Mark the connection failing; publishes one ``connection.failed.v1`` per change."""
    changed = await repository.set_status(
        session,
        connection_id=record.id,
        expected=ConnectionStatus.ACTIVE,
        status=ConnectionStatus.FAILING,
        last_error=f"{code}: {reason}",
        now=now,
    )
    if changed:
        failed = connection_messages.ConnectionFailedV1(
            connection_id=record.id,
            connector=record.connector,
            name=record.name,
            code=code,
            reason=reason,
        )
        await outbox.add(
            session,
            schema=SCHEMA,
            envelope=envelopes.wrap(
                failed,
                tenant_id=record.tenant_id,
                correlation_id=correlation_id,
                subject=record.name,
            ),
        )
    return changed


async def record_success(
    session: AsyncSession,
    *,
    record: ConnectionRecord,
    now: datetime,
    correlation_id: uuid.UUID | None = None,
) -> bool:
    """Mark a failing connection active again; publishes one ``connection.recovered.v1``."""
    if record.status is not ConnectionStatus.FAILING:
        return False  # the common case: no write at all
    changed = await repository.set_status(
        session,
        connection_id=record.id,
        expected=ConnectionStatus.FAILING,
        status=ConnectionStatus.ACTIVE,
        last_error=None,
        now=now,
    )
    if changed:
        recovered = connection_messages.ConnectionRecoveredV1(
            connection_id=record.id, connector=record.connector, name=record.name
        )
        await outbox.add(
            session,
            schema=SCHEMA,
            envelope=envelopes.wrap(
                recovered,
                tenant_id=record.tenant_id,
                correlation_id=correlation_id,
                subject=record.name,
            ),
        )
    return changed
