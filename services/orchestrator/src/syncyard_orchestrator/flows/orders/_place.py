"""Placing the mapped order in the target: one command, and what its answer means.

The gateway does every look-up and write of the order in a row (exists? SKUs? debtor, create);
the flow decides before it (lines, e-mail, default debtor) and after it (done, skipped, wait
for products, or fail)."""

from datetime import timedelta

from syncyard_common.canonical import OrderKind
from syncyard_common.messages import orders
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.messages.orders import PlacementOutcome
from syncyard_orchestrator.flows.orders._customer import customer_from_order, order_email
from syncyard_orchestrator.flows.orders._model import Decision, OrderFlowState, OrderRun
from syncyard_orchestrator.flows.orders._outcomes import (
    StepContext,
    audit,
    complete,
    create_order_key,
    external_reference,
    fail,
    issue,
)
from syncyard_orchestrator.flows.orders._update import read_again, update

OK, FAILED = StepOutcome.OK, StepOutcome.FAILED


def place(run: OrderRun, ctx: StepContext, entries: list[StepRecordedV1]) -> Decision:
    """Send the order to the target, or fail now when it cannot be booked as it is."""
    assert run.mapped_order is not None
    order = run.mapped_order
    unmatched = [line.name or line.source_line_id or "?" for line in order.lines if not line.sku]
    refusal: tuple[str, str, str] | None = None
    if not order.lines:
        refusal = ("check_products", "order_without_lines", f"order {run.entity_ref} has no lines")
    elif unmatched:
        reason = f"order lines without a SKU cannot be matched: {', '.join(unmatched)}"
        refusal = ("check_products", "line_without_sku", reason)
    elif ctx.settings.default_debtor_id is None and order_email(order) is None:
        reason = f"order {run.entity_ref} has no e-mail address to match the customer on"
        refusal = ("find_customer", "customer_email_missing", reason)
    if refusal is not None:
        step, code, reason = refusal
        entries.append(audit(run, step, FAILED, reason))
        return fail(run, step, code, reason, entries)
    debtor_id = ctx.settings.default_debtor_id
    if debtor_id is not None:
        text = f"order {run.entity_ref} is booked on the default debtor {debtor_id}"
        entries.append(audit(run, "customer", OK, text, connection_id=run.target_connection_id))
    command = orders.PlaceOrderV1(
        connection_id=run.target_connection_id,
        # The target takes orders only: an invoice the setting lets through goes in as an order.
        order=order.model_copy(update={"kind": OrderKind.ORDER}),
        external_reference=external_reference(run),
        idempotency_key=create_order_key(run.id, run.retry_count),
        employee_number=ctx.settings.employee_number,
        customer=None if debtor_id is not None else customer_from_order(order),
        default_debtor_id=debtor_id,
        booking=ctx.settings.booking,
    )
    return Decision(issue(run, command, OrderFlowState.PLACING, ctx), command, audit=entries)


def on_order_placed(run: OrderRun, message: orders.OrderPlacedV1, ctx: StepContext) -> Decision:
    """placing → done, skipped (already in the target), waiting for products, or failed."""
    if message.outcome is PlacementOutcome.EXISTS:
        # Found by our external reference: a later change of it runs as an update.
        text = f"order {run.entity_ref} already exists in the target as {message.target_order_id}"
        entry = _entry(run, "find_order", StepOutcome.OK, text, message, ctx)
        return _booked(run.model_copy(update={"booked_as": message.target_order_id}), ctx, entry)
    if message.outcome is PlacementOutcome.PRODUCTS_MISSING:
        return _products_missing(run, message, ctx)
    assert message.target_order_id is not None
    debtor = f" on debtor {message.customer_id}" if message.customer_id else ""
    replayed = " (answered from an earlier identical request)" if message.was_replayed else ""
    notes = f"; {'; '.join(message.booking_notes)}" if message.booking_notes else ""
    text = (
        f"order {run.entity_ref} booked in the target as {message.target_order_id}"
        f"{debtor}{replayed}{notes}"
    )
    entry = _entry(run, "place_order", OK, text, message, ctx)
    booked = run.model_copy(
        update={
            "customer_id": message.customer_id,
            "product_ids": message.product_ids,
            "booked_as": message.target_order_id,
            "placed_now": True,
        }
    )
    return _booked(booked, ctx, entry)


def _booked(run: OrderRun, ctx: StepContext, entry: StepRecordedV1) -> Decision:
    """The order is in the target. Arrived again meanwhile → read it again and apply its
    newest state (a cancel that came during creation is applied after it); else the run ends
    (done when it booked the order, else as an update of the one found)."""
    again = read_again(run, ctx, [entry])
    if again is not None:
        return again
    if run.placed_now:
        return complete(run, "done", run.booked_as, [entry])
    return update(run, ctx, [entry])


def _products_missing(run: OrderRun, message: orders.OrderPlacedV1, ctx: StepContext) -> Decision:
    """Fail naming every missing SKU, or (wait setting) check again until the window closes."""
    missing = message.missing_skus
    first = run.first_missing_at or ctx.now
    deadline = first + timedelta(minutes=ctx.settings.missing_products_wait_minutes)
    wake_at = ctx.now + timedelta(seconds=ctx.settings.missing_products_recheck_seconds)
    if ctx.settings.missing_products == "wait" and wake_at <= deadline:
        text = (
            f"products not found in the target yet: {', '.join(missing)}; checking again at "
            f"{wake_at.isoformat(timespec='seconds')} (waiting until "
            f"{deadline.isoformat(timespec='seconds')})"
        )
        entry = _entry(run, "check_products", StepOutcome.RETRYING, text, message, ctx)
        waiting = run.model_copy(
            update={
                "state": OrderFlowState.WAITING_FOR_PRODUCTS,
                "version": run.version + 1,
                "first_missing_at": first,
            }
        )
        return Decision(waiting, audit=[entry], wake_at=wake_at)
    reason = f"products not found in the target: {', '.join(missing)}{_article_hint(missing, ctx)}"
    if run.first_missing_at is not None:
        reason += f" (still missing after {ctx.settings.missing_products_wait_minutes} min)"
    entry = _entry(run, "check_products", FAILED, reason, message, ctx)
    return fail(run, "check_products", "products_missing", reason, [entry])


def _article_hint(missing: list[str], ctx: StepContext) -> str:
    """A missing SKU may be the article a charge (shipping …) is booked on: say which setting."""
    settings = ctx.settings
    articles = {
        settings.shipping_article_sku: "shipping_article_sku",
        settings.payment_fee_article_sku: "payment_fee_article_sku",
        settings.discount_article_sku: "discount_article_sku",
        settings.gift_card_article_sku: "gift_card_article_sku",
    }
    named = [
        f"{sku} is the order flow setting {articles[sku]}" for sku in missing if sku in articles
    ]
    if not named:
        return ""
    return f" ({'; '.join(named)}: create that article in the target or change the setting)"


def _entry(
    run: OrderRun,
    step: str,
    outcome: StepOutcome,
    text: str,
    message: orders.OrderPlacedV1,
    ctx: StepContext,
) -> StepRecordedV1:
    return audit(
        run,
        step,
        outcome,
        text,
        connection_id=run.target_connection_id,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
