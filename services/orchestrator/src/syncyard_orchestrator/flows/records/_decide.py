"""The record flows' state machine: received → map → find in target → write → done/skipped."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from syncyard_common.messages import connector_errors, mapping, records, stock
from syncyard_common.messages.audit import StepOutcome
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows import steps
from syncyard_orchestrator.flows.records._model import (
    STEP_OF_STATE,
    Decision,
    RecordFlowState,
    RecordRun,
    StepContext,
)
from syncyard_orchestrator.flows.records._steps import audit, complete, fail, issue
from syncyard_orchestrator.flows.records.rules import EntityRules

S = RecordFlowState
OK, SKIPPED, FAILED = StepOutcome.OK, StepOutcome.SKIPPED, StepOutcome.FAILED
WAITING_STATES = (S.MAPPING, S.FINDING, S.WRITING)


def decide(
    rules: EntityRules,
    run: RecordRun,
    message: Message,
    settings: BaseModel,
    *,
    causation_id: uuid.UUID | None,
    command_id: uuid.UUID,
    now: datetime,
) -> Decision:
    """The next step of ``run`` given ``message``. Pure: ids and time come in as arguments.

    Results that do not answer the pending command are ignored (``changed=False``)."""
    ctx = StepContext(settings=settings, command_id=command_id, now=now)
    if isinstance(message, records.RecordChangedV1):
        if run.state is S.RECEIVED:
            return start(rules, run, message.record, ctx, topic=message.topic)
        if run.state in WAITING_STATES:
            return _coalesce(run, message)
        return Decision(run, changed=False)
    if run.state not in WAITING_STATES or not run.answers_pending_command(causation_id):
        return Decision(run, changed=False)
    if isinstance(message, connector_errors.CommandFailedV1):
        return _command_failed(run, message, ctx)
    if run.state is S.MAPPING and isinstance(message, mapping.RecordMappedV1):
        return _mapped(rules, run, message, ctx)
    if run.state is S.MAPPING and isinstance(message, mapping.RecordMappingFailedV1):
        where = f" on field {message.field}" if message.field else ""
        reason = f"mapping failed{where}: {message.reason}"
        run = run.model_copy(update={"mapping_version": message.mapping_version})
        entry = audit(run, "map", FAILED, reason, response=message, with_sent=True, now=now)
        return fail(run, "map", message.code, reason, [entry])
    if run.state is S.FINDING and rules.found_type and isinstance(message, rules.found_type):
        entry = audit(
            run, "find", OK, _found_text(run, message), response=message, with_sent=True, now=now
        )
        return _write(rules, run, message, ctx, [entry])
    if run.state is S.WRITING and isinstance(message, rules.written_type):
        target_id, links = rules.written(run, message)
        text = f"{run.entity_ref} written to the target as {target_id}"
        if run.written_fields:
            text += f" (fields: {', '.join(run.written_fields)})"
        entry = audit(run, "write", OK, text, response=message, with_sent=True, now=now)
        return _finish(rules, run, "done", target_id, [entry], ctx, links)
    return Decision(run, changed=False)


def _found_text(run: RecordRun, message: Message) -> str:
    found = getattr(message, "product_id", None) or getattr(
        getattr(message, "customer", None), "id", None
    )
    if isinstance(message, stock.StockReadV1):
        levels = message.levels
        return (
            f"{run.entity_ref}: the target has {levels[0].available if levels else 'no'} in stock"
        )
    if found:
        return f"{run.entity_ref} exists in the target as {found}"
    return f"{run.entity_ref} does not exist in the target yet"


def start(
    rules: EntityRules, run: RecordRun, record: dict[str, Any], ctx: StepContext, *, topic: str
) -> Decision:
    """received (restarted with a newer version, or retried) → screen, then map."""
    run = run.model_copy(update={"entity_ref": rules.entity_ref(record), "topic": topic})
    reason = rules.screen(record, ctx.settings)
    if reason is not None:
        entry = audit(
            run,
            "filter",
            SKIPPED,
            f"{run.entity_ref} not synced: {reason}",
            connection_id=run.source_connection_id,
            source_payload=record,
        )
        return complete(run, "skipped", None, [entry])
    entry = audit(
        run,
        "start",
        OK,
        f"{run.entity_ref} changed in the source ({topic})",
        connection_id=run.source_connection_id,
        source_payload=record,
    )
    if not rules.maps:  # nothing to map: straight to the look-up
        # The newer version is this one now: keeping it would restart the run for ever.
        run = run.model_copy(update={"record": record, "mapped": record, "newer_record": None})
        find = rules.find(run, record, ctx.settings)
        if find is None:
            return _write(rules, run, None, ctx, [entry])
        return Decision(issue(run, find, S.FINDING, ctx), find, audit=[entry])
    command = mapping.MapRecordV1(
        integration_id=run.integration_id,
        flow=run.flow,
        source_connector=run.source_connector,
        target_connector=run.target_connector,
        record=record,
    )
    next_run = issue(run, command, S.MAPPING, ctx, record=record, newer_record=None)
    return Decision(next_run, command, audit=[entry])


def _coalesce(run: RecordRun, message: records.RecordChangedV1) -> Decision:
    """A newer version arrived while this run works: it is synced right after (latest wins)."""
    entry = audit(
        run,
        "coalesce",
        OK,
        f"{run.entity_ref} changed again ({message.topic}); the newer version is "
        "synced when this run's write is done",
        connection_id=run.source_connection_id,
        source_payload=message.record,
    )
    changed = run.model_copy(
        update={
            "version": run.version + 1,
            "coalesced_count": run.coalesced_count + 1,
            "newer_record": message.record,
        }
    )
    return Decision(changed, audit=[entry])


def _mapped(
    rules: EntityRules, run: RecordRun, message: mapping.RecordMappedV1, ctx: StepContext
) -> Decision:
    run = run.model_copy(
        update={"mapping_id": message.mapping_id, "mapping_version": message.mapping_version}
    )
    try:
        records.parse_record(rules.entity, message.record)  # type: ignore[arg-type]
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        reason = f"the mapped record is not valid: {where}: {first['msg']}"
        entry = audit(run, "map", FAILED, reason, response=message, with_sent=True, now=ctx.now)
        return fail(run, "map", "mapped_record_invalid", reason, [entry])
    entry = audit(
        run,
        "map",
        OK,
        f"{run.entity_ref} mapped (mapping version {message.mapping_version})",
        response=message,
        with_sent=True,
        now=ctx.now,
    )
    run = run.model_copy(update={"mapped": message.record})
    command = rules.find(run, message.record, ctx.settings)
    if command is None:
        return _write(rules, run, None, ctx, [entry])
    return Decision(issue(run, command, S.FINDING, ctx), command, audit=[entry])


def _write(
    rules: EntityRules, run: RecordRun, found: Message | None, ctx: StepContext, entries: list[Any]
) -> Decision:
    assert run.mapped is not None
    plan = rules.plan(run, run.mapped, found, ctx.settings)
    if plan.failure is not None:
        code, reason = plan.failure
        entries.append(audit(run, "write", FAILED, reason, connection_id=run.target_connection_id))
        return fail(run, "write", code, reason, entries)
    if plan.command is None:
        text = f"{run.entity_ref} not written: {plan.skip_reason or 'nothing to do'}"
        entries.append(audit(run, "write", SKIPPED, text, connection_id=run.target_connection_id))
        found_id = _found_id(found)
        return _finish(rules, run, "skipped", found_id, entries, ctx, [])
    next_run = issue(
        run, plan.command, S.WRITING, ctx, written_fields=plan.fields, found_id=_found_id(found)
    )
    return Decision(next_run, plan.command, audit=entries)


def _found_id(found: Message | None) -> str | None:
    value = getattr(found, "product_id", None) or getattr(
        getattr(found, "customer", None), "id", None
    )
    return str(value) if value else None


def _finish(
    rules: EntityRules,
    run: RecordRun,
    outcome: Any,
    target_id: str | None,
    entries: list[Any],
    ctx: StepContext,
    links: list[Any],
) -> Decision:
    """End the run, or go again at once with the newer version that arrived meanwhile."""
    if run.newer_record is None:
        return complete(run, outcome, target_id, entries, links)
    restarted = run.model_copy(update={"state": S.RECEIVED, "target_id": target_id})
    decision = start(rules, restarted, run.newer_record, ctx, topic="changed again")
    return Decision(
        decision.run,
        decision.command,
        decision.events,
        [*entries, *decision.audit],
        [*links, *decision.links],
    )


def _command_failed(
    run: RecordRun, message: connector_errors.CommandFailedV1, ctx: StepContext
) -> Decision:
    step = STEP_OF_STATE[run.state]
    entry = audit(run, step, FAILED, message.reason, response=message, with_sent=True, now=ctx.now)
    return fail(run, step, message.code, message.reason, [entry])


def reissue(run: RecordRun, *, command_id: uuid.UUID, now: datetime, max_reissues: int) -> Decision:
    """A run that got no answer: send its pending command again under a new id, or give up."""
    if run.is_terminal or run.pending_command is None or run.pending_command_id is None:
        return Decision(run, changed=False)
    step = STEP_OF_STATE[run.state]
    if run.reissue_count >= max_reissues:
        reason, entry = steps.timed_out(run, step, now=now)
        return fail(run, step, "step_timed_out", reason, [entry])
    again, command, entry = steps.resend(run, step, command_id=command_id, now=now)
    return Decision(again, command, audit=[entry])
