"""All SQL of outages: add a failure, claim the probe, end the streak (once across replicas)."""

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import case, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_gateway.outages.tables import connection_outage as outage
from syncyard_gateway.outages.verdict import Streak

_STREAK = (
    outage.c.first_failure_at,
    outage.c.last_failure_at,
    outage.c.failures,
    outage.c.started_at,
)


def _streak(row: Any) -> Streak:
    return Streak(
        first_failure_at=row[0], last_failure_at=row[1], failures=row[2], started_at=row[3]
    )


async def get(session: AsyncSession, *, connection_id: uuid.UUID) -> Streak | None:
    row = (
        await session.execute(select(*_STREAK).where(outage.c.connection_id == connection_id))
    ).one_or_none()
    return _streak(row) if row is not None else None


async def add_failure(
    session: AsyncSession,
    *,
    connection_id: uuid.UUID,
    code: str,
    now: datetime,
    stale_before: datetime,
) -> Streak:
    """Count one failed call; a streak idle since ``stale_before`` starts again from it."""
    values = insert(outage).values(
        connection_id=connection_id,
        first_failure_at=now,
        last_failure_at=now,
        failures=1,
        last_code=code,
    )
    is_stale = (outage.c.started_at.is_(None)) & (outage.c.last_failure_at <= stale_before)
    statement = values.on_conflict_do_update(
        index_elements=[outage.c.connection_id],
        set_={
            "first_failure_at": case(
                (is_stale, values.excluded.first_failure_at),
                else_=outage.c.first_failure_at,
            ),
            "failures": case((is_stale, 1), else_=outage.c.failures + 1),
            "last_failure_at": values.excluded.last_failure_at,
            "last_code": values.excluded.last_code,
        },
    ).returning(*_STREAK)
    return _streak((await session.execute(statement)).one())


async def mark_started(session: AsyncSession, *, connection_id: uuid.UUID, now: datetime) -> bool:
    """True for the one caller that turns the streak into an announced outage."""
    statement = (
        update(outage)
        .where(outage.c.connection_id == connection_id, outage.c.started_at.is_(None))
        .values(started_at=now)
        .returning(outage.c.connection_id)
    )
    return (await session.execute(statement)).first() is not None


async def claim_probe(
    session: AsyncSession, *, connection_id: uuid.UUID, now: datetime, due_before: datetime
) -> bool:
    """True for the one command per probe interval that may call the failing remote."""
    statement = (
        update(outage)
        .where(
            outage.c.connection_id == connection_id,
            or_(outage.c.probed_at.is_(None), outage.c.probed_at <= due_before),
        )
        .values(probed_at=now)
        .returning(outage.c.connection_id)
    )
    return (await session.execute(statement)).first() is not None


async def end(session: AsyncSession, *, connection_id: uuid.UUID) -> Streak | None:
    """Delete the streak; returns it when this caller ended it."""
    statement = delete(outage).where(outage.c.connection_id == connection_id).returning(*_STREAK)
    row = (await session.execute(statement)).one_or_none()
    return _streak(row) if row is not None else None
