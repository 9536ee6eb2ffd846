"""Use cases: replay or discard dead letters, all or nothing, recorded with who asked."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.auth.principal import Principal
from syncyard_common.broker import consumer, outbox
from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.web.errors import Conflict, NotFound
from syncyard_orchestrator.dead_letters import repository
from syncyard_orchestrator.dead_letters.schemas import DeadLetterSelection
from syncyard_orchestrator.dead_letters.tables import DISCARDED, PARKED, REPLAYING, DeadLetter
from syncyard_orchestrator.schema import SCHEMA, SOURCE

# A message nobody could read would only be parked again.
NOT_REPLAYABLE = ("unparsable",)


def owner_told(row: DeadLetter) -> bool:
    """Its consumer told the owner it failed (the gateway fails the run, inbox claimed): a
    replay would be dropped as a duplicate, and retrying the run is what helps."""
    return bool(row.headers.get(consumer.OWNER_TOLD_HEADER))


async def replay(
    session: AsyncSession,
    where: repository.Filter,
    selection: DeadLetterSelection,
    *,
    principal: Principal,
    now: datetime,
) -> Sequence[DeadLetter]:
    """Mark the selected dead letters for the replay relay; the caller commits."""
    rows = await _select(session, where, selection, replaying=True)
    for row in rows:
        _resolve(row, REPLAYING, principal=principal, now=now)
        await _audit(session, row, "replayed to its queue", principal=principal)
    return rows


async def discard(
    session: AsyncSession,
    where: repository.Filter,
    selection: DeadLetterSelection,
    *,
    principal: Principal,
    now: datetime,
) -> Sequence[DeadLetter]:
    """Mark the selected dead letters as discarded (kept, never sent again); caller commits."""
    rows = await _select(session, where, selection, replaying=False)
    for row in rows:
        _resolve(row, DISCARDED, principal=principal, now=now)
        await _audit(session, row, "discarded", principal=principal)
    return rows


async def _select(
    session: AsyncSession,
    where: repository.Filter,
    selection: DeadLetterSelection,
    *,
    replaying: bool,
) -> Sequence[DeadLetter]:
    if selection.filter is not None:
        narrowed = repository.Filter(
            tenant_id=where.tenant_id,
            all_tenants=where.all_tenants,
            queue=selection.filter.queue,
            message_type=selection.filter.type,
            code=selection.filter.code,
            integration_id=selection.filter.integration_id,
        )
        if not replaying:
            return await repository.lock_matching(session, narrowed, limit=selection.limit)
        return await repository.lock_matching(  # only what a replay can help
            session,
            narrowed,
            limit=selection.limit,
            without_codes=NOT_REPLAYABLE,
            without_header=consumer.OWNER_TOLD_HEADER,
        )
    ids = list(dict.fromkeys(selection.ids or ()))
    rows = await repository.lock_ids(session, where, ids)
    missing = sorted(str(i) for i in set(ids) - {r.id for r in rows})
    if missing:  # another tenant's ids are missing too: 404, never 403
        raise NotFound(
            "dead_letter_not_found",
            f"No such dead letter: {', '.join(missing)}.",
            field="ids",
            extra={"ids": missing},
        )
    settled = [str(r.id) for r in rows if r.state != PARKED]
    if settled:
        raise Conflict(
            "dead_letter_not_parked",
            f"Already replayed or discarded: {', '.join(settled)}.",
            field="ids",
            extra={"ids": settled},
        )
    unreadable = [str(r.id) for r in rows if replaying and r.code in NOT_REPLAYABLE]
    if unreadable:
        raise Conflict(
            "dead_letter_not_replayable",
            f"Could not be read, so a replay would park it again; discard it: "
            f"{', '.join(unreadable)}.",
            field="ids",
            extra={"ids": unreadable},
        )
    told = [r for r in rows if replaying and owner_told(r)]
    if told:
        runs = sorted({str(r.run_id) for r in told if r.run_id})
        raise Conflict(
            "dead_letter_answered",
            "Its run was already told this failed, so a replay would change nothing; retry "
            f"the run instead (POST /v1/runs/{{id}}/retry): {', '.join(runs) or 'no run'}.",
            field="ids",
            extra={"ids": [str(r.id) for r in told], "run_ids": runs},
        )
    return rows


def _resolve(row: DeadLetter, state: str, *, principal: Principal, now: datetime) -> None:
    row.state = state
    row.resolved_by = f"{principal.subject} ({principal.role.value}, tenant {principal.tenant_id})"
    row.resolved_at = now


async def _audit(
    session: AsyncSession, row: DeadLetter, what: str, *, principal: Principal
) -> None:
    """An activity-log entry for the tenant whose message it is (none for an unreadable one)."""
    if row.tenant_id is None:
        return
    entry = StepRecordedV1(
        step="dead_letter",
        outcome=StepOutcome.OK,
        entity_ref=row.subject,
        message=f"Parked {row.message_type or 'message'} ({row.code}) from {row.queue} {what} "
        f"by {principal.subject}; dead letter {row.id}.",
    )
    await outbox.add(
        session,
        schema=SCHEMA,
        envelope=Envelope(
            id=uuid.uuid4(),
            type=entry.type,
            source=SOURCE,
            subject=row.subject,
            tenant_id=row.tenant_id,
            integration_id=row.integration_id,
            correlation_id=row.run_id,
            payload=entry.model_dump(mode="json"),
        ),
    )
