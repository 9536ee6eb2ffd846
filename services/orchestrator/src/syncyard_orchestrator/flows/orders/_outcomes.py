"""Building blocks of every step: issue a command, write an audit entry, end a run."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from syncyard_common.messages import runs
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.orders._model import (
    FLOW,
    Decision,
    OrderFlowSettings,
    OrderFlowState,
    OrderRun,
)

# Fixed namespace of the order flow's idempotency keys (R12): never change it.
IDEMPOTENCY_NAMESPACE = uuid.UUID("6f1d3c1e-8a53-5b1e-9a3f-0c2b7d1e4f10")


def external_reference(run: OrderRun) -> str:
    """Our reference for the order in the target (R11): stable per source order."""
    return f"{run.source_connector}:{run.source_order_id}"


def create_order_key(run_id: uuid.UUID) -> str:
    """Deterministic idempotency key of the create-order call: the same after any crash."""
    return str(uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{run_id}:create_order"))


@dataclass(frozen=True)
class StepContext:
    """What a step may use besides the run and the message: nothing random, no clock."""

    settings: OrderFlowSettings
    command_id: uuid.UUID
    now: datetime


def issue(
    run: OrderRun, command: Message, state: OrderFlowState, ctx: StepContext, **changes: Any
) -> OrderRun:
    """The run after sending ``command`` and waiting in ``state`` for its result."""
    return run.model_copy(
        update={
            **changes,
            "state": state,
            "version": run.version + 1,
            "pending_command_id": ctx.command_id,
            "pending_command": command.model_dump(mode="json"),
            "superseded_command_ids": [],
            "command_sent_at": ctx.now,
            "reissue_count": 0,
        }
    )


def duration_ms(run: OrderRun, now: datetime) -> float | None:
    """Time between sending the pending command and now."""
    if run.command_sent_at is None:
        return None
    return max((now - run.command_sent_at).total_seconds() * 1000.0, 0.0)


def audit(
    run: OrderRun,
    step: str,
    outcome: StepOutcome,
    message: str,
    *,
    connection_id: uuid.UUID | None = None,
    source_payload: dict[str, Any] | None = None,
    response: Message | None = None,
    with_sent: bool = False,
    now: datetime | None = None,
) -> StepRecordedV1:
    """One audit entry; ``with_sent`` adds the pending command and its duration."""
    sent = run.pending_command if with_sent else None
    if connection_id is None and sent is not None and sent.get("connection_id"):
        connection_id = uuid.UUID(str(sent["connection_id"]))
    return StepRecordedV1(
        step=step,
        outcome=outcome,
        entity_ref=run.entity_ref or run.source_order_id,
        connection_id=connection_id,
        message=message,
        source_payload=source_payload,
        sent_payload=sent,
        response_payload=response.model_dump(mode="json") if response is not None else None,
        duration_ms=duration_ms(run, now) if with_sent and now is not None else None,
        mapping_version=run.mapping_version,
    )


def _ended(run: OrderRun, state: OrderFlowState, **changes: Any) -> OrderRun:
    """A terminal run: nothing pending, and the order's personal data dropped (kept in audit)."""
    return run.model_copy(
        update={
            **changes,
            "state": state,
            "version": run.version + 1,
            "pending_command_id": None,
            "pending_command": None,
            "superseded_command_ids": [],
            "mapped_order": None,
        }
    )


def fail(
    run: OrderRun, step: str, code: str, reason: str, entries: list[StepRecordedV1]
) -> Decision:
    """End the run as failed with a merchant-readable reason and tell the notifier."""
    ended = _ended(
        run, OrderFlowState.FAILED, failed_step=step, failure_code=code, failure_reason=reason
    )
    event = runs.RunFailedV1(
        run_id=run.id,
        integration_id=run.integration_id,
        flow=FLOW,
        step=step,
        entity_ref=run.entity_ref or run.source_order_id,
        code=code,
        reason=reason,
    )
    return Decision(run=ended, events=[event], audit=entries)


def complete(
    run: OrderRun,
    outcome: Literal["done", "skipped"],
    target_order_id: str | None,
    entries: list[StepRecordedV1],
) -> Decision:
    """End the run as done (order created) or skipped (it already existed)."""
    state = OrderFlowState.DONE if outcome == "done" else OrderFlowState.SKIPPED
    ended = _ended(run, state, target_order_id=target_order_id)
    event = runs.RunCompletedV1(
        run_id=run.id,
        integration_id=run.integration_id,
        flow=FLOW,
        entity_ref=run.entity_ref or run.source_order_id,
        outcome=outcome,
        target_id=target_order_id,
    )
    return Decision(run=ended, events=[event], audit=entries)
