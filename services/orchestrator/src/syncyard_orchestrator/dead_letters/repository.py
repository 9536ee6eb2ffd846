"""All SQL about dead letters: keep a parked message, list, look up, lock for a decision."""

import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.dead_letters.parking import Parked
from syncyard_orchestrator.dead_letters.tables import PARKED, REPLAYING, DeadLetter


@dataclass(frozen=True)
class Filter:
    """Which dead letters: ``tenant_id`` None means every tenant's (the platform's admins)."""

    tenant_id: uuid.UUID | None
    all_tenants: bool = False
    queue: str | None = None
    message_type: str | None = None
    code: str | None = None
    integration_id: uuid.UUID | None = None
    state: str | None = None


async def keep(session: AsyncSession, parked: Parked, *, now: datetime) -> bool:
    """Insert the parked message once; False when this parking is already kept."""
    statement = (
        insert(DeadLetter)
        .values(**asdict(parked), parked_at=now, state=PARKED)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(DeadLetter.id)
    )
    return (await session.execute(statement)).scalar_one_or_none() is not None


def _matching(statement: Select[DeadLetter], where: Filter) -> Select[DeadLetter]:
    if not where.all_tenants:
        statement = statement.where(DeadLetter.tenant_id == where.tenant_id)
    if where.queue is not None:
        statement = statement.where(DeadLetter.queue == where.queue)
    if where.message_type is not None:
        statement = statement.where(DeadLetter.message_type == where.message_type)
    if where.code is not None:
        statement = statement.where(DeadLetter.code == where.code)
    if where.integration_id is not None:
        statement = statement.where(DeadLetter.integration_id == where.integration_id)
    if where.state is not None:
        statement = statement.where(DeadLetter.state == where.state)
    return statement


async def list_page(
    session: AsyncSession,
    where: Filter,
    *,
    limit: int,
    before: tuple[datetime, uuid.UUID] | None,
) -> Sequence[DeadLetter]:
    """Newest first; ``before`` is the last row of the previous page."""
    statement = _matching(select(DeadLetter), where)
    if before is not None:
        statement = statement.where(tuple_(DeadLetter.parked_at, DeadLetter.id) < before)
    statement = statement.order_by(DeadLetter.parked_at.desc(), DeadLetter.id.desc()).limit(limit)
    return (await session.execute(statement)).scalars().all()


async def get(session: AsyncSession, where: Filter, dead_letter_id: uuid.UUID) -> DeadLetter | None:
    statement = _matching(select(DeadLetter), where).where(DeadLetter.id == dead_letter_id)
    return (await session.execute(statement)).scalar_one_or_none()


async def lock_ids(
    session: AsyncSession, where: Filter, ids: Sequence[uuid.UUID]
) -> Sequence[DeadLetter]:
    """The caller's dead letters among ``ids``, locked until the transaction ends."""
    statement = _matching(select(DeadLetter), where).where(DeadLetter.id.in_(ids))
    statement = statement.order_by(DeadLetter.id).with_for_update()
    return (await session.execute(statement)).scalars().all()


async def lock_matching(
    session: AsyncSession,
    where: Filter,
    *,
    limit: int,
    without_codes: Sequence[str] = (),
    without_header: str | None = None,
) -> Sequence[DeadLetter]:
    """Parked dead letters that match, oldest first; rows another request holds are skipped."""
    statement = _matching(select(DeadLetter), where).where(DeadLetter.state == PARKED)
    if without_codes:
        statement = statement.where(DeadLetter.code.not_in(without_codes))
    if without_header is not None:
        statement = statement.where(~DeadLetter.headers.has_key(without_header))
    statement = statement.order_by(DeadLetter.parked_at, DeadLetter.id).limit(limit)
    return (await session.execute(statement.with_for_update(skip_locked=True))).scalars().all()


async def lock_replaying(session: AsyncSession, *, limit: int) -> Sequence[DeadLetter]:
    """Replays asked for and not yet published; rows another replica holds are skipped."""
    statement = (
        select(DeadLetter)
        .where(DeadLetter.state == REPLAYING)
        .order_by(DeadLetter.resolved_at, DeadLetter.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return (await session.execute(statement)).scalars().all()


async def parked_by_queue(session: AsyncSession) -> dict[str, tuple[int, datetime]]:
    """Per work queue: how many wait for an operator, and since when the oldest has."""
    statement = (
        select(DeadLetter.queue, func.count(), func.min(DeadLetter.parked_at))
        .where(DeadLetter.state == PARKED)
        .group_by(DeadLetter.queue)
    )
    rows = (await session.execute(statement)).all()
    return {queue: (count, oldest) for queue, count, oldest in rows}
