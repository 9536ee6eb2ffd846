"""Building blocks of the record flows' steps: issue a command, audit, finish a run."""

from typing import Any, Literal

from syncyard_common.messages.audit import StepRecordedV1
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows import steps
from syncyard_orchestrator.flows.records._model import (
    Decision,
    EntityLink,
    RecordFlowState,
    RecordRun,
    StepContext,
)


def issue(
    run: RecordRun, command: Message, state: RecordFlowState, ctx: StepContext, **changes: Any
) -> RecordRun:
    """The run after sending ``command`` and waiting in ``state`` for its result."""
    return steps.issue(run, command, state, command_id=ctx.command_id, now=ctx.now, **changes)


audit = steps.audit


def fail(
    run: RecordRun, step: str, code: str, reason: str, entries: list[StepRecordedV1]
) -> Decision:
    """End the run as failed with a merchant-readable reason and tell the notifier."""
    ended = steps.ended(
        run,
        RecordFlowState.FAILED,
        failed_step=step,
        failure_code=code,
        failure_reason=reason,
        # Kept so an operator's retry can map and write it again (the source may not announce
        # it again); dropped when the run ends otherwise.
        record=run.record,
    )
    return Decision(run=ended, events=[steps.failed(run, step, code, reason)], audit=entries)


def complete(
    run: RecordRun,
    outcome: Literal["done", "skipped"],
    target_id: str | None,
    entries: list[StepRecordedV1],
    links: list[EntityLink] | None = None,
) -> Decision:
    """End the run as done (written) or skipped (filtered, unchanged, not wanted)."""
    state = RecordFlowState.DONE if outcome == "done" else RecordFlowState.SKIPPED
    ended = steps.ended(run, state, target_id=target_id)
    event = steps.completed(run, outcome, target_id)
    return Decision(run=ended, events=[event], audit=entries, links=links or [])
