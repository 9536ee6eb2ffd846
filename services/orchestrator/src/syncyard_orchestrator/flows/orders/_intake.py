"""Order flow steps up to placing: start, fetch, map (and version 1's existence check)."""

from pydantic import ValidationError

from syncyard_common.canonical import Order, OrderKind, OrderStatus
from syncyard_common.messages import mapping, orders
from syncyard_common.messages.audit import StepOutcome
from syncyard_orchestrator.flows.orders._model import (
    FLOW,
    Decision,
    OrderFlowState,
    OrderRun,
)
from syncyard_orchestrator.flows.orders._outcomes import (
    StepContext,
    audit,
    complete,
    fail,
    issue,
)
from syncyard_orchestrator.flows.orders._outcomes import external_reference as ref
from syncyard_orchestrator.flows.orders._place import place
from syncyard_orchestrator.flows.orders._update import update

OK, SKIPPED, FAILED = StepOutcome.OK, StepOutcome.SKIPPED, StepOutcome.FAILED


def start(run: OrderRun, message: orders.OrderReceivedV1, ctx: StepContext) -> Decision:
    """received → fetch the order afresh from the source (the webhook is only a hint)."""
    command = orders.FetchOrderV1(
        connection_id=run.source_connection_id, source_order_id=run.source_order_id
    )
    entry = audit(
        run,
        "start",
        OK,
        f"order {run.source_order_id} received ({message.topic})",
        connection_id=run.source_connection_id,
        response=message,
    )
    return Decision(issue(run, command, OrderFlowState.FETCHING, ctx), command, audit=[entry])


def coalesce(run: OrderRun, message: orders.OrderReceivedV1, _ctx: StepContext) -> Decision:
    """The same order arrived again while its run is active: this run handles it."""
    entry = audit(
        run,
        "coalesce",
        OK,
        f"order {run.entity_ref or run.source_order_id} received again ({message.topic}) "
        "while its run is in progress; no second run started",
        connection_id=run.source_connection_id,
        response=message,
    )
    # The order may have changed after the run read it: read it again once it is booked.
    changed = run.model_copy(
        update={
            "version": run.version + 1,
            "coalesced_count": run.coalesced_count + 1,
            "changed_meanwhile": True,
        }
    )
    return Decision(changed, audit=[entry])


def on_order_fetched(run: OrderRun, message: orders.OrderFetchedV1, ctx: StepContext) -> Decision:
    """fetching → map the canonical order with the tenant's mapping."""
    order = message.order
    if order.source_id != run.source_order_id:  # a connector bug must not create another order
        reason = f"asked for order {run.source_order_id} but the source returned {order.source_id}"
        entry = audit(run, "fetch", FAILED, reason, response=message, with_sent=True, now=ctx.now)
        return fail(run, "fetch", "fetched_wrong_order", reason, [entry])
    run = run.model_copy(
        update={
            "entity_ref": order.number or order.source_id,
            "external_reference": ref(run),
            "source_status": order.status,
            "source_financial_status": order.financial_status,
            "booked_as": run.booked_as or ctx.booked_as,
        }
    )
    if run.booked_as is not None:  # it reached the target before: this is a later change
        entry = audit(
            run,
            "fetch",
            OK,
            f"order {run.entity_ref} read again from the source",
            connection_id=run.source_connection_id,
            source_payload=order.model_dump(mode="json"),
            with_sent=True,
            now=ctx.now,
        )
        return update(run, ctx, [entry])
    if order.kind is OrderKind.INVOICE and ctx.settings.invoices == "skip":
        text = f"{run.entity_ref} is an invoice and the target takes orders only (setting: skip)"
        entry = audit(
            run,
            "fetch",
            SKIPPED,
            text,
            source_payload=order.model_dump(mode="json"),
            with_sent=True,
            now=ctx.now,
        )
        return complete(run, "skipped", None, [entry])
    state = unbooked_state(order, ctx.settings.not_booked)
    if state is not None:
        text = (
            f"order {run.entity_ref} is {state} in the source; such orders are not booked as "
            f"sales (setting not_booked: {', '.join(ctx.settings.not_booked)})"
        )
        entry = audit(
            run,
            "fetch",
            SKIPPED,
            text,
            source_payload=order.model_dump(mode="json"),
            with_sent=True,
            now=ctx.now,
        )
        return complete(run, "skipped", None, [entry])
    entry = audit(
        run,
        "fetch",
        OK,
        f"order {run.entity_ref} fetched from the source",
        connection_id=run.source_connection_id,
        source_payload=order.model_dump(mode="json"),
        with_sent=True,
        now=ctx.now,
    )
    command = mapping.MapRecordV1(
        integration_id=run.integration_id,
        flow=FLOW,
        source_connector=run.source_connector,
        target_connector=run.target_connector,
        record=order.model_dump(mode="json"),
    )
    return Decision(issue(run, command, OrderFlowState.MAPPING, ctx), command, audit=[entry])


def unbooked_state(order: Order, not_booked: list[str]) -> str | None:
    """The order's state when the settings say orders in it are not booked, else None."""
    wanted = {state.strip().lower() for state in not_booked}
    if order.status is OrderStatus.CANCELLED and "cancelled" in wanted:
        return "cancelled"
    financial = (order.financial_status or "").strip().lower()
    return financial if financial and financial in wanted else None


def on_record_mapped(run: OrderRun, message: mapping.RecordMappedV1, ctx: StepContext) -> Decision:
    """mapping → does the order already exist in the target? (checked there, R11)."""
    run = run.model_copy(
        update={"mapping_id": message.mapping_id, "mapping_version": message.mapping_version}
    )
    try:
        order = Order.model_validate(message.record)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        reason = f"the mapped order is not valid: {where}: {first['msg']}"
        entry = audit(run, "map", FAILED, reason, response=message, with_sent=True, now=ctx.now)
        return fail(run, "map", "mapped_order_invalid", reason, [entry])
    entry = audit(
        run,
        "map",
        OK,
        f"order {run.entity_ref} mapped (mapping version {message.mapping_version})",
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    return place(run.model_copy(update={"mapped_order": order}), ctx, [entry])


def on_mapping_failed(
    run: OrderRun, message: mapping.RecordMappingFailedV1, ctx: StepContext
) -> Decision:
    """mapping failed → the run fails with the field and the reason (never send it unmapped)."""
    run = run.model_copy(update={"mapping_version": message.mapping_version})
    where = f" on field {message.field}" if message.field else ""
    reason = f"mapping failed{where}: {message.reason}"
    entry = audit(run, "map", FAILED, reason, response=message, with_sent=True, now=ctx.now)
    return fail(run, "map", message.code, reason, [entry])


def on_order_found(run: OrderRun, message: orders.OrderFoundV1, ctx: StepContext) -> Decision:
    """checking_existing (version 1) → skip when the target has it; otherwise place it."""
    target_id = message.target_order_id
    if target_id is not None:
        text = f"order {run.entity_ref} already exists in the target as {target_id}"
        entry = audit(
            run,
            "find_order",
            SKIPPED,
            text,
            connection_id=run.target_connection_id,
            response=message,
            with_sent=True,
            now=ctx.now,
        )
        return complete(run, "skipped", target_id, [entry])
    entry = audit(
        run,
        "find_order",
        OK,
        f"order {run.entity_ref} does not exist in the target yet",
        connection_id=run.target_connection_id,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    return place(run, ctx, [entry])
