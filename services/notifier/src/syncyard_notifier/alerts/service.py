"""Use cases of alerts: turn events into pending per-channel alerts, in the inbox transaction.

Exactly-once per channel: the inbox claim, the group update and the alert rows (one per
active channel, ``pending``) commit together, so a redelivered event finds its inbox row and
changes nothing; the unique (channel, dedupe key) is a second wall.
"""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import inbox
from syncyard_common.messages import Envelope, connections, runs
from syncyard_notifier import grouping
from syncyard_notifier.alerts import compose, repository
from syncyard_notifier.alerts.tables import AlertGroup, AlertStatus
from syncyard_notifier.channels import repository as channel_repository
from syncyard_notifier.channels.tables import SCHEMA
from syncyard_notifier.settings import NotifierSettings

CONSUMER = "notifier.events"
SUMMARY_EVENT = "run.failed.summary"


async def queue_for_channels(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    event: str,
    dedupe_key: str,
    content: compose.AlertContent,
    now: datetime,
) -> int:
    """One pending alert per active channel of the tenant; returns how many were added."""
    channels = await channel_repository.active_for_tenant(session, tenant_id=tenant_id)
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "tenant_id": tenant_id,
            "channel_id": channel.id,
            "event": event,
            "dedupe_key": dedupe_key,
            "title": content.title,
            "text": content.text,
            "link": content.link,
            "fields": content.fields,
            "status": AlertStatus.PENDING.value,
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for channel in channels
    ]
    return await repository.add_alerts(session, rows=rows)


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
    elif envelope.type == "connection.failed.v1":
        failed = connections.ConnectionFailedV1.model_validate(envelope.payload)
        await _queue_event(session, envelope, compose.connection_failed(failed), now)
    elif envelope.type == "connection.recovered.v1":
        recovered = connections.ConnectionRecoveredV1.model_validate(envelope.payload)
        await _queue_event(session, envelope, compose.connection_recovered(recovered), now)
    return True


async def _queue_event(
    session: AsyncSession, envelope: Envelope, content: compose.AlertContent, now: datetime
) -> None:
    await queue_for_channels(
        session,
        tenant_id=envelope.tenant_id,
        event=envelope.type,
        dedupe_key=f"event:{envelope.id}",
        content=content,
        now=now,
    )


async def _record_run_failed(
    session: AsyncSession, *, envelope: Envelope, settings: NotifierSettings, now: datetime
) -> None:
    failed = runs.RunFailedV1.model_validate(envelope.payload)
    key = grouping.GroupKey(envelope.tenant_id, failed.integration_id, failed.code)
    group = await repository.lock_group(session, key=key)
    failure = grouping.Failure(
        run_id=failed.run_id, flow=failed.flow, reason=failed.reason, entity_ref=failed.entity_ref
    )
    window = timedelta(seconds=settings.alert_group_window_seconds)
    decision = grouping.record_failure(_state(group), failure, now=now, window=window)
    if decision.summary is not None:
        await _queue_summary(
            session, group=group, summary=decision.summary, settings=settings, now=now
        )
    _store(group, decision.state)
    session.add(group)
    if decision.send_now:
        content = compose.run_failed(failed, dashboard_url=settings.dashboard_url)
        await _queue_event(session, envelope, content, now)


async def flush_due_groups(
    session: AsyncSession, *, settings: NotifierSettings, now: datetime, limit: int = 100
) -> int:
    """Close the windows whose time is up and queue their summaries; returns groups closed."""
    groups: Sequence[AlertGroup] = await repository.lock_due_groups(session, now=now, limit=limit)
    for group in groups:
        state, summary = grouping.close_if_due(_state(group), now=now)
        if summary is not None:
            await _queue_summary(session, group=group, summary=summary, settings=settings, now=now)
        _store(group, state)
        session.add(group)
    return len(groups)
