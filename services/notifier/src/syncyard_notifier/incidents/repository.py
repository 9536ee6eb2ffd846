"""All SQL of incidents (alerts with a state) and their still-failing runs."""

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_notifier.alerts.tables import Alert
from syncyard_notifier.incidents.tables import Incident, IncidentRun, IncidentState

_LIVE = sa.text("state <> 'resolved'")


async def lock_live(session: AsyncSession, *, tenant_id: uuid.UUID, key: str) -> Incident | None:
    """The live (not resolved) incident of this key, locked until the transaction ends."""
    statement = (
        select(Incident)
        .where(
            Incident.tenant_id == tenant_id,
            Incident.key == key,
            Incident.state != IncidentState.RESOLVED,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalars().first()


async def add_if_none_live(session: AsyncSession, *, values: dict[str, Any]) -> bool:
    """Insert a new live incident unless its key has one; True when this one was added."""
    statement = (
        insert(Incident)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["tenant_id", "key"], index_where=_LIVE)
        .returning(Incident.id)
    )
    return (await session.execute(statement)).first() is not None


async def lock(
    session: AsyncSession, *, tenant_id: uuid.UUID, incident_id: uuid.UUID
) -> Incident | None:
    """One incident of this tenant, locked; another tenant's id reads as absent."""
    statement = (
        select(Incident)
        .where(Incident.id == incident_id, Incident.tenant_id == tenant_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return (await session.execute(statement)).scalars().first()


async def get(
    session: AsyncSession, *, tenant_id: uuid.UUID, incident_id: uuid.UUID
) -> Incident | None:
    statement = select(Incident).where(Incident.id == incident_id, Incident.tenant_id == tenant_id)
    return (await session.execute(statement)).scalars().first()


async def list_for_tenant(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    limit: int,
    state: str | None = None,
    integration_id: uuid.UUID | None = None,
    kind: str | None = None,
) -> Sequence[Incident]:
    statement = select(Incident).where(Incident.tenant_id == tenant_id)
    if state is not None:
        statement = statement.where(Incident.state == state)
    if integration_id is not None:
        statement = statement.where(Incident.integration_id == integration_id)
    if kind is not None:
        statement = statement.where(Incident.kind == kind)
    statement = statement.order_by(Incident.opened_at.desc(), Incident.id).limit(limit)
    return (await session.execute(statement)).scalars().all()


async def live_for_tenant(session: AsyncSession, *, tenant_id: uuid.UUID) -> Sequence[Incident]:
    """The tenant's alerts that are not resolved, oldest first."""
    statement = (
        select(Incident)
        .where(Incident.tenant_id == tenant_id, Incident.state != IncidentState.RESOLVED)
        .order_by(Incident.opened_at, Incident.id)
    )
    return (await session.execute(statement)).scalars().all()


async def deliveries_of(session: AsyncSession, *, incident_id: uuid.UUID) -> Sequence[Alert]:
    statement = (
        select(Alert).where(Alert.incident_id == incident_id).order_by(Alert.created_at, Alert.id)
    )
    return (await session.execute(statement)).scalars().all()


async def add_run(
    session: AsyncSession, *, incident_id: uuid.UUID, tenant_id: uuid.UUID, run_id: uuid.UUID
) -> None:
    await session.execute(
        insert(IncidentRun)
        .values(incident_id=incident_id, tenant_id=tenant_id, run_id=run_id)
        .on_conflict_do_nothing(index_elements=["incident_id", "run_id"])
    )


async def failing_in(
    session: AsyncSession, *, tenant_id: uuid.UUID, run_id: uuid.UUID
) -> Sequence[Incident]:
    """The live incidents a run is failing in, read without a lock (their grouping windows
    are locked before them: see incidents/intake.py)."""
    statement = (
        select(Incident)
        .join(IncidentRun, IncidentRun.incident_id == Incident.id)
        .where(
            IncidentRun.tenant_id == tenant_id,
            IncidentRun.run_id == run_id,
            Incident.state != IncidentState.RESOLVED,
        )
        .order_by(Incident.id)
    )
    return (await session.execute(statement)).scalars().all()


async def remove_run(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    run_id: uuid.UUID,
    incident_ids: Sequence[uuid.UUID],
) -> None:
    """Forget a run that succeeded, in these incidents."""
    await session.execute(
        delete(IncidentRun).where(
            IncidentRun.tenant_id == tenant_id,
            IncidentRun.run_id == run_id,
            IncidentRun.incident_id.in_(incident_ids),
        )
    )


async def count_runs(session: AsyncSession, *, incident_id: uuid.UUID) -> int:
    statement = select(sa.func.count()).where(IncidentRun.incident_id == incident_id)
    return int((await session.execute(statement)).scalar_one())


async def has_runs(session: AsyncSession, *, incident_id: uuid.UUID) -> bool:
    statement = select(IncidentRun.run_id).where(IncidentRun.incident_id == incident_id).limit(1)
    return (await session.execute(statement)).first() is not None
