"""Use cases of outages, each inside the caller's transaction.

A remote that answers 5xx or nothing is not hammered: after two failures in a row only one
command per probe interval calls it, the others wait a few seconds outside the worker (like a
wait for the remote's budget, so waiting uses up no attempts) and come back; the first
success ends the streak and everything flows again within seconds. Failing for the outage
period stages ``connection.outage.started.v1``; the success after it
``connection.outage.ended.v1`` (both once, through the outbox).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import outbox
from syncyard_common.messages import connections as connection_messages
from syncyard_common.messages.envelope import Message
from syncyard_gateway import envelopes
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.outages import repository, verdict
from syncyard_gateway.schema import SCHEMA


@dataclass(frozen=True)
class Admission:
    """May this command call the remote, and must its success end a streak?"""

    is_held_back: bool
    streak: verdict.Streak | None


async def admit(
    session: AsyncSession, *, record: ConnectionRecord, now: datetime, policy: verdict.Policy
) -> Admission:
    """One primary-key read in the common case (no streak); a probe claim while failing."""
    streak = await repository.get(session, connection_id=record.id)
    if streak is None or verdict.is_stale(streak, now=now, policy=policy):
        return Admission(is_held_back=False, streak=streak)
    if not verdict.is_failing(streak):
        return Admission(is_held_back=False, streak=streak)
    is_probe = await repository.claim_probe(
        session, connection_id=record.id, now=now, due_before=now - policy.probe_interval
    )
    return Admission(is_held_back=not is_probe, streak=streak)


async def record_failure(
    session: AsyncSession,
    *,
    record: ConnectionRecord,
    code: str,
    now: datetime,
    policy: verdict.Policy,
    correlation_id: uuid.UUID | None = None,
) -> bool:
    """Count a failed call; True when the remote counts as failing (hold the command back)."""
    streak = await repository.add_failure(
        session,
        connection_id=record.id,
        code=code,
        now=now,
        stale_before=now - policy.outage_after,
    )
    if verdict.is_outage_due(streak, now=now, policy=policy) and await repository.mark_started(
        session, connection_id=record.id, now=now
    ):
        started = connection_messages.ConnectionOutageStartedV1(
            connection_id=record.id,
            connector=record.connector,
            name=record.name,
            code=code,
            # Deliberately no URL and no remote answer: they may carry an order or an e-mail.
            reason=(
                f"{record.connector} has answered with server errors or not at all since "
                f"{streak.first_failure_at:%Y-%m-%d %H:%M:%S} UTC ({streak.failures} failed "
                "calls); waiting work is held back and resumes by itself when it answers again."
            ),
            failing_since=streak.first_failure_at,
            failures=streak.failures,
        )
        await _stage(session, record, started, correlation_id)
    return verdict.is_failing(streak)


async def record_success(
    session: AsyncSession,
    *,
    record: ConnectionRecord,
    now: datetime,
    correlation_id: uuid.UUID | None = None,
) -> None:
    """The remote answered: end the streak; an announced outage gets its end announced."""
    ended = await repository.end(session, connection_id=record.id)
    if ended is None or ended.started_at is None:
        return
    message = connection_messages.ConnectionOutageEndedV1(
        connection_id=record.id,
        connector=record.connector,
        name=record.name,
        failing_since=ended.first_failure_at,
        ended_at=now,
    )
    await _stage(session, record, message, correlation_id)


async def _stage(
    session: AsyncSession,
    record: ConnectionRecord,
    message: Message,
    correlation_id: uuid.UUID | None,
) -> None:
    envelope = envelopes.wrap(
        message, tenant_id=record.tenant_id, correlation_id=correlation_id, subject=record.name
    )
    await outbox.add(session, schema=SCHEMA, envelope=envelope)
