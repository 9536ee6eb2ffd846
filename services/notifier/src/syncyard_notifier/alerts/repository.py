"""All SQL about alerts and alert groups."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_notifier import grouping
from syncyard_notifier.alerts.tables import Alert, AlertGroup, AlertStatus
from syncyard_notifier.channels.tables import Channel


async def add_alerts(session: AsyncSession, *, rows: Sequence[dict[str, Any]]) -> int:
    """Insert pending alerts; a row whose (channel, dedupe key) exists is skipped."""
    if not rows:
        return 0
    statement = (
        insert(Alert)
        .values(list(rows))
        .on_conflict_do_nothing(index_elements=["channel_id", "dedupe_key"])
        .returning(Alert.id)
    )
    return len((await session.execute(statement)).all())


async def lock_group(session: AsyncSession, *, key: grouping.GroupKey) -> AlertGroup:
    """The group row, created when missing, locked until the transaction ends."""
    await session.execute(
        insert(AlertGroup)
        .values(
            id=uuid.uuid4(),
            tenant_id=key.tenant_id,
            integration_id=key.integration_id,
            code=key.code,
            suppressed_count=0,
            samples=[],
        )
        .on_conflict_do_nothing(index_elements=["tenant_id", "integration_id", "code"])
    )
    statement = (
        select(AlertGroup)
        .where(
            AlertGroup.tenant_id == key.tenant_id,
            AlertGroup.integration_id == key.integration_id,
            AlertGroup.code == key.code,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalars().one()


async def lock_due_groups(
    session: AsyncSession, *, now: datetime, limit: int
) -> Sequence[AlertGroup]:
    """Groups whose window has closed; replicas skip each other's rows."""
    statement = (
        select(AlertGroup)
        .where(AlertGroup.closes_at.is_not(None), AlertGroup.closes_at <= now)
        .order_by(AlertGroup.closes_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalars().all()


async def lock_due_alerts(
    session: AsyncSession, *, now: datetime, limit: int
) -> Sequence[tuple[Alert, Channel]]:
    """Pending alerts that are due, with their channel; locked so one replica sends each."""
    statement = (
        select(Alert, Channel)
        .join(Channel, Channel.id == Alert.channel_id)
        .where(Alert.status == AlertStatus.PENDING, Alert.next_attempt_at <= now)
        .order_by(Alert.next_attempt_at)
        .limit(limit)
        .with_for_update(of=Alert, skip_locked=True)  # type: ignore[arg-type]
        .execution_options(populate_existing=True)
    )
    rows = (await session.execute(statement)).all()
    return [(alert, channel) for alert, channel in rows]


async def list_for_tenant(
    session: AsyncSession, *, tenant_id: uuid.UUID, limit: int, status: str | None = None
) -> Sequence[Alert]:
    statement = select(Alert).where(Alert.tenant_id == tenant_id)
    if status is not None:
        statement = statement.where(Alert.status == status)
    statement = statement.order_by(Alert.created_at.desc(), Alert.id).limit(limit)
    return (await session.execute(statement)).scalars().all()


async def cancel_pending_for_channel(session: AsyncSession, *, channel_id: uuid.UUID) -> None:
    """Cancel the channel's pending alerts but those a delivery pass holds: that pass writes
    their outcome, and one it leaves pending is cancelled by the next (the channel is off).

    Callers hold the channel row (a delete, a pass answered 410), and a pass holds its alert
    rows before it needs the channel row: waiting here for those would deadlock (40P01)."""
    free = (
        select(Alert.id)
        .where(Alert.channel_id == channel_id, Alert.status == AlertStatus.PENDING)
        .with_for_update(skip_locked=True)  # never wait for alert rows while holding a channel
    )
    await session.execute(
        update(Alert)
        .where(Alert.id.in_(free.scalar_subquery()))
        .values(status=AlertStatus.CANCELLED)
    )
