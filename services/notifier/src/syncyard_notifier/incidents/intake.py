"""Events in, alerts out: turn consumed events into alerts with a state (incidents) and their
pending per-channel deliveries, in the inbox transaction.

Exactly-once per channel: the inbox claim, the group update, the incident (the alert with a
state) and the delivery rows (one per routed channel, ``pending``) commit together, so a
redelivered event finds its inbox row and changes nothing. The unique (channel, dedupe key)
is a second wall, and the keys name the alert and the kind of message, not the event: an
alert's opening message is ``opened:<alert id>``, a summary ``summary:<group>:<window end>``,
its resolution ``resolved:<alert id>``; a handler retried after an abort can add no second one.

Lock order, the same in every transaction: the grouping window (``alert_group``) first, then
the alert (``incident``). The ``run.failed`` and ``run.completed`` handlers and the flush all
need both rows; in opposite orders PostgreSQL aborts one of them as a deadlock, and a failure
retried after its window closed would be counted in the next one.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import inbox
from syncyard_common.messages import Envelope, runs
from syncyard_notifier import compose, grouping
from syncyard_notifier.alerts import reconciliation, repository
from syncyard_notifier.alerts.queue import queue_for_channels
from syncyard_notifier.alerts.tables import AlertGroup
from syncyard_notifier.incidents import events as incident_events
from syncyard_notifier.incidents import repository as incident_repository
from syncyard_notifier.incidents import service as incidents
from syncyard_notifier.incidents.tables import IncidentKind, IncidentState
from syncyard_notifier.schema import SCHEMA
from syncyard_notifier.settings import NotifierSettings

CONSUMER = "notifier.events"
SUMMARY_EVENT = "run.failed.summary"


def _state(group: AlertGroup) -> grouping.GroupState:
    samples = tuple(
        grouping.Failure(
            run_id=uuid.UUID(sample["run_id"]),
            flow=sample["flow"],
            reason=sample["reason"],
            entity_ref=sample.get("entity_ref"),
        )
        for sample in group.samples
    )
    return grouping.GroupState(
        closes_at=group.closes_at, suppressed_count=group.suppressed_count, samples=samples
    )


def _store(group: AlertGroup, state: grouping.GroupState) -> None:
    group.closes_at = state.closes_at
    group.suppressed_count = state.suppressed_count
    group.samples = [
        {"run_id": str(s.run_id), "flow": s.flow, "reason": s.reason, "entity_ref": s.entity_ref}
        for s in state.samples
    ]


def _key(group: AlertGroup) -> grouping.GroupKey:
    return grouping.GroupKey(group.tenant_id, group.integration_id, group.code)


async def _queue_summary(
    session: AsyncSession,
    *,
    group: AlertGroup,
    summary: grouping.Summary,
    settings: NotifierSettings,
    now: datetime,
) -> None:
    incident = await incident_repository.lock_live(
        session,
        tenant_id=group.tenant_id,
        key=incidents.run_failures_key(group.integration_id, group.code),
    )
    # Acknowledged: someone is on it, repeats stay quiet (the count is on the alert).
    if incident is not None and incident.state == IncidentState.ACKNOWLEDGED:
        return
    content = compose.run_failures_summary(
        _key(group), summary, dashboard_url=settings.dashboard_url
    )
    # The window's close time names the summary, so a retried flush cannot send it twice.
    closes_at = group.closes_at.isoformat() if group.closes_at else "none"
    await queue_for_channels(
        session,
        tenant_id=group.tenant_id,
        event=SUMMARY_EVENT,
        dedupe_key=f"summary:{group.id}:{closes_at}",
        content=content,
        now=now,
        incident=incident,
    )


async def record_event(
    session: AsyncSession, *, envelope: Envelope, settings: NotifierSettings, now: datetime
) -> bool:
    """Handle one consumed event inside the caller's transaction; False if already handled."""
    claimed = await inbox.claim(session, schema=SCHEMA, consumer=CONSUMER, message_id=envelope.id)
    if not claimed:
        return False
    if envelope.type == "run.failed.v1":
        await _record_run_failed(session, envelope=envelope, settings=settings, now=now)
    elif envelope.type in incident_events.CONNECTION_EVENTS:
        await incident_events.on_connection_event(session, envelope=envelope, now=now)
    elif envelope.type == reconciliation.EVENT:
        await reconciliation.on_discrepancy(session, envelope=envelope, settings=settings, now=now)
    return True


