"""Later changes of an order that already reached the target: they follow the order.

The run never trusts a webhook's topic or order: it has read the order afresh from the source,
so it applies the source's NEWEST state (cancelled over fulfilled over paid), whatever order
the webhooks came in. It reads the target order first, so a change made already is not made
again (one cancel per order) and a state the target cannot go back from is named."""

from dataclasses import dataclass, field

from syncyard_common.canonical import OrderStatus
from syncyard_common.messages import order_status, orders
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.orders._model import Decision, OrderFlowState, OrderRun
from syncyard_orchestrator.flows.orders._outcomes import StepContext, audit, complete, issue

OK, SKIPPED = StepOutcome.OK, StepOutcome.SKIPPED

# A full refund takes the sale back: the target order is cancelled (documented rule).
FULL_REFUND = "refunded"
PARTIAL_REFUND = "partially_refunded"


@dataclass(frozen=True)
class Change:
    """What the source's newest state asks of the target order, in the merchant's words."""

    status: OrderStatus | None
    why: str
    not_applied: list[str] = field(default_factory=list)


def change_for(
    status: OrderStatus | None,
    financial_status: str | None,
    settable: frozenset[str],
    target: str,
) -> Change:
    """The one status to set on the target order, or None with the reason. Pure."""
    financial = (financial_status or "").strip().lower()
    notes: list[str] = []
    if financial == PARTIAL_REFUND:
        notes.append(
            f"a partial refund is not recorded: {target} keeps no refunds on an order "
            "(book it there as a return)"
        )
    if status is OrderStatus.CANCELLED:
        wanted, why = OrderStatus.CANCELLED, "cancelled in the source"
    elif financial == FULL_REFUND:
        wanted, why = OrderStatus.CANCELLED, "refunded in full in the source (cancels it)"
    elif status is OrderStatus.SHIPPED:
        wanted, why = OrderStatus.SHIPPED, "fulfilled in the source"
    elif status is OrderStatus.PAID:
        wanted, why = OrderStatus.PAID, "paid in the source"
    else:
        return Change(None, "open in the source: nothing to change", notes)
    if wanted.value not in settable:
        notes.insert(0, f"{target} cannot mark an order {wanted.value}")
        return Change(None, why, notes)
    return Change(wanted, why, notes)


def target_answer(wanted: OrderStatus, current: OrderStatus | None) -> str | None:
    """Why the target order is left as it is (already so, or past return), else None."""
    if current is wanted:
        return f"it is {wanted.value} there already"
    if current is OrderStatus.CANCELLED:
        return f"it is cancelled there, and a cancelled order is not marked {wanted.value}"
    return None


def update(run: OrderRun, ctx: StepContext, entries: list[StepRecordedV1]) -> Decision:
    """The order is booked as ``run.booked_as``: read that target order, or end saying why."""
    assert run.booked_as is not None
    change = _change(run, ctx)
    if change.status is None:
        reason = f"{change.why}; {_notes(change) or 'the target order is left as it is'}"
        return _end(run, reason, entries, ctx)
    command = orders.FetchOrderV1(
        connection_id=run.target_connection_id, source_order_id=run.booked_as
    )
    text = (
        f"order {run.entity_ref} is booked in the target as {run.booked_as} and {change.why}: "
        "reading the target order"
    )
    entries.append(audit(run, "update_order", OK, text, connection_id=run.target_connection_id))
    waiting = issue(run, command, OrderFlowState.READING_TARGET_ORDER, ctx)
    return Decision(waiting, command, audit=entries)


def on_target_order_read(
    run: OrderRun, message: orders.OrderFetchedV1, ctx: StepContext
) -> Decision:
    """reading the target order → set the wanted status, or end when it has it (or cannot)."""
    change = _change(run, ctx)
    assert change.status is not None
    left = target_answer(change.status, message.order.status)
    if left is not None:
        reason = f"{change.why}; order {run.booked_as} in the target is left as it is: {left}"
        notes = _notes(change)
        entry = _entry(run, OK, f"target order {run.booked_as} read", message, ctx)
        return _end(run, f"{reason}{'; ' + notes if notes else ''}", [entry], ctx)
    command = order_status.SetOrderStatusV1(
        connection_id=run.target_connection_id, order_id=run.booked_as or "", status=change.status
    )
    entry = _entry(run, OK, f"target order {run.booked_as} read", message, ctx)
    waiting = issue(run, command, OrderFlowState.UPDATING_ORDER, ctx)
    return Decision(waiting, command, audit=[entry])


def on_status_set(
    run: OrderRun, message: order_status.OrderStatusSetV1, ctx: StepContext
) -> Decision:
    """updating the order → done, naming what changed."""
    change = _change(run, ctx)
    notes = _notes(change)
    text = (
        f"order {run.booked_as} in the target marked {message.status.value} ({change.why})"
        f"{'; ' + notes if notes else ''}"
    )
    entry = _entry(run, OK, text, message, ctx)
    updated = run.model_copy(update={"changes": [*run.changes, text]})
    again = read_again(updated, ctx, [entry])
    return again or complete(updated, "done", run.booked_as, [entry])


def read_again(run: OrderRun, ctx: StepContext, entries: list[StepRecordedV1]) -> Decision | None:
    """The order arrived again while the run worked on what it had read: read it once more,
    so its newest state is applied (a cancel during creation or a delivery comes after it)."""
    if not run.changed_meanwhile:
        return None
    command = orders.FetchOrderV1(
        connection_id=run.source_connection_id, source_order_id=run.source_order_id
    )
    text = f"order {run.entity_ref} changed in the source meanwhile: reading it again"
    entries.append(audit(run, "fetch", OK, text, connection_id=run.source_connection_id))
    fetching = issue(run, command, OrderFlowState.FETCHING, ctx, changed_meanwhile=False)
    return Decision(fetching, command, audit=entries)


def _change(run: OrderRun, ctx: StepContext) -> Change:
    return change_for(
        run.source_status, run.source_financial_status, ctx.target_statuses, run.target_connector
    )


def _notes(change: Change) -> str:
    return "; ".join(change.not_applied)


def _end(run: OrderRun, reason: str, entries: list[StepRecordedV1], ctx: StepContext) -> Decision:
    """Nothing (more) to change: read again when it changed meanwhile; else done when this
    run booked or changed the order, skipped when it found nothing to do."""
    text = f"order {run.entity_ref} already exists in the target as {run.booked_as}; {reason}"
    if run.changes:  # read again after a change: the run's result names what it changed
        text = f"{'; '.join(run.changes)}; read again: {text}"
    changed = run.placed_now or bool(run.changes)
    entry = audit(
        run,
        "update_order",
        OK if changed else SKIPPED,
        text,
        connection_id=run.target_connection_id,
    )
    again = read_again(run, ctx, [*entries, entry])
    if again is not None:
        return again
    return complete(run, "done" if changed else "skipped", run.booked_as, [*entries, entry])


def _entry(
    run: OrderRun, outcome: StepOutcome, text: str, message: Message, ctx: StepContext
) -> StepRecordedV1:
    return audit(
        run,
        "update_order",
        outcome,
        text,
        connection_id=run.target_connection_id,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
