"""Orders this integration created, coming back from the target: never a new order."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import audit
from syncyard_common.messages import runs as run_messages
from syncyard_orchestrator.decisions import persist
from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.flows.orders._outcomes import complete
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.runs.tables import Run


async def skip_echo(
    session: AsyncSession, candidate: Run, origin: str, now: datetime, *, stuck_after: timedelta
) -> None:
    """An order this integration created coming back from the target: never a new order."""
    run = orders.OrderRun.model_validate(candidate.state_json)
    reason = (
        f"order {run.source_order_id} was created by this integration from order "
        f"{origin}; it is not sent back (no ping-pong)"
    )
    entry = audit.StepRecordedV1(
        step="start",
        outcome=audit.StepOutcome.SKIPPED,
        entity_ref=run.source_order_id,
        connection_id=run.source_connection_id,
        message=reason,
    )
    done = run_messages.RunCompletedV1(
        run_id=run.id,
        integration_id=run.integration_id,
        flow=orders.FLOW,
        entity_ref=run.source_order_id,
        outcome="skipped",
    )
    skipped = run.model_copy(update={"state": orders.OrderFlowState.SKIPPED, "version": 1})
    candidate.state_json = skipped.model_dump(mode="json")
    candidate.state = skipped.state.value
    candidate.finished_at = now
    session.add(candidate)
    await session.flush()
    decision = orders.Decision(skipped, events=[done], audit=[entry])
    await persist(
        session,
        candidate,
        decision,
        uuid.uuid4(),
        causation_id=None,
        now=now,
        stuck_after=stuck_after,
    )


async def skip_late_echo(
    session: AsyncSession, row: Run, now: datetime, *, stuck_after: timedelta
) -> bool:
    """An order run that started before the order it reads was known as ours: end it now.

    The target may announce an order we create (webhook, poll) before the result of the
    create reaches us and the link is stored; every later step looks again, so the echo
    ends before it could write a second order (no ping-pong)."""
    run = orders.OrderRun.model_validate(row.state_json)
    if run.is_terminal:
        return False
    echo = await links_repository.written_by_us(
        session,
        tenant_id=row.tenant_id,
        connection_id=run.source_connection_id,
        entity=orders.FLOW,
        record_id=run.source_order_id,
    )
    if echo is None or echo.integration_id != row.integration_id:
        return False
    reason = (
        f"order {run.entity_ref or run.source_order_id} was created by this integration from "
        f"order {echo.source_id}; it is not sent back (no ping-pong)"
    )
    entry = audit.StepRecordedV1(
        step="start",
        outcome=audit.StepOutcome.SKIPPED,
        entity_ref=run.entity_ref or run.source_order_id,
        connection_id=run.source_connection_id,
        message=reason,
    )
    decision = complete(run, "skipped", None, [entry])
    await persist(
        session, row, decision, uuid.uuid4(), causation_id=None, now=now, stuck_after=stuck_after
    )
    return True
