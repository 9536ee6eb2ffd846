"""Every record of a connection, page by page, for reconciliation: orders of a period, all
products, all stock levels. Read live through the connector's own page reads; nothing stored.

A connector may read a period natively (``base.PeriodReader``); any other reads its feed from
the beginning and keeps the orders created in the period (products and stock are compared as
they are now, so they have no period)."""

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web import errors as web_errors
from syncyard_gateway.connections import credentials, errors, health, live
from syncyard_gateway.connections.remote_calls import RemoteFailed
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connections.samples import EntityNotRead, entity_of
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors import errors as connector_errors

PERIOD_ENTITIES = frozenset({base.Entity.ORDERS})
RECONCILED = frozenset({base.Entity.ORDERS, base.Entity.PRODUCTS, base.Entity.STOCK})


class RecordsPage(BaseModel):
    entity: str
    records: list[dict[str, Any]]
    cursor: str | None = Field(description="Pass back to read the next page.")
    has_more: bool
    scanned: int = Field(description="Records the remote returned for this page (kept or not).")


class BadCursor(web_errors.Unprocessable):
    """A cursor the connector did not hand out: the caller's mistake, not the remote's."""

    def __init__(self, reason: str) -> None:
        super().__init__("bad_cursor", f"cursor: {reason}", field="cursor")


class RemoteBusy(web_errors.ServiceError):
    """The remote's request budget is spent for now: ask again after ``retry_after`` s."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(
            "rate_limited",
            f"The remote's request budget is spent; read again in {retry_after:.1f} s.",
            status_code=429,
            extra={"retry_after": retry_after},
        )


def in_period(record: base.Record, start: datetime | None, end: datetime | None) -> bool:
    """An order created in [start, end); an order without a date is always kept."""
    created = getattr(record, "created_at", None)
    if created is None:
        return True
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return (start is None or created >= start) and (end is None or created < end)


async def _page(
    connector: base.Connector,
    entity: base.Entity,
    start: datetime | None,
    end: datetime | None,
    cursor: str | None,
    limit: int,
) -> RecordsPage:
    if entity in PERIOD_ENTITIES and isinstance(connector, base.PeriodReader):
        page = await connector.read_period(entity, start, end, cursor, limit=limit)
        kept = page.records
    elif isinstance(connector, base.ChangeReader):
        page = await connector.read_changes(entity, cursor, limit=limit)
        kept = [
            r for r in page.records if entity not in PERIOD_ENTITIES or in_period(r, start, end)
        ]
    else:
        raise EntityNotRead(f"{type(connector).__name__} cannot list records.")
    return RecordsPage(
        entity=entity.value,
        records=[r.model_dump(mode="json") for r in kept],
        cursor=page.cursor,
        has_more=page.has_more and page.cursor != cursor,  # no progress: stop, never spin
        scanned=len(page.records),
    )


async def read(
    *,
    session: AsyncSession,
    factory: live.ConnectorFactory,
    record: ConnectionRecord,
    entity_name: str,
    start: datetime | None,
    end: datetime | None,
    cursor: str | None,
    limit: int,
) -> RecordsPage:
    entity = entity_of(record, entity_name, among=RECONCILED)
    try:
        async with factory.use(record) as connector:
            return await _page(connector, entity, start, end, cursor, limit)
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    except credentials.CredentialsUndecryptable:
        raise errors.CredentialsUnreadable() from None
    except connector_errors.ConnectorTransientError as exc:
        if exc.code == "rate_limited":
            raise RemoteBusy(exc.retry_after or 1.0) from None
        raise RemoteFailed(exc.code, exc.reason) from None
    except connector_errors.ConnectorAuthError as exc:
        async with session.begin():
            await health.record_failure(
                session, record=record, code=exc.code, reason=exc.reason, now=datetime.now(UTC)
            )
        raise RemoteFailed(exc.code, exc.reason) from None
    except connector_errors.UnsupportedOperation as exc:
        raise EntityNotRead(exc.reason) from None
    except connector_errors.ConnectorError as exc:
        if exc.code == "bad_cursor":
            raise BadCursor(exc.reason) from None
        raise RemoteFailed(exc.code, exc.reason) from None
