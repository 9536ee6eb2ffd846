"""Building blocks of the record flows' steps: issue a command, audit, finish a run."""

import uuid
from datetime import datetime
from typing import Any, Literal

from syncyard_common.messages import runs
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.messages.envelope import Message
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
    return run.model_copy(
        update={
            **changes,
            "state": state,
            "version": run.version + 1,
            "pending_command_id": ctx.command_id,
            "pending_command": command.model_dump(mode="json"),
            "superseded_command_ids": [],
            "command_sent_at": ctx.now,
            "reissue_count": 0,
        }
    )


def audit(
    run: RecordRun,
    step: str,
    outcome: StepOutcome,
    message: str,
    *,
    connection_id: uuid.UUID | None = None,
    source_payload: dict[str, Any] | None = None,
    response: Message | None = None,
    with_sent: bool = False,
    now: datetime | None = None,
) -> StepRecordedV1:
    """One audit entry; ``with_sent`` adds the pending command and how long it took."""
    sent = run.pending_command if with_sent else None
    if connection_id is None and sent is not None and sent.get("connection_id"):
        connection_id = uuid.UUID(str(sent["connection_id"]))
    duration = None
    if with_sent and now is not None and run.command_sent_at is not None:
        duration = max((now - run.command_sent_at).total_seconds() * 1000.0, 0.0)
    return StepRecordedV1(
        step=step,
        outcome=outcome,
        entity_ref=run.entity_ref or run.source_id,
        connection_id=connection_id,
        message=message,
        source_payload=source_payload,
        sent_payload=sent,
        response_payload=response.model_dump(mode="json") if response is not None else None,
        duration_ms=duration,
        mapping_version=run.mapping_version,
    )


def _ended(run: RecordRun, state: RecordFlowState, **changes: Any) -> RecordRun:
    """A terminal run: nothing pending, the record's data dropped (it stays in the audit log)."""
    return run.model_copy(
        update={
            **changes,
            "state": state,
            "version": run.version + 1,
            "pending_command_id": None,
            "pending_command": None,
            "superseded_command_ids": [],
            "record": None,
            "mapped": None,
        }
    )


def fail(
    run: RecordRun, step: str, code: str, reason: str, entries: list[StepRecordedV1]
) -> Decision:
    """End the run as failed with a merchant-readable reason and tell the notifier."""
    ended = _ended(
        run, RecordFlowState.FAILED, failed_step=step, failure_code=code, failure_reason=reason
    )
    event = runs.RunFailedV1(
        run_id=run.id,
        integration_id=run.integration_id,
        flow=run.flow,
        step=step,
        entity_ref=run.entity_ref or run.source_id,
        code=code,
        reason=reason,
    )
    return Decision(run=ended, events=[event], audit=entries)


def complete(
    run: RecordRun,
    outcome: Literal["done", "skipped"],
    target_id: str | None,
    entries: list[StepRecordedV1],
    links: list[EntityLink] | None = None,
) -> Decision:
    """End the run as done (written) or skipped (filtered, unchanged, not wanted)."""
    state = RecordFlowState.DONE if outcome == "done" else RecordFlowState.SKIPPED
    ended = _ended(run, state, target_id=target_id)
    event = runs.RunCompletedV1(
        run_id=run.id,
        integration_id=run.integration_id,
        flow=run.flow,
        entity_ref=run.entity_ref or run.source_id,
        outcome=outcome,
        target_id=target_id,
    )
    return Decision(run=ended, events=[event], audit=entries, links=links or [])
