"""Queue one message of an alert for its channels: routed, and held back while muted.

A delivery row per channel that takes the alert (``channels/routing.py``), ``pending``, in the
caller's transaction. While the alert's integration is muted nothing is queued; the alert
itself (the incident) is still recorded and marked ``is_muted``.
"""

import uuid
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_notifier import compose
from syncyard_notifier.alerts import repository
from syncyard_notifier.alerts.tables import AlertStatus
from syncyard_notifier.channels import repository as channel_repository
from syncyard_notifier.channels import routing
from syncyard_notifier.mutes import repository as mute_repository


class Incident(Protocol):
    """What routing and muting need of an alert with a state (incidents/tables.py)."""

    id: uuid.UUID
    tenant_id: uuid.UUID
    integration_id: uuid.UUID | None
    flow: str | None
    is_muted: bool


async def is_muted(session: AsyncSession, *, incident: Incident, now: datetime) -> bool:
    if incident.integration_id is None:
        return False
    mute = await mute_repository.get_active(
        session, tenant_id=incident.tenant_id, integration_id=incident.integration_id, now=now
    )
    return mute is not None


async def queue_for_channels(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    event: str,
    dedupe_key: str,
    content: compose.AlertContent,
    now: datetime,
    incident: Incident | None = None,
) -> int:
    """One pending delivery per active channel that takes the alert; returns how many."""
    if incident is not None and await is_muted(session, incident=incident, now=now):
        incident.is_muted = True
        session.add(incident)
        return 0
    channels = await channel_repository.active_for_tenant(session, tenant_id=tenant_id)
    if incident is not None:
        channels = routing.select(
            channels, integration_id=incident.integration_id, flow=incident.flow
        )
    rows: list[dict[str, Any]] = [
        {
            "id": uuid.uuid4(),
            "tenant_id": tenant_id,
            "channel_id": channel.id,
            "incident_id": incident.id if incident is not None else None,
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
