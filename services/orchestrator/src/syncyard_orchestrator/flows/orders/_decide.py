"""The order flow's transition table and ``decide``: state and message type → step."""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from syncyard_common.messages import (
    connector_errors,
    customers,
    mapping,
    order_status,
    orders,
    products,
)
from syncyard_common.messages.audit import StepOutcome
from syncyard_common.messages.by_type import parse_payload
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows import steps
from syncyard_orchestrator.flows.orders import _intake, _place, _target, _update
from syncyard_orchestrator.flows.orders._model import (
    STEP_OF_STATE,
    Decision,
    FlowEvent,
    OrderFlowSettings,
    OrderFlowState,
    OrderRun,
)
from syncyard_orchestrator.flows.orders._outcomes import StepContext, audit, complete, fail

S = OrderFlowState
Step = Callable[[OrderRun, Any, StepContext], Decision]

WAITING_STATES = (
    S.FETCHING,
    S.MAPPING,
    S.CHECKING_EXISTING,
    S.FINDING_CUSTOMER,
    S.UPSERTING_CUSTOMER,
    S.CHECKING_PRODUCTS,
    S.CREATING_ORDER,
    S.PLACING,
    S.READING_TARGET_ORDER,
    S.UPDATING_ORDER,
)
# Waiting for the clock, not for an answer: only a new delivery of the order can arrive.
DEFERRED_STATES = (S.WAITING_FOR_PRODUCTS,)

TRANSITIONS: dict[tuple[OrderFlowState, type[Message]], Step] = {
    (S.RECEIVED, orders.OrderReceivedV1): _intake.start,
    (S.FETCHING, orders.OrderFetchedV1): _intake.on_order_fetched,
    (S.MAPPING, mapping.RecordMappedV1): _intake.on_record_mapped,
    (S.MAPPING, mapping.RecordMappingFailedV1): _intake.on_mapping_failed,
    (S.CHECKING_EXISTING, orders.OrderFoundV1): _intake.on_order_found,
    (S.FINDING_CUSTOMER, customers.CustomerFoundV1): _target.on_customer_found,
    (S.UPSERTING_CUSTOMER, customers.CustomerUpsertedV1): _target.on_customer_upserted,
    (S.CHECKING_PRODUCTS, products.ProductsCheckedV1): _target.on_products_checked,
    (S.PLACING, orders.OrderPlacedV1): _place.on_order_placed,
    (S.READING_TARGET_ORDER, orders.OrderFetchedV1): _update.on_target_order_read,
    (S.UPDATING_ORDER, order_status.OrderStatusSetV1): _update.on_status_set,
    # Flow version 1's one-call steps: runs waiting in them across an upgrade finish.
    (S.CREATING_ORDER, orders.OrderCreatedV1): _target.on_order_created,
    # In every waiting state: a failed command ends the run; the same order again coalesces.
    **{
        (state, connector_errors.CommandFailedV1): _target.on_command_failed
        for state in WAITING_STATES
    },
    **{
        (state, orders.OrderReceivedV1): _intake.coalesce
        for state in (*WAITING_STATES, *DEFERRED_STATES)
    },
}


def decide(
    run: OrderRun,
    event: FlowEvent,
    settings: OrderFlowSettings,
    *,
    command_id: uuid.UUID,
    now: datetime,
) -> Decision:
    """The next step of ``run`` given ``event``. Pure: ids and time come in as arguments.

    Results that do not answer the run's pending command (stale, duplicate, or for an
    ended run) and pairs missing from ``TRANSITIONS`` are ignored (``changed=False``). An
    order this integration created, read back from its target, ends the run at any step: the
    link may become known only after the run started (no ping-pong)."""
    message = event.message
    if event.made_by_us_from is not None and not run.is_terminal:
        return _echo(run, event.made_by_us_from)
    step = TRANSITIONS.get((run.state, type(message)))
    if step is None:
        return Decision(run, changed=False)
    is_result = not isinstance(message, orders.OrderReceivedV1)
    if is_result and not run.answers_pending_command(event.causation_id):
        return Decision(run, changed=False)
    ctx = StepContext(
        settings=settings,
        command_id=command_id,
        now=now,
        booked_as=event.booked_as,
        target_statuses=event.target_statuses,
    )
    return step(run, message, ctx)


def reissue(run: OrderRun, *, command_id: uuid.UUID, now: datetime, max_reissues: int) -> Decision:
    """A run that got no answer: send its pending command again under a new id, or give up.

    The old id stays accepted (``superseded_command_ids``) so whichever answer comes first
    wins; the target-side existence check and idempotency keys make the repeat safe."""
    if run.is_terminal or run.pending_command is None or run.pending_command_id is None:
        return Decision(run, changed=False)
    step = STEP_OF_STATE[run.state]
    if run.state in DEFERRED_STATES:
        return _wake(run, command_id=command_id, now=now)
    if run.reissue_count >= max_reissues:
        reason, entry = steps.timed_out(run, step, now=now)
        return fail(run, step, "step_timed_out", reason, [entry])
    again, command, entry = steps.resend(run, step, command_id=command_id, now=now)
    return Decision(again, command, audit=[entry])


def _wake(run: OrderRun, *, command_id: uuid.UUID, now: datetime) -> Decision:
    """A deferred check is due: send it now (this is not a retry, so it counts no attempt)."""
    assert run.pending_command is not None
    command = parse_payload(str(run.pending_command["type"]), run.pending_command)
    assert isinstance(command, Message)
    entry = audit(
        run,
        "check_products",
        StepOutcome.OK,
        "checking again whether the products exist in the target",
        now=now,
    )
    # Version 1 runs wait on the SKU check alone; later ones on the whole placing command.
    is_placing = isinstance(command, orders.PlaceOrderV1)
    next_run = run.model_copy(
        update={
            "state": S.PLACING if is_placing else S.CHECKING_PRODUCTS,
            "version": run.version + 1,
            "pending_command_id": command_id,
            "superseded_command_ids": [],
            "command_sent_at": now,
        }
    )
    return Decision(next_run, command, audit=[entry])


def _echo(run: OrderRun, origin: str) -> Decision:
    """The order was created by this integration from ``origin``: it never goes back."""
    reason = (
        f"order {run.entity_ref or run.source_order_id} was created by this integration from "
        f"order {origin}; it is not sent back (no ping-pong)"
    )
    entry = audit(run, "start", StepOutcome.SKIPPED, reason, connection_id=run.source_connection_id)
    return complete(run, "skipped", None, [entry])
