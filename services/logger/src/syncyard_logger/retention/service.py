"""Use cases: read and change a tenant's retention and redaction settings."""

import uuid
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope
from syncyard_common.messages.retention import TenantRetentionSetV1
from syncyard_logger.retention import repository, schemas
from syncyard_logger.schema import SCHEMA


async def read(
    *, session: AsyncSession, tenant_id: uuid.UUID, default_days: int
) -> schemas.SettingsOut:
    """The tenant's settings, or the defaults when it saved none."""
    row = await repository.get(session, tenant_id=tenant_id)
    if row is None:
        return schemas.SettingsOut(
            retention_days=default_days, redact_personal_data=False, is_default=True
        )
    retention_days, redact_personal_data = row
    return schemas.SettingsOut(
        retention_days=retention_days, redact_personal_data=redact_personal_data, is_default=False
    )


async def change(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    default_days: int,
    changes: schemas.SettingsIn,
) -> schemas.SettingsOut:
    """Apply the given fields, keep the others; takes effect on the next retention pass."""
    async with session.begin():
        current = await read(session=session, tenant_id=tenant_id, default_days=default_days)
        retention_days = changes.retention_days or current.retention_days
        redact = (
            current.redact_personal_data
            if changes.redact_personal_data is None
            else changes.redact_personal_data
        )
        await repository.upsert(
            session,
            tenant_id=tenant_id,
            retention_days=retention_days,
            redact_personal_data=redact,
            now=datetime.now(UTC),
        )
        # Other services keep payloads too (the orchestrator's run snapshots): they follow.
        told = TenantRetentionSetV1(retention_days=retention_days)
        await outbox.add(
            session,
            schema=SCHEMA,
            envelope=Envelope(
                type=told.type, source="logger", tenant_id=tenant_id, payload=told.model_dump()
            ),
        )
    return schemas.SettingsOut(
        retention_days=retention_days, redact_personal_data=redact, is_default=False
    )
