"""An operator retries a failed order run once the cause is fixed (an article added, a
mapping corrected, an employee created).

The run goes on from the failed step, re-doing only the reads in front of it: the order is
fetched afresh (a failed run keeps no copy of it; the activity log does) and mapped with the
integration's mapping as it is now, so a corrected mapping applies. Nothing is written to the
target before the placement, and the placement looks the order up by external reference
first: an attempt that reached the target before it failed is found, never booked twice."""

from syncyard_common.messages import orders
from syncyard_common.messages.audit import StepOutcome
from syncyard_orchestrator.flows.orders._model import Decision, OrderFlowState, OrderRun
from syncyard_orchestrator.flows.orders._outcomes import StepContext, audit, issue


def retry(run: OrderRun, ctx: StepContext, *, asked_by: str) -> Decision:
    """failed → fetching, with the failure cleared and the retry counted and logged."""
    if run.state is not OrderFlowState.FAILED:
        return Decision(run, changed=False)
    count = run.retry_count + 1
    entry = audit(
        run,
        "retry",
        StepOutcome.OK,
        f"retry {count} asked by {asked_by}: order {run.entity_ref or run.source_order_id} "
        f"failed at step {run.failed_step} ({run.failure_code}: {run.failure_reason}); it is "
        "fetched again, mapped with the current mapping, and the target is checked before "
        "anything is written",
        connection_id=run.source_connection_id,
        # What the step received: the operator's request and the failure it answers.
        source_payload={
            "asked_by": asked_by,
            "retry": count,
            "failed_step": run.failed_step,
            "failure_code": run.failure_code,
            "failure_reason": run.failure_reason,
        },
    )
    resumed = run.model_copy(
        update={
            "retry_count": count,
            "failed_step": None,
            "failure_code": None,
            "failure_reason": None,
            "first_missing_at": None,
            "target_order_id": None,
        }
    )
    command = orders.FetchOrderV1(
        connection_id=run.source_connection_id, source_order_id=run.source_order_id
    )
    return Decision(issue(resumed, command, OrderFlowState.FETCHING, ctx), command, audit=[entry])
