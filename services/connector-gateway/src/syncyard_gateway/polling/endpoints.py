"""REST routes of polling: ``GET``/``PUT /v1/connections/{id}/polling`` (tenant-scoped)."""

import uuid
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter

from syncyard_common.auth.dependencies import PrincipalDep, WriterDep
from syncyard_gateway.connections import errors
from syncyard_gateway.connections import repository as connections
from syncyard_gateway.connections.remote_calls import NOT_FOR_THIS_CONNECTION, NotForThisConnection
from syncyard_gateway.connectors import by_name
from syncyard_gateway.deps import SessionDep, SettingsDep
from syncyard_gateway.polling import readers, repository, schedule
from syncyard_gateway.polling.schemas import FeedRead, PollingRead, PollingUpdate

router = APIRouter(prefix="/v1/connections", tags=["polling"])


async def _read(
    session: SessionDep, settings: SettingsDep, tenant_id: uuid.UUID, connection_id: uuid.UUID
) -> PollingRead:
    record = await connections.get(session, tenant_id=tenant_id, connection_id=connection_id)
    if record is None:  # also for another tenant's id: 404, never 403
        raise errors.ConnectionNotFound()
    capabilities = by_name.get(record.connector).capabilities
    plan = await repository.get_schedule(session, connection_id=connection_id)
    stored = await repository.cursors(session, connection_id=connection_id)
    is_polled = schedule.polls(capabilities)
    polled = schedule.polled_entities(capabilities)
    read = (
        {entity.value for entity in polled}
        if not settings.poll_only_read_entities
        else await readers.entities_read(session, connection_id=connection_id)
    )
    feeds = [
        _feed(entity.value, stored.get(entity.value)).model_copy(
            update={"is_read": entity.value in read}
        )
        for entity in polled
    ]
    return PollingRead(
        enabled=is_polled and plan.is_enabled,
        interval_seconds=schedule.interval_of(
            plan.interval_seconds, default_seconds=settings.poll_interval_seconds
        ),
        entities=feeds if is_polled else [],
    )


def _feed(entity: str, row: repository.CursorRow | None) -> FeedRead:
    if row is None:  # not polled yet: the feed starts at its first poll
        return FeedRead(
            entity=entity, cursor=None, updated_at=None, last_polled_at=None, last_error=None
        )
    return FeedRead(
        entity=entity,
        cursor=row.cursor,
        updated_at=row.updated_at,
        last_polled_at=row.last_polled_at,
        last_error=row.last_error,
    )


@router.get("/{connection_id}/polling")
async def get_polling(
    connection_id: uuid.UUID, principal: PrincipalDep, session: SessionDep, settings: SettingsDep
) -> PollingRead:
    async with session.begin():
        return await _read(session, settings, principal.tenant_id, connection_id)


@router.put("/{connection_id}/polling", responses={409: {"description": NOT_FOR_THIS_CONNECTION}})
async def put_polling(
    connection_id: uuid.UUID,
    polling_in: PollingUpdate,
    principal: WriterDep,
    session: SessionDep,
    settings: SettingsDep,
) -> PollingRead:
    async with session.begin():
        record = await connections.get(
            session, tenant_id=principal.tenant_id, connection_id=connection_id
        )
        if record is None:
            raise errors.ConnectionNotFound()
        if not schedule.polls(by_name.get(record.connector).capabilities):
            raise NotForThisConnection(
                "not_polled",
                f"{record.connector} connections take changes by webhooks; they are not polled.",
                field="enabled",
            )
        interval = schedule.interval_of(
            polling_in.interval_seconds, default_seconds=settings.poll_interval_seconds
        )
        await repository.set_settings(
            session,
            connection_id=connection_id,
            is_enabled=polling_in.enabled,
            interval_seconds=polling_in.interval_seconds,
            poll_by=datetime.now(UTC) + timedelta(seconds=interval),
        )
        return await _read(session, settings, principal.tenant_id, connection_id)
