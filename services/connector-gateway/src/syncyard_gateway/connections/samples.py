"""Sample records of a connection: the first page of its change feed (mapper preview, dry run)."""

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web import errors as web_errors
from syncyard_gateway.connections import credentials, errors, health, live
from syncyard_gateway.connections.remote_calls import NotForThisConnection, RemoteFailed
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, by_name
from syncyard_gateway.connectors import errors as connector_errors


class SamplesRead(BaseModel):
    entity: str
    records: list[dict[str, Any]]


class UnknownEntity(web_errors.Unprocessable):
    """A name outside the operation's list of entities (its path parameter's enum)."""

    def __init__(self, reason: str) -> None:
        super().__init__("unknown_entity", reason, field="entity")


class EntityNotRead(NotForThisConnection):
    """An entity of the list that this connection's connector does not read."""

    def __init__(self, reason: str) -> None:
        super().__init__("entity_not_read", reason, field="entity")


def entity_of(
    record: ConnectionRecord, name: str, *, among: Collection[base.Entity] = tuple(base.Entity)
) -> base.Entity:
    """The entity named, if it is one of ``among`` (422) and the connector reads it (409)."""
    entity = next((e for e in among if e.value == name), None)
    if entity is None:
        known = ", ".join(sorted(e.value for e in among))
        raise UnknownEntity(f"There is no entity {name!r} here; use one of: {known}.")
    reads = by_name.get(record.connector).capabilities.reads
    if entity not in reads:
        can = ", ".join(sorted(e.value for e in reads)) or "nothing"
        raise EntityNotRead(
            f"{record.connector} connections do not read {entity.value} (they read: {can})."
        )
    return entity


async def read(
    *,
    session: AsyncSession,
    factory: live.ConnectorFactory,
    record: ConnectionRecord,
    entity_name: str,
    limit: int,
) -> SamplesRead:
    """The first ``limit`` records of the feed, from its beginning; nothing is stored."""
    entity = entity_of(record, entity_name)
    try:
        async with factory.use(record) as connector:
            if not isinstance(connector, base.ChangeReader):
                raise EntityNotRead(f"{record.connector} connections cannot list records yet.")
            page = await connector.read_changes(entity, None, limit=limit)
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    except credentials.CredentialsUndecryptable:
        raise errors.CredentialsUnreadable() from None
    except connector_errors.ConnectorAuthError as exc:
        async with session.begin():  # same as any other call: failing, one alert
            await health.record_failure(
                session, record=record, code=exc.code, reason=exc.reason, now=datetime.now(UTC)
            )
        raise RemoteFailed(exc.code, exc.reason) from None
    except connector_errors.UnsupportedOperation as exc:
        raise EntityNotRead(exc.reason) from None
    except connector_errors.ConnectorError as exc:
        raise RemoteFailed(exc.code, exc.reason) from None
    return SamplesRead(
        entity=entity.value,
        records=[sample.model_dump(mode="json") for sample in page.records[:limit]],
    )
