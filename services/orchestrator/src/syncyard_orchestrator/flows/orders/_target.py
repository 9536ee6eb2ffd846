"""Order flow steps in the target: customer, products, create the order; and failures."""

from datetime import timedelta

from syncyard_common.canonical import OrderKind
from syncyard_common.messages import connector_errors, customers, orders, products
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_orchestrator.flows.orders._customer import customer_from_order, order_email
from syncyard_orchestrator.flows.orders._model import (
    STEP_OF_STATE,
    Decision,
    OrderFlowState,
    OrderRun,
)
from syncyard_orchestrator.flows.orders._outcomes import (
    StepContext,
    audit,
    complete,
    create_order_key,
    external_reference,
    fail,
    issue,
)

OK, FAILED = StepOutcome.OK, StepOutcome.FAILED


def choose_customer(run: OrderRun, ctx: StepContext, entries: list[StepRecordedV1]) -> Decision:
    """The default debtor when set; otherwise look the customer up by exact e-mail."""
    assert run.mapped_order is not None
    debtor_id = ctx.settings.default_debtor_id
    if debtor_id is not None:
        text = f"order {run.entity_ref} is booked on the default debtor {debtor_id}"
        entries.append(audit(run, "customer", OK, text, connection_id=run.target_connection_id))
        return check_products(run.model_copy(update={"customer_id": debtor_id}), ctx, entries)
    email = order_email(run.mapped_order)
    if email is None:
        reason = f"order {run.entity_ref} has no e-mail address to match the customer on"
        entries.append(audit(run, "find_customer", FAILED, reason))
        return fail(run, "find_customer", "customer_email_missing", reason, entries)
    command = customers.FindCustomerV1(connection_id=run.target_connection_id, email=email)
    return Decision(
        issue(run, command, OrderFlowState.FINDING_CUSTOMER, ctx), command, audit=entries
    )


