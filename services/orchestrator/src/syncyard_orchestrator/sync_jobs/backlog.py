"""Records an initial sync has read but not started: run rows in state ``queued``.

A queued run holds its record (``state_json.record``) and no command, so it has no lease and
the sweeper never takes it for stuck. It already counts as its record's one active run: a
newer version of the record (the next page, a live change) replaces the queued one (latest
wins) or, as a step of its run, starts it at once. Admission turns it into a fresh run (links
and settings as they are then, ``created_at`` = admitted) and takes its first step
(``run_steps``, as the runner does).
"""

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import records
from syncyard_orchestrator import run_steps
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.runs import repository as runs_repository
from syncyard_orchestrator.runs import starts
from syncyard_orchestrator.runs.tables import QUEUED, TERMINAL_STATES, Run
from syncyard_orchestrator.sync_jobs.tables import SyncJob


def source_id_of(record: dict[str, Any]) -> str:
    for key in ("source_id", "id", "sku"):
        value = record.get(key)
        if value:
            return str(value)
    return ""


def _changed(job: SyncJob, source_id: str, record: dict[str, Any]) -> records.RecordChangedV1:
    return records.RecordChangedV1(
        connection_id=job.source_connection_id,
        entity=job.flow,  # type: ignore[arg-type]
        source_id=source_id,
        record=record,
        topic="initial sync",
        source_event_key=f"sync:{job.id}:{source_id}",
    )


async def _fresh(
    session: AsyncSession,
    job: SyncJob,
    integration: Integration,
    flow: IntegrationFlow,
    changed: records.RecordChangedV1,
    run_id: uuid.UUID,
    now: datetime,
) -> Run:
    known, found_id = await links_repository.known_for(session, integration.id, changed)
    return starts.record_run(
        run_id=run_id,
        integration=integration,
        flow=flow,
        read_connection_id=changed.connection_id,
        source_id=changed.source_id,
        links=known,
        found_id=found_id,
        job_id=job.id,
        now=now,
    )


async def enqueue(
    session: AsyncSession,
    *,
    job: SyncJob,
    integration: Integration,
    flow: IntegrationFlow,
    record: dict[str, Any],
    read_at: datetime,
    stuck_after: timedelta,
) -> None:
    """Queue one read record (``read_at`` orders the backlog as the source listed it)."""
    changed = _changed(job, source_id_of(record), record)
    candidate = await _fresh(session, job, integration, flow, changed, uuid.uuid4(), read_at)
    candidate.state = QUEUED
    candidate.state_json = {**candidate.state_json, "record": record}
    row, inserted = await runs_repository.start_or_join(session, run=candidate)
    if inserted:
        return
    if row.state == QUEUED:  # read twice before it started: the newer reading wins
        row.state_json = {**row.state_json, "record": record}
        row.updated_at = read_at
        return
    # The record's run is already going: it takes this version as any newer one (coalesced).
    await run_steps.start_record_run(
        session,
        integration=integration,
        flow=flow,
        message=changed,
        run_id=uuid.uuid4(),
        causation_id=None,
        now=read_at,
        stuck_after=stuck_after,
        job_id=job.id,
    )


async def admit(
    session: AsyncSession,
    *,
    job: SyncJob,
    integration: Integration,
    flow: IntegrationFlow,
    rows: list[Run],
    now: datetime,
    stuck_after: timedelta,
) -> int:
    """Start the locked queued ``rows``; returns how many are now in flight (a record the
    flow's filter skips ends at once and takes no place)."""
    in_flight = 0
    for row in rows:
        state: dict[str, Any] = row.state_json
        changed = _changed(job, str(state["source_id"]), state.get("record") or {})
        fresh = await _fresh(session, job, integration, flow, changed, row.id, now)
        row.state = fresh.state
        row.state_json = fresh.state_json
        row.settings_json = fresh.settings_json
        row.created_at = row.updated_at = now  # the stuck window counts from here
        # Its first step finds this row as the record's active run.
        await run_steps.start_record_run(
            session,
            integration=integration,
            flow=flow,
            message=changed,
            run_id=uuid.uuid4(),
            causation_id=None,
            now=now,
            stuck_after=stuck_after,
            job_id=job.id,
        )
        if row.state not in TERMINAL_STATES:
            in_flight += 1
    return in_flight


def read_order(now: datetime, position: int) -> datetime:
    """A page's records share its moment; a microsecond apart they keep the source's order
    (parents before children for categories) when admitted."""
    return now + timedelta(microseconds=position)
