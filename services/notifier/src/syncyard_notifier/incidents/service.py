"""Use cases of incidents, inside the caller's transaction: open, touch, resolve, acknowledge."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_notifier.incidents import repository
from syncyard_notifier.incidents.errors import AlertAlreadyResolved, AlertNotFound
from syncyard_notifier.incidents.tables import Incident, IncidentKind, IncidentState


@dataclass(frozen=True)
class Subject:
    """What an incident is about; ``key`` makes one live incident per subject."""

    tenant_id: uuid.UUID
    kind: IncidentKind
    key: str
    title: str
    integration_id: uuid.UUID | None = None
    flow: str | None = None
    connection_id: uuid.UUID | None = None
    code: str | None = None


def run_failures_key(integration_id: uuid.UUID, code: str) -> str:
    return f"run_failures:{integration_id}:{code}"


def connection_key(kind: IncidentKind, connection_id: uuid.UUID) -> str:
    return f"{kind.value}:{connection_id}"


async def open_or_touch(
    session: AsyncSession, *, subject: Subject, now: datetime
) -> tuple[Incident, bool]:
    """The live incident of the subject, locked, one more occurrence counted; or a new one.

    Returns it and whether it was opened just now (only then is it alerted at once).
    """
    is_new = await repository.add_if_none_live(
        session,
        values={
            "id": uuid.uuid4(),
            "tenant_id": subject.tenant_id,
            "kind": subject.kind.value,
            "key": subject.key,
            "state": IncidentState.OPEN.value,
            "title": subject.title,
            "integration_id": subject.integration_id,
            "flow": subject.flow,
            "connection_id": subject.connection_id,
            "code": subject.code,
            "occurrences": 1,
            "is_muted": False,
            "opened_at": now,
            "last_seen_at": now,
        },
    )
    incident = await repository.lock_live(session, tenant_id=subject.tenant_id, key=subject.key)
    assert incident is not None  # inserted above, or live already; locked now
    if not is_new:
        incident.occurrences += 1
        incident.last_seen_at = now
        session.add(incident)
    return incident, is_new


def resolve(session: AsyncSession, incident: Incident, *, now: datetime, resolution: str) -> None:
    incident.state = IncidentState.RESOLVED
    incident.resolved_at = now
    incident.resolution = resolution
    session.add(incident)


async def acknowledge(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    incident_id: uuid.UUID,
    by: str,
    now: datetime,
) -> Incident:
    """Someone is on it: recorded who and when; acknowledging twice keeps the first."""
    incident = await repository.lock(session, tenant_id=tenant_id, incident_id=incident_id)
    if incident is None:
        raise AlertNotFound(incident_id)
    if incident.state == IncidentState.RESOLVED:
        raise AlertAlreadyResolved(incident_id)
    if incident.state == IncidentState.OPEN:
        incident.state = IncidentState.ACKNOWLEDGED
        incident.acknowledged_at = now
        incident.acknowledged_by = by
        session.add(incident)
        await session.flush()
    return incident
