"""Persisting a flow's decision: the run row, its outbox messages and its links, together."""

import uuid
from datetime import datetime, timedelta
from typing import Literal

from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope, Message, audit
from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.flows import records as record_flows
from syncyard_orchestrator.flows.machines import AnyDecision
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.runs import history
from syncyard_orchestrator.runs.tables import Run
from syncyard_orchestrator.schema import SCHEMA, SOURCE

RUNS_FINISHED = Counter(
    "syncyard_orchestrator_runs_finished_total", "Runs that reached an end state", ["flow", "state"]
)


def lane_of(message_type: str, job_id: uuid.UUID | None) -> Literal["live", "bulk"]:
    """Gateway commands of an initial sync go to the bulk queue; everything else is live."""
    return "bulk" if job_id is not None and message_type.startswith("gateway.") else "live"


async def persist(
    session: AsyncSession,
    row: Run,
    decision: AnyDecision,
    command_id: uuid.UUID,
    *,
    causation_id: uuid.UUID | None,
    now: datetime,
    stuck_after: timedelta,
) -> None:
    """Write the decided run and stage its command, events and audit entries."""
    run = decision.run
    row.state = run.state.value
    row.state_json = run.model_dump(mode="json")
    row.version = run.version
    row.entity_ref = run.entity_ref
    row.failure_code = run.failure_code
    row.step_history = history.noted(
        row.step_history or [],
        audit=decision.audit,
        command=decision.command,
        command_id=command_id,
        now=now,
    )
    row.pending_command_id = run.pending_command_id
    row.updated_at = now
    is_waiting = not run.is_terminal and run.pending_command_id is not None
    row.lease_expires_at = now + stuck_after if is_waiting else None
    wake_at = getattr(decision, "wake_at", None)
    if wake_at is not None:  # a deferred step: the sweeper sends its command at wake_at
        row.lease_expires_at = wake_at
    if run.is_terminal:
        row.finished_at = now
        RUNS_FINISHED.labels(row.flow, row.state).inc()

    def envelope(message: Message, message_id: uuid.UUID | None = None) -> Envelope:
        payload = message.model_dump(mode="json")
        return Envelope(
            id=message_id or uuid.uuid4(),
            type=payload["type"],
            source=SOURCE,
            subject=run.entity_ref or row.source_entity_id,
            tenant_id=row.tenant_id,
            integration_id=row.integration_id,
            flow=row.flow,
            correlation_id=run.id,
            causation_id=causation_id,
            payload=payload,
            lane=lane_of(payload["type"], row.job_id),
        )

    # A decision that notes several steps sends them in one audit message.
    staged = [envelope(entry) for entry in audit.recorded(decision.audit)]
    if decision.command is not None:
        staged.append(envelope(decision.command, command_id))
    staged.extend(envelope(event) for event in decision.events)
    await outbox.add_all(session, schema=SCHEMA, envelopes=staged)
    await _remember_links(session, row, decision)
    await session.flush()


async def _remember_links(session: AsyncSession, row: Run, decision: AnyDecision) -> None:
    """Links the decision made: related records find their targets, echoes are known."""
    run = decision.run
    found: list[tuple[str, str, str]] = []
    if isinstance(decision, record_flows.Decision):
        found = [(link.entity, link.source_id, link.target_id) for link in decision.links]
    elif isinstance(run, orders.OrderRun) and run.booked_as and (run.placed_now or run.is_terminal):
        # Kept as soon as the order is booked (a later update of it may still fail) and
        # for an order found by its external reference: later changes find it.
        found = [(orders.FLOW, run.source_order_id, run.booked_as)]
    elif run.state is orders.OrderFlowState.DONE and run.target_order_id:
        found = [(orders.FLOW, run.source_order_id, run.target_order_id)]
    for entity, source_id, target_id in found:
        await links_repository.remember(
            session,
            tenant_id=row.tenant_id,
            integration_id=row.integration_id,
            entity=entity,
            source_connection_id=run.source_connection_id,
            source_id=source_id,
            target_connection_id=run.target_connection_id,
            target_id=target_id,
        )
