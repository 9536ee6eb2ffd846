"""Events that open and resolve alerts by themselves: connection outages and failures, and
failed runs that succeed on retry. Each runs inside the caller's (inbox) transaction."""

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import Envelope, connections
from syncyard_notifier import compose
from syncyard_notifier.alerts.queue import queue_for_channels
from syncyard_notifier.incidents import repository, service
from syncyard_notifier.incidents.tables import Incident, IncidentKind, IncidentState

RESOLVED_EVENT = "alert.resolved"


# What an event says: (connection id, the alert's wording, error code).
_Read = tuple[uuid.UUID, compose.AlertContent, str | None]


def _outage_started(envelope: Envelope) -> _Read:
    started = connections.ConnectionOutageStartedV1.model_validate(envelope.payload)
    return started.connection_id, compose.connection_outage_started(started), started.code


def _connection_failed(envelope: Envelope) -> _Read:
    failed = connections.ConnectionFailedV1.model_validate(envelope.payload)
    return failed.connection_id, compose.connection_failed(failed), failed.code


def _outage_ended(envelope: Envelope) -> tuple[uuid.UUID, compose.AlertContent]:
    ended = connections.ConnectionOutageEndedV1.model_validate(envelope.payload)
    return ended.connection_id, compose.connection_outage_ended(ended)


def _recovered(envelope: Envelope) -> tuple[uuid.UUID, compose.AlertContent]:
    recovered = connections.ConnectionRecoveredV1.model_validate(envelope.payload)
    return recovered.connection_id, compose.connection_recovered(recovered)


_OPENERS: dict[str, tuple[IncidentKind, Callable[[Envelope], _Read]]] = {
    "connection.outage.started.v1": (IncidentKind.CONNECTION_OUTAGE, _outage_started),
    "connection.failed.v1": (IncidentKind.CONNECTION_FAILED, _connection_failed),
}
_RESOLVERS: dict[
    str, tuple[IncidentKind, Callable[[Envelope], tuple[uuid.UUID, compose.AlertContent]], bool]
] = {
    # (kind, reader, notify even when no alert is live: the pre-state "recovered" message)
    "connection.outage.ended.v1": (IncidentKind.CONNECTION_OUTAGE, _outage_ended, False),
    "connection.recovered.v1": (IncidentKind.CONNECTION_FAILED, _recovered, True),
}
CONNECTION_EVENTS = frozenset(_OPENERS) | frozenset(_RESOLVERS)


async def on_connection_event(session: AsyncSession, *, envelope: Envelope, now: datetime) -> None:
    """Open one alert per outage or failure of a connection; its end resolves it."""
    if envelope.type in _OPENERS:
        kind, read = _OPENERS[envelope.type]
        connection_id, content, code = read(envelope)
        incident, is_new = await service.open_or_touch(
            session,
            subject=service.Subject(
                tenant_id=envelope.tenant_id,
                kind=kind,
                key=service.connection_key(kind, connection_id),
                title=content.title.removeprefix("Syncyard: "),
                connection_id=connection_id,
                code=code,
            ),
            now=now,
        )
        if is_new:  # one alert per outage, however often the gateway repeats itself
            await _queue(session, envelope, incident, content, f"opened:{incident.id}", now)
        return
    kind, read_end, notify_anyway = _RESOLVERS[envelope.type]
    connection_id, content = read_end(envelope)
    key = service.connection_key(kind, connection_id)
    live = await repository.lock_live(session, tenant_id=envelope.tenant_id, key=key)
    if live is not None:
        service.resolve(session, live, now=now, resolution=content.title.removeprefix("Syncyard: "))
        await _queue(session, envelope, live, content, f"resolved:{live.id}", now)
    elif notify_anyway:
        await queue_for_channels(
            session,
            tenant_id=envelope.tenant_id,
            event=envelope.type,
            dedupe_key=f"event:{envelope.id}",
            content=content,
            now=now,
        )


async def on_run_succeeded(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    run_id: uuid.UUID,
    incident_ids: Sequence[uuid.UUID],
    now: datetime,
) -> list[Incident]:
    """Forget a run that succeeded in these alerts (their grouping windows locked already);
    alerts left without failing runs resolve (and say so)."""
    resolved: list[Incident] = []
    await repository.remove_run(
        session, tenant_id=tenant_id, run_id=run_id, incident_ids=incident_ids
    )
    for incident_id in sorted(incident_ids):
        incident = await repository.lock(session, tenant_id=tenant_id, incident_id=incident_id)
        if incident is None or incident.state == IncidentState.RESOLVED:
            continue
        if await repository.has_runs(session, incident_id=incident.id):
            continue
        service.resolve(
            session, incident, now=now, resolution="every failed run succeeded on retry"
        )
        content = compose.run_failures_resolved(incident)
        await queue_for_channels(
            session,
            tenant_id=tenant_id,
            event=RESOLVED_EVENT,
            dedupe_key=f"resolved:{incident.id}",
            content=content,
            now=now,
            incident=incident,
        )
        resolved.append(incident)
    return resolved


async def _queue(
    session: AsyncSession,
    envelope: Envelope,
    incident: Incident,
    content: compose.AlertContent,
    dedupe_key: str,
    now: datetime,
) -> None:
    await queue_for_channels(
        session,
        tenant_id=envelope.tenant_id,
        event=envelope.type,
        dedupe_key=dedupe_key,
        content=content,
        now=now,
        incident=incident,
    )
