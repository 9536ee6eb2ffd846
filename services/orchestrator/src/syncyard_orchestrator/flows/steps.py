"""Building blocks of every flow's steps: issue a command, write an audit entry, end a run,
send a command again. Pure; each flow wraps them in its own Decision."""

import uuid
from datetime import datetime
from typing import Any, Literal, TypeVar

from syncyard_common.messages import runs
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1
from syncyard_common.messages.by_type import parse_payload
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.run_base import FlowRun

R = TypeVar("R", bound=FlowRun)


def issue(
    run: R, command: Message, state: Any, *, command_id: uuid.UUID, now: datetime, **changes: Any
) -> R:
    """The run after sending ``command`` and waiting in ``state`` for its result."""
    return run.model_copy(
        update={
            **changes,
            "state": state,
            "version": run.version + 1,
            "pending_command_id": command_id,
            "pending_command": command.model_dump(mode="json"),
            "superseded_command_ids": [],
            "command_sent_at": now,
            "reissue_count": 0,
        }
    )


def audit(
    run: FlowRun,
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
        entity_ref=run.entity_ref or run.source_ref,
        connection_id=connection_id,
        message=message,
        source_payload=source_payload,
        sent_payload=sent,
        response_payload=response.model_dump(mode="json") if response is not None else None,
        duration_ms=duration,
        mapping_version=run.mapping_version,
    )


def ended(run: R, state: Any, **changes: Any) -> R:
    """A terminal run: nothing pending, the record's data dropped (it stays in the audit log)
    unless ``changes`` keeps a field of it."""
    return run.model_copy(
        update={
            **dict.fromkeys(run.DATA_FIELDS),
            **changes,
            "state": state,
            "version": run.version + 1,
            "pending_command_id": None,
            "pending_command": None,
            "superseded_command_ids": [],
        }
    )


def failed(run: FlowRun, step: str, code: str, reason: str) -> runs.RunFailedV1:
    """What the notifier hears of a failed run: a merchant-readable reason."""
    return runs.RunFailedV1(
        run_id=run.id,
        integration_id=run.integration_id,
        flow=run.flow_name,
        step=step,
        entity_ref=run.entity_ref or run.source_ref,
        code=code,
        reason=reason,
    )


def completed(
    run: FlowRun, outcome: Literal["done", "skipped"], target_id: str | None
) -> runs.RunCompletedV1:
    return runs.RunCompletedV1(
        run_id=run.id,
        integration_id=run.integration_id,
        flow=run.flow_name,
        entity_ref=run.entity_ref or run.source_ref,
        outcome=outcome,
        target_id=target_id,
    )


def resend(
    run: R, step: str, *, command_id: uuid.UUID, now: datetime
) -> tuple[R, Message, StepRecordedV1]:
    """The pending command again under a new id; the old id stays accepted, so whichever
    answer comes first wins (the target-side checks and idempotency keys make it safe)."""
    assert run.pending_command is not None
    assert run.pending_command_id is not None
    command = parse_payload(str(run.pending_command["type"]), run.pending_command)
    assert isinstance(command, Message)
    entry = audit(
        run,
        step,
        StepOutcome.RETRYING,
        f"no answer to step {step} yet: command sent again (attempt {run.reissue_count + 2})",
        with_sent=True,
        now=now,
    )
    again = run.model_copy(
        update={
            "version": run.version + 1,
            "pending_command_id": command_id,
            "superseded_command_ids": [*run.superseded_command_ids, run.pending_command_id],
            "reissue_count": run.reissue_count + 1,
        }
    )
    return again, command, entry


def timed_out(run: FlowRun, step: str, *, now: datetime) -> tuple[str, StepRecordedV1]:
    """Why a run gives up after its last re-issue, and the entry that says so."""
    reason = f"no answer to step {step} after {run.reissue_count + 1} attempts"
    return reason, audit(run, step, StepOutcome.FAILED, reason, with_sent=True, now=now)
