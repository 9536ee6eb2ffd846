"""Building blocks of every step: issue a command, write an audit entry, end a run."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from syncyard_common.messages.audit import StepRecordedV1
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows import steps
from syncyard_orchestrator.flows.orders._model import (
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


def create_order_key(run_id: uuid.UUID, retry_count: int = 0) -> str:
    """Deterministic idempotency key of the create-order call: the same after any crash.

    A retried run gets a key of its own: the target replays a refused create (unknown
    employee) for the same key for ever. No double order: the placement looks the order up
    by external reference before creating it (R11)."""
    suffix = f":retry{retry_count}" if retry_count else ""
    return str(uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{run_id}:create_order{suffix}"))


@dataclass(frozen=True)
class StepContext:
    """What a step may use besides the run and the message: nothing random, no clock."""

    settings: OrderFlowSettings
    command_id: uuid.UUID
    now: datetime
    booked_as: str | None = None  # see FlowEvent
    target_statuses: frozenset[str] = frozenset()


def issue(
    run: OrderRun, command: Message, state: OrderFlowState, ctx: StepContext, **changes: Any
) -> OrderRun:
    """The run after sending ``command`` and waiting in ``state`` for its result."""
    return steps.issue(run, command, state, command_id=ctx.command_id, now=ctx.now, **changes)


audit = steps.audit


def fail(
    run: OrderRun, step: str, code: str, reason: str, entries: list[StepRecordedV1]
) -> Decision:
    """End the run as failed with a merchant-readable reason and tell the notifier."""
    ended = steps.ended(
        run, OrderFlowState.FAILED, failed_step=step, failure_code=code, failure_reason=reason
    )
    return Decision(run=ended, events=[steps.failed(run, step, code, reason)], audit=entries)


def complete(
    run: OrderRun,
    outcome: Literal["done", "skipped"],
    target_order_id: str | None,
    entries: list[StepRecordedV1],
) -> Decision:
    """End the run as done (order created) or skipped (it already existed)."""
    state = OrderFlowState.DONE if outcome == "done" else OrderFlowState.SKIPPED
    # The last entry says what was done or why not: the run shows it (never a bare skip).
    result = entries[-1].message if entries else None
    ended = steps.ended(run, state, target_order_id=target_order_id, result=result)
    event = steps.completed(run, outcome, target_order_id)
    return Decision(run=ended, events=[event], audit=entries)
