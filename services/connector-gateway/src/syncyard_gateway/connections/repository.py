"""All SQL about connections. Every read a tenant can trigger is scoped by ``tenant_id``."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common import sealing
from syncyard_gateway.connections.tables import ConnectionStatus, connection


@dataclass(frozen=True)
class ConnectionRecord:
    id: uuid.UUID
    tenant_id: uuid.UUID
    name: str
    connector: str
    sealed: sealing.Sealed
    credential_fields: list[str]
    status: ConnectionStatus
    last_error: str | None
    created_at: datetime
    updated_at: datetime

    def __repr__(self) -> str:  # keep ciphertext out of logs and tracebacks
        return f"ConnectionRecord(id={self.id}, connector={self.connector!r})"


def _record(row: Row[tuple[object, ...]]) -> ConnectionRecord:
    values = row._mapping
    return ConnectionRecord(
        id=values["id"],
        tenant_id=values["tenant_id"],
        name=values["name"],
        connector=values["connector"],
        sealed=sealing.Sealed(
            key_id=values["key_id"], ciphertext=bytes(values["credentials_ciphertext"])
        ),
        credential_fields=list(values["credential_fields"]),
        status=ConnectionStatus(values["status"]),
        last_error=values["last_error"],
        created_at=values["created_at"],
        updated_at=values["updated_at"],
    )


async def add(session: AsyncSession, *, record: ConnectionRecord) -> None:
    await session.execute(
        insert(connection).values(
            id=record.id,
            tenant_id=record.tenant_id,
            name=record.name,
            connector=record.connector,
            credentials_ciphertext=record.sealed.ciphertext,
            key_id=record.sealed.key_id,
            credential_fields=record.credential_fields,
            status=record.status.value,
            last_error=record.last_error,
            created_at=record.created_at,
            updated_at=record.updated_at,
        )
    )


async def get(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    connection_id: uuid.UUID,
    after_delete: bool = False,
) -> ConnectionRecord | None:
    """``after_delete``: wait for a delete of the row in progress (FOR KEY SHARE), so that a
    connection being deleted is not confirmed to another service meanwhile."""
    query = select(connection).where(
        connection.c.id == connection_id, connection.c.tenant_id == tenant_id
    )
    if after_delete:
        query = query.with_for_update(read=True, key_share=True)
    row = (await session.execute(query)).first()
    return _record(row) if row else None


async def lock(session: AsyncSession, *, tenant_id: uuid.UUID, connection_id: uuid.UUID) -> None:
    """Hold the connection's row until the transaction ends: one edit at a time (If-Match)."""
    await session.execute(
        select(connection.c.id)
        .where(connection.c.id == connection_id, connection.c.tenant_id == tenant_id)
        .with_for_update()
    )


async def get_unscoped(
    session: AsyncSession, *, connection_id: uuid.UUID
) -> ConnectionRecord | None:
    """By id alone: only for webhooks (the signature authenticates) and commands (R24 check
    follows in the caller)."""
    row = (
        await session.execute(select(connection).where(connection.c.id == connection_id))
    ).first()
    return _record(row) if row else None


async def list_for_tenant(session: AsyncSession, *, tenant_id: uuid.UUID) -> list[ConnectionRecord]:
    rows = await session.execute(
        select(connection)
        .where(connection.c.tenant_id == tenant_id)
        .order_by(connection.c.created_at, connection.c.id)
    )
    return [_record(row) for row in rows]


async def remove(session: AsyncSession, *, tenant_id: uuid.UUID, connection_id: uuid.UUID) -> bool:
    result = await session.execute(
        delete(connection)
        .where(connection.c.id == connection_id, connection.c.tenant_id == tenant_id)
        .returning(connection.c.id)
    )
    return result.first() is not None


async def set_status(
    session: AsyncSession,
    *,
    connection_id: uuid.UUID,
    expected: ConnectionStatus,
    status: ConnectionStatus,
    last_error: str | None,
    now: datetime,
) -> bool:
    """Compare-and-set the status; False when another writer changed it first (one alert only)."""
    result = await session.execute(
        update(connection)
        .where(connection.c.id == connection_id, connection.c.status == expected.value)
        .values(status=status.value, last_error=last_error, updated_at=now)
        .returning(connection.c.id)
    )
    return result.first() is not None


async def replace_sealed(
    session: AsyncSession, *, connection_id: uuid.UUID, sealed: sealing.Sealed, now: datetime
) -> None:
    await session.execute(
        update(connection)
        .where(connection.c.id == connection_id)
        .values(credentials_ciphertext=sealed.ciphertext, key_id=sealed.key_id, updated_at=now)
    )


async def replace(session: AsyncSession, *, record: ConnectionRecord) -> None:
    """Name, credentials and status of an edited connection (its id and tenant stay)."""
    await session.execute(
        update(connection)
        .where(connection.c.id == record.id, connection.c.tenant_id == record.tenant_id)
        .values(
            name=record.name,
            credentials_ciphertext=record.sealed.ciphertext,
            key_id=record.sealed.key_id,
            credential_fields=record.credential_fields,
            status=record.status.value,
            last_error=record.last_error,
            updated_at=record.updated_at,
        )
    )
