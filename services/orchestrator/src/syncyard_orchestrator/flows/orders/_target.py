"""Answers of flow version 1's one-call target steps, and failures of any step.

Runs that waited in a version 1 step when the service was upgraded get that step's answer
and go on to the one placing command (it repeats the look-ups; every one is idempotent)."""

from syncyard_common.messages import connector_errors, customers, orders, products
from syncyard_common.messages.audit import StepOutcome
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.orders._model import STEP_OF_STATE, Decision, OrderRun
from syncyard_orchestrator.flows.orders._outcomes import StepContext, audit, complete, fail
from syncyard_orchestrator.flows.orders._place import place

OK, FAILED = StepOutcome.OK, StepOutcome.FAILED


def on_earlier_step_answered(run: OrderRun, message: Message, ctx: StepContext) -> Decision:
    """A version 1 look-up (customer, products) answered: place the order in one go."""
    step = STEP_OF_STATE[run.state]
    entry = audit(
        run,
        step,
        OK,
        f"{step} answered; the order goes on as one placing command (flow upgraded)",
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    return place(run, ctx, [entry])


def on_customer_found(
    run: OrderRun, message: customers.CustomerFoundV1, ctx: StepContext
) -> Decision:
    return on_earlier_step_answered(run, message, ctx)


def on_customer_upserted(
    run: OrderRun, message: customers.CustomerUpsertedV1, ctx: StepContext
) -> Decision:
    return on_earlier_step_answered(run, message, ctx)


def on_products_checked(
    run: OrderRun, message: products.ProductsCheckedV1, ctx: StepContext
) -> Decision:
    return on_earlier_step_answered(run, message, ctx)


def on_order_created(run: OrderRun, message: orders.OrderCreatedV1, ctx: StepContext) -> Decision:
    """creating_order (version 1) → done."""
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
    """Any waiting state → failed, with the connector's exact reason, code and sub-step."""
    step = message.step or STEP_OF_STATE[run.state]
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
