"""One step of a run, the same whoever takes it: look up what the flow reads (booked, echo),
``decide``, persist the run with its messages, wake the runs waiting for it.

The runner takes steps for the messages it consumes; an initial sync starts the records it
admits through ``start_record_run``. Neither knows the other: both call this module."""

import uuid
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import Message, records
from syncyard_common.telemetry import get_logger
from syncyard_orchestrator import booked, echoes
from syncyard_orchestrator.flows import machines
from syncyard_orchestrator.integrations.tables import Integration, IntegrationFlow
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.links.tables import Link
from syncyard_orchestrator.runs import repository as runs_repository
from syncyard_orchestrator.runs import starts, waiting
from syncyard_orchestrator.runs.decisions import persist
from syncyard_orchestrator.runs.tables import Run

_log = get_logger(__name__)


async def start_record_run(
    session: AsyncSession,
    *,
    integration: Integration,
    flow: IntegrationFlow,
    message: records.RecordChangedV1,
    run_id: uuid.UUID,
    causation_id: uuid.UUID | None,
    now: datetime,
    stuck_after: timedelta,
    job_id: uuid.UUID | None = None,
) -> None:
    """Start (or join) the run of one changed record; initial syncs call it too."""
    known, found_id = await links_repository.known_for(session, integration.id, message)
    categories_synced = message.entity == "products" and await waiting.categories_read(
        session, integration, message.connection_id
    )
    candidate = starts.record_run(
        run_id=run_id,
        integration=integration,
        flow=flow,
        read_connection_id=message.connection_id,
        source_id=message.source_id,
        links=known,
        found_id=found_id,
        job_id=job_id,
        now=now,
        categories_synced=categories_synced,
    )
    row, _ = await runs_repository.start_or_join(session, run=candidate)
    await take(session, row, message, causation_id, None, now, stuck_after=stuck_after)


async def take(
    session: AsyncSession,
    row: Run,
    message: Message,
    causation_id: uuid.UUID | None,
    event_id: uuid.UUID | None,
    now: datetime,
    *,
    stuck_after: timedelta,
    echo: Link | Literal["look up"] | None = "look up",
) -> None:
    """Apply ``message`` to the run of ``row``. ``echo``: the link of the run's record written
    by us, when already looked up."""
    command_id = uuid.uuid4()
    machine = machines.machine_for(row.flow)
    run = machine.load(row.state_json)
    booked_as, target_statuses = (
        await booked.booked_as(session, row, run, message)
        if machine.reads_echoes
        else booked.NOTHING
    )
    incoming = machines.Incoming(
        message=message,
        event_id=event_id or uuid.uuid4(),
        causation_id=causation_id,
        # Looked up before every step: the link may appear after the run started.
        made_by_us_from=(
            None
            if not machine.reads_echoes
            else await echoes.made_by_us_from(session, row, run)
            if echo == "look up"
            else echoes.from_link(row, run, echo)
        ),
        booked_as=booked_as,
        target_statuses=target_statuses,
    )
    decision = machine.decide(run, row.settings_json, incoming, command_id=command_id, now=now)
    if not decision.changed:
        _log.info("ignored message", run_id=row.id, state=row.state, type=type(message).__name__)
        return
    await persist(
        session,
        row,
        decision,
        command_id,
        causation_id=event_id,
        now=now,
        stuck_after=stuck_after,
    )
    # A child category waits for its parent: start the parent, or wake its children.
    await waiting.after_decision(session, row, now=now, stuck_after=stuck_after)