def on_customer_found(
    run: OrderRun, message: customers.CustomerFoundV1, ctx: StepContext
) -> Decision:
    """finding_customer → create the debtor, or update the one found."""
    assert run.mapped_order is not None
    found = message.customer
    text = (
        f"customer {message.email} found in the target as {found.id}"
        if found is not None
        else f"customer {message.email} not found in the target: it will be created"
    )
    entry = audit(
        run,
        "find_customer",
        OK,
        text,
        connection_id=run.target_connection_id,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    command = customers.UpsertCustomerV1(
        connection_id=run.target_connection_id,
        customer=customer_from_order(run.mapped_order),
        existing_id=found.id if found is not None else None,
    )
    next_run = issue(run, command, OrderFlowState.UPSERTING_CUSTOMER, ctx)
    return Decision(next_run, command, audit=[entry])


def on_customer_upserted(
    run: OrderRun, message: customers.CustomerUpsertedV1, ctx: StepContext
) -> Decision:
    """upserting_customer → check that every product of the order exists in the target."""
    verb = "created" if message.was_created else "updated"
    entry = audit(
        run,
        "upsert_customer",
        OK,
        f"debtor {message.customer_id} {verb} in the target",
        connection_id=run.target_connection_id,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    run = run.model_copy(update={"customer_id": message.customer_id})
    return check_products(run, ctx, [entry])


def check_products(run: OrderRun, ctx: StepContext, entries: list[StepRecordedV1]) -> Decision:
    """Ask the target which of the order's SKUs it knows; lines without a SKU fail at once."""
    assert run.mapped_order is not None
    lines = run.mapped_order.lines
    unmatched = [line.name or line.source_line_id or "?" for line in lines if not line.sku]
    reason = None
    if not lines:
        code, reason = "order_without_lines", f"order {run.entity_ref} has no lines"
    elif unmatched:
        code = "line_without_sku"
        reason = f"order lines without a SKU cannot be matched: {', '.join(unmatched)}"
    if reason is not None:
        entries.append(audit(run, "check_products", FAILED, reason))
        return fail(run, "check_products", code, reason, entries)
    command = products.CheckProductsV1(
        connection_id=run.target_connection_id, skus=run.mapped_order.skus
    )
    next_run = issue(run, command, OrderFlowState.CHECKING_PRODUCTS, ctx)
    return Decision(next_run, command, audit=entries)


def on_products_checked(
    run: OrderRun, message: products.ProductsCheckedV1, ctx: StepContext
) -> Decision:
    """checking_products → create the order, or fail naming every missing SKU."""
    assert run.mapped_order is not None
    skus = run.mapped_order.skus
    missing = [sku for sku in skus if sku in message.missing or sku not in message.found]
    if missing and ctx.settings.missing_products == "wait":
        waited = _wait_for_products(run, message, missing, ctx)
        if waited is not None:
            return waited
    if missing:
        reason = f"products not found in the target: {', '.join(missing)}"
        if run.first_missing_at is not None:
            reason += f" (still missing after {ctx.settings.missing_products_wait_minutes} min)"
        entry = audit(
            run,
            "check_products",
            FAILED,
            reason,
            connection_id=run.target_connection_id,
            response=message,
            with_sent=True,
            now=ctx.now,
        )
        return fail(run, "check_products", "products_missing", reason, [entry])
    entry = audit(
        run,
        "check_products",
        OK,
        f"all {len(skus)} products exist in the target",
        connection_id=run.target_connection_id,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    product_ids = {sku: message.found[sku] for sku in skus}
    # The target takes orders only: an invoice the setting lets through goes in as an order.
    order = run.mapped_order.model_copy(update={"kind": OrderKind.ORDER})
    command = orders.CreateOrderV1(
        connection_id=run.target_connection_id,
        order=order,
        external_reference=external_reference(run),
        idempotency_key=create_order_key(run.id),
        options=orders.OrderCreateOptions(
            employee_number=ctx.settings.employee_number,
            customer_id=run.customer_id,
            product_ids=product_ids,
        ),
    )
    next_run = issue(run, command, OrderFlowState.CREATING_ORDER, ctx, product_ids=product_ids)
    return Decision(next_run, command, audit=[entry])


def _wait_for_products(
    run: OrderRun, message: products.ProductsCheckedV1, missing: list[str], ctx: StepContext
) -> Decision | None:
    """Wait setting: check again later, until the window closes (then the run fails)."""
    first = run.first_missing_at or ctx.now
    deadline = first + timedelta(minutes=ctx.settings.missing_products_wait_minutes)
    wake_at = ctx.now + timedelta(seconds=ctx.settings.missing_products_recheck_seconds)
    if wake_at > deadline:
        return None
    text = (
        f"products not found in the target yet: {', '.join(missing)}; checking again at "
        f"{wake_at.isoformat(timespec='seconds')} (waiting until "
        f"{deadline.isoformat(timespec='seconds')})"
    )
    entry = audit(
        run,
        "check_products",
        StepOutcome.RETRYING,
        text,
        connection_id=run.target_connection_id,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    assert run.mapped_order is not None
    command = products.CheckProductsV1(
        connection_id=run.target_connection_id, skus=run.mapped_order.skus
    )
    waiting = issue(run, command, OrderFlowState.WAITING_FOR_PRODUCTS, ctx, first_missing_at=first)
    return Decision(waiting, audit=[entry], wake_at=wake_at)


def on_order_created(run: OrderRun, message: orders.OrderCreatedV1, ctx: StepContext) -> Decision:
    """creating_order → done."""
    replayed = " (answered from an earlier identical request)" if message.was_replayed else ""
    text = f"order {run.entity_ref} created in the target as {message.target_order_id}{replayed}"
    entry = audit(
        run,
        "create_order",
        OK,
        text,
        connection_id=run.target_connection_id,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    return complete(run, "done", message.target_order_id, [entry])


def on_command_failed(
    run: OrderRun, message: connector_errors.CommandFailedV1, ctx: StepContext
) -> Decision:
    """Any waiting state → failed, with the connector's exact reason and code."""
    step = STEP_OF_STATE[run.state]
    entry = audit(
        run,
        step,
        FAILED,
        message.reason,
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    return fail(run, step, message.code, message.reason, [entry])
