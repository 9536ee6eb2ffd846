"""An operator retries a failed record run once the cause is fixed.

The run starts over from the source record it kept when it failed: screened with the current
settings, mapped with the integration's current mapping, looked up in the target again and
written. Every write is preceded by that look-up (by SKU, e-mail or link), so a write that
reached the target before the failure is updated, not made twice."""

from syncyard_common.messages.audit import StepOutcome
from syncyard_orchestrator.flows.records._decide import start
from syncyard_orchestrator.flows.records._model import (
    Decision,
    RecordFlowState,
    RecordRun,
    StepContext,
)
from syncyard_orchestrator.flows.records._steps import audit
from syncyard_orchestrator.flows.records.rules import EntityRules


def can_retry(run: RecordRun) -> str | None:
    """Why the run cannot be retried, or None."""
    if run.state is not RecordFlowState.FAILED:
        return f"the run is {run.state.value}, not failed"
    if run.record is None:
        return "the run kept no copy of the record (it failed before retries existed)"
    return None


def retry(rules: EntityRules, run: RecordRun, ctx: StepContext, *, asked_by: str) -> Decision:
    """failed → received → the first step again, with the failure cleared and logged."""
    if can_retry(run) is not None:
        return Decision(run, changed=False)
    assert run.record is not None
    count = run.retry_count + 1
    entry = audit(
        run,
        "retry",
        StepOutcome.OK,
        f"retry {count} asked by {asked_by}: {run.entity_ref or run.source_id} failed at step "
        f"{run.failed_step} ({run.failure_code}: {run.failure_reason}); it is mapped with the "
        "current mapping and looked up in the target again before it is written",
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
            "state": RecordFlowState.RECEIVED,
            "retry_count": count,
            "failed_step": None,
            "failure_code": None,
            "failure_reason": None,
            "target_id": None,
            "found_id": None,
        }
    )
    decision = start(rules, resumed, run.record, ctx, topic="retry")
    return Decision(
        decision.run, decision.command, decision.events, [entry, *decision.audit], decision.links
    )