async def record_run_completed(session: AsyncSession, *, envelope: Envelope, now: datetime) -> bool:
    """A run succeeded: alerts whose every failed run now succeeded resolve themselves.

    No inbox claim: forgetting a run twice changes nothing, and the resolution notice has its
    own dedupe key. Returns whether anything was queued.
    """
    completed = runs.RunCompletedV1.model_validate(envelope.payload)
    failing_in = await incident_repository.failing_in(
        session, tenant_id=envelope.tenant_id, run_id=completed.run_id
    )
    # Lock order: the windows of those alerts first (sorted: two handlers meet in one order).
    groups: dict[grouping.GroupKey, AlertGroup] = {}
    windows = {(i.integration_id, i.code) for i in failing_in if i.integration_id and i.code}
    for integration_id, code in sorted(windows):
        key = grouping.GroupKey(envelope.tenant_id, integration_id, code)
        groups[key] = await repository.lock_group(session, key=key)
    resolved = await incident_events.on_run_succeeded(
        session,
        tenant_id=envelope.tenant_id,
        run_id=completed.run_id,
        incident_ids=[i.id for i in failing_in],
        now=now,
    )
    for incident in resolved:  # its grouping window says nothing any more
        if incident.integration_id is None or incident.code is None:
            continue
        group = groups[
            grouping.GroupKey(envelope.tenant_id, incident.integration_id, incident.code)
        ]
        _store(group, grouping.CLOSED)
        session.add(group)
    return bool(resolved)


async def _record_run_failed(
    session: AsyncSession, *, envelope: Envelope, settings: NotifierSettings, now: datetime
) -> None:
    failed = runs.RunFailedV1.model_validate(envelope.payload)
    key = grouping.GroupKey(envelope.tenant_id, failed.integration_id, failed.code)
    group = await repository.lock_group(session, key=key)  # lock order: the window first
    incident, is_new = await incidents.open_or_touch(
        session,
        subject=incidents.Subject(
            tenant_id=envelope.tenant_id,
            kind=IncidentKind.RUN_FAILURES,
            key=incidents.run_failures_key(failed.integration_id, failed.code),
            title=f"{compose.flow_noun(failed.flow)} failing: {failed.code}",
            integration_id=failed.integration_id,
            flow=failed.flow,
            code=failed.code,
        ),
        now=now,
    )
    await incident_repository.add_run(
        session, incident_id=incident.id, tenant_id=envelope.tenant_id, run_id=failed.run_id
    )
    if is_new:  # a new alert starts its own window (the last one's runs all succeeded)
        _store(group, grouping.CLOSED)
    failure = grouping.Failure(
        run_id=failed.run_id, flow=failed.flow, reason=failed.reason, entity_ref=failed.entity_ref
    )
    window = timedelta(seconds=settings.alert_group_window_seconds)
    decision = grouping.record_failure(
        _state(group), failure, now=now, window=window, opens_alert=is_new
    )
    if decision.summary is not None:
        await _queue_summary(
            session, group=group, summary=decision.summary, settings=settings, now=now
        )
    _store(group, decision.state)
    session.add(group)
    if decision.send_now and incident.state == IncidentState.OPEN:
        content = compose.run_failed(failed, dashboard_url=settings.dashboard_url)
        await queue_for_channels(
            session,
            tenant_id=envelope.tenant_id,
            event=envelope.type,
            dedupe_key=f"opened:{incident.id}",
            content=content,
            now=now,
            incident=incident,
        )


async def flush_due_groups(
    session: AsyncSession, *, settings: NotifierSettings, now: datetime, limit: int = 100
) -> int:
    """Close the windows whose time is up and queue their summaries; returns groups closed.

    Windows a handler holds are skipped (that handler closes a due window itself); each
    window is locked before its alert, the order every handler keeps."""
    groups: Sequence[AlertGroup] = await repository.lock_due_groups(session, now=now, limit=limit)
    for group in groups:
        state, summary = grouping.close_if_due(_state(group), now=now)
        if summary is not None:
            await _queue_summary(session, group=group, summary=summary, settings=settings, now=now)
        _store(group, state)
        session.add(group)
    return len(groups)
