"""Retry failed runs once the cause is fixed: one run, or every failed run a filter matches.

A retried run goes on under its own id from where it failed (see ``flows/*/_retry.py``): it
takes the integration's current flow settings and mapping, checks the target before writing,
counts the retry and logs who asked. Only the newest run of a record is retried: when a later
run of the same record exists (in progress, done or failed) the older one is left as it is,
with the reason, so one record never has two active runs (the unique index) and a record a
later run already synced is not synced again.

The caller owns the transaction (the endpoints open it; other use cases such as a replay
through a new mapping call ``retry_runs`` inside theirs)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web.errors import Conflict, NotFound
from syncyard_orchestrator.flows import flow_rules, machines
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.runs import repository, starts
from syncyard_orchestrator.runs.decisions import persist
from syncyard_orchestrator.runs.filters import RunFilter
from syncyard_orchestrator.runs.tables import Run

MAX_BULK = 500  # runs one bulk call retries at most; call again for the rest
_LATER_RUN_ADVICE = {
    "failed": "retry that one instead.",
    "done": "it already synced the record.",
    "skipped": "it already dealt with the record.",
}


@dataclass(frozen=True)
class Skipped:
    """A run that was not retried, and why (``code`` is stable, ``reason`` readable)."""

    run_id: uuid.UUID
    code: str
    reason: str
    other_run_id: uuid.UUID | None = None


@dataclass
class RetryReport:
    retried: list[uuid.UUID] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    capped: bool = False  # more failed runs matched than ``limit``


async def retry_runs(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    asked_by: str,
    now: datetime,
    stuck_after: timedelta,
    where: RunFilter | None = None,
    ids: Sequence[uuid.UUID] | None = None,
    limit: int = MAX_BULK,
) -> RetryReport:
    """Retry the tenant's failed runs matching ``where`` and/or ``ids``, oldest first, at most
    ``limit``. Ids that are not a failed run of the tenant are reported as skipped."""
    rows = list(
        await repository.lock_failed(
            session, tenant_id=tenant_id, where=where, ids=ids, limit=limit + 1
        )
    )
    report = RetryReport(capped=len(rows) > limit)
    rows = rows[:limit]
    for row in rows:
        skipped = await _retry(session, row, asked_by=asked_by, now=now, stuck_after=stuck_after)
        if skipped is None:
            report.retried.append(row.id)
        else:
            report.skipped.append(skipped)
    if ids is not None:
        seen = {row.id for row in rows}
        for run_id in dict.fromkeys(ids):
            if run_id not in seen:
                skipped = await _not_retried(session, tenant_id, run_id, capped=report.capped)
                report.skipped.append(skipped)
    return report


async def retry_run(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    run_id: uuid.UUID,
    asked_by: str,
    now: datetime,
    stuck_after: timedelta,
) -> Run:
    """Retry one run: 404 when the tenant has no such run, 409 when it cannot be retried."""
    row = await repository.lock_one(session, tenant_id=tenant_id, run_id=run_id)
    if row is None:
        raise NotFound("run_not_found", f"Run {run_id} does not exist.")
    skipped = await _retry(session, row, asked_by=asked_by, now=now, stuck_after=stuck_after)
    if skipped is not None:
        extra = {"other_run_id": str(skipped.other_run_id)} if skipped.other_run_id else None
        raise Conflict(skipped.code, skipped.reason, extra=extra)
    return row


async def _retry(
    session: AsyncSession, row: Run, *, asked_by: str, now: datetime, stuck_after: timedelta
) -> Skipped | None:
    run_id = row.id
    machine = machines.machine_for(row.flow)
    run = machine.load(row.state_json)
    why = machine.why_not_retry(run)
    if why is not None:
        code = "run_not_failed" if row.state != "failed" else "run_not_retryable"
        return Skipped(run_id, code, f"Run {run_id} cannot be retried: {why}.")
    later = await repository.later_run_of_same_record(session, run=row)
    if later is not None:
        record = row.entity_ref or row.source_entity_id
        return Skipped(
            run_id,
            "later_run_exists",
            f"Run {later.id} of the same record ({record}) is {later.state} and started after "
            f"this one; {_LATER_RUN_ADVICE.get(later.state, 'it handles the record.')}",
            later.id,
        )
    settings = await _current_settings(session, row)
    if settings is None:
        return Skipped(
            run_id,
            "flow_not_active",
            f"The {row.flow} flow of integration {row.integration_id} is switched off or "
            "gone; switch it on to retry its runs.",
        )
    command_id = uuid.uuid4()
    decision = machine.retry(run, settings, asked_by=asked_by, command_id=command_id, now=now)
    if not decision.changed:
        return Skipped(run_id, "run_not_retryable", f"Run {run_id} cannot be retried.")
    try:
        async with session.begin_nested():
            row.settings_json = settings
            row.finished_at = None
            row.job_id = None  # its initial sync has counted it already; it goes on by itself
            await persist(
                session,
                row,
                decision,
                command_id,
                causation_id=None,
                now=now,
                stuck_after=stuck_after,
            )
    except IntegrityError:  # a new run of the record started since the check above
        return Skipped(
            run_id,
            "later_run_exists",
            f"A new run of the same record started while run {run_id} was being retried; "
            "it handles the record.",
        )
    return None


async def _current_settings(session: AsyncSession, row: Run) -> dict[str, Any] | None:
    """The flow's settings as they are now (a fixed setting may be the cause that was fixed);
    None when the flow is off. Internal flows keep the settings they started with."""
    if row.flow not in flow_rules.FLOW_NAMES:
        return dict(row.settings_json)
    found = await integrations_repository.flow_of(
        session, integration_id=row.integration_id, flow=row.flow
    )
    if found is None or not found[1].is_active:
        return None
    dumped: dict[str, Any] = starts.settings_of(found[1]).model_dump(mode="json")
    return dumped


async def _not_retried(
    session: AsyncSession, tenant_id: uuid.UUID, run_id: uuid.UUID, *, capped: bool
) -> Skipped:
    """Why an id asked for was not among the runs retried."""
    row = await repository.get(session, tenant_id=tenant_id, run_id=run_id)
    if row is None:
        return Skipped(run_id, "run_not_found", f"Run {run_id} does not exist.")
    if row.state != "failed":
        return Skipped(
            run_id, "run_not_failed", f"Run {run_id} is {row.state}; only failed runs are retried."
        )
    if capped:
        return Skipped(run_id, "over_limit", f"Run {run_id} is over this call's limit.")
    return Skipped(run_id, "run_busy", f"Run {run_id} is being retried by another request.")
