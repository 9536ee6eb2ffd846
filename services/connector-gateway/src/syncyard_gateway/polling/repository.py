"""All SQL of polling except the lease: schedules, due connections and cursors."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from syncyard_gateway.connections.tables import ConnectionStatus
from syncyard_gateway.polling.tables import poll_cursor, poll_schedule
from syncyard_gateway.schema import SCHEMA

Db = AsyncConnection | AsyncSession


@dataclass(frozen=True)
class Schedule:
    is_enabled: bool
    interval_seconds: int | None
    next_poll_at: datetime | None
    failed_polls: int


@dataclass(frozen=True)
class CursorRow:
    entity: str
    cursor: str | None
    started_at: datetime | None
    updated_at: datetime | None
    last_polled_at: datetime | None
    last_error: str | None
    consecutive_errors: int

    @property
    def is_started(self) -> bool:
        """False until the feed's starting position ("now") has been stored."""
        return self.started_at is not None


DEFAULT_SCHEDULE = Schedule(
    is_enabled=True, interval_seconds=None, next_poll_at=None, failed_polls=0
)

# A connection never polled before is first due one interval after it was created; its feed
# starts from that moment (an initial sync is a separate, explicit job).
_DUE = text(
    f"""
    SELECT c.id
    FROM {SCHEMA}.connection c
    LEFT JOIN {SCHEMA}.poll_schedule s ON s.connection_id = c.id
    LEFT JOIN {SCHEMA}.poll_lease l ON l.connection_id = c.id
    WHERE c.connector = ANY(:connectors)
      AND c.status = :active
      AND coalesce(s.is_enabled, true)
      AND coalesce(
            s.next_poll_at,
            c.created_at + make_interval(secs => coalesce(s.interval_seconds, :interval))
          ) <= :now
      AND (l.connection_id IS NULL OR l.expires_at < clock_timestamp())
    ORDER BY coalesce(s.next_poll_at, c.created_at)
    LIMIT :limit
    """
)


async def due_connections(
    db: Db, *, connectors: list[str], default_interval: float, now: datetime, limit: int
) -> list[uuid.UUID]:
    """Active, enabled polling connections whose time has come and whose lease is free."""
    if not connectors:
        return []
    params = {
        "connectors": connectors,
        "active": ConnectionStatus.ACTIVE.value,
        "interval": default_interval,
        "now": now,
        "limit": limit,
    }
    return [row[0] for row in await db.execute(_DUE, params)]


async def get_schedule(db: Db, *, connection_id: uuid.UUID) -> Schedule:
    row = (
        await db.execute(
            select(poll_schedule).where(poll_schedule.c.connection_id == connection_id)
        )
    ).first()
    if row is None:
        return DEFAULT_SCHEDULE
    values = row._mapping
    return Schedule(
        is_enabled=values["is_enabled"],
        interval_seconds=values["interval_seconds"],
        next_poll_at=values["next_poll_at"],
        failed_polls=values["failed_polls"],
    )


async def set_settings(
    db: Db,
    *,
    connection_id: uuid.UUID,
    is_enabled: bool,
    interval_seconds: int | None,
    poll_by: datetime,
) -> None:
    """Store the tenant's choice; a shorter interval brings the next poll forward to ``poll_by``."""
    statement = insert(poll_schedule).values(
        connection_id=connection_id,
        is_enabled=is_enabled,
        interval_seconds=interval_seconds,
        next_poll_at=poll_by,
        failed_polls=0,
    )
    await db.execute(
        statement.on_conflict_do_update(
            index_elements=[poll_schedule.c.connection_id],
            set_={
                "is_enabled": is_enabled,
                "interval_seconds": interval_seconds,
                "next_poll_at": func.least(
                    func.coalesce(poll_schedule.c.next_poll_at, poll_by), poll_by
                ),
            },
        )
    )


async def set_next_poll(
    db: Db, *, connection_id: uuid.UUID, next_poll_at: datetime, failed_polls: int
) -> None:
    statement = insert(poll_schedule).values(
        connection_id=connection_id,
        is_enabled=True,
        next_poll_at=next_poll_at,
        failed_polls=failed_polls,
    )
    await db.execute(
        statement.on_conflict_do_update(
            index_elements=[poll_schedule.c.connection_id],
            set_={"next_poll_at": next_poll_at, "failed_polls": failed_polls},
        )
    )


async def cursors(db: Db, *, connection_id: uuid.UUID) -> dict[str, CursorRow]:
    rows = await db.execute(
        select(poll_cursor)
        .where(poll_cursor.c.connection_id == connection_id)
        .order_by(poll_cursor.c.entity)
    )
    found = {}
    for row in rows:
        values = row._mapping
        found[values["entity"]] = CursorRow(
            entity=values["entity"],
            cursor=values["cursor"],
            started_at=values["started_at"],
            updated_at=values["updated_at"],
            last_polled_at=values["last_polled_at"],
            last_error=values["last_error"],
            consecutive_errors=values["consecutive_errors"],
        )
    return found


async def start_cursor(
    db: Db, *, connection_id: uuid.UUID, entity: str, cursor: str | None, now: datetime
) -> None:
    """Store where the feed stands now: polling announces only what changes after it."""
    values = {
        "cursor": cursor,
        "started_at": now,
        "updated_at": now,
        "last_polled_at": now,
        "last_error": None,
        "consecutive_errors": 0,
    }
    statement = insert(poll_cursor).values(connection_id=connection_id, entity=entity, **values)
    await db.execute(
        statement.on_conflict_do_update(
            index_elements=[poll_cursor.c.connection_id, poll_cursor.c.entity], set_=values
        )
    )


async def advance_cursor(
    db: Db,
    *,
    connection_id: uuid.UUID,
    entity: str,
    expected: str | None,
    cursor: str | None,
    now: datetime,
) -> bool:
    """Compare-and-set the cursor; False when it is no longer at ``expected``."""
    result = await db.execute(
        update(poll_cursor)
        .where(
            poll_cursor.c.connection_id == connection_id,
            poll_cursor.c.entity == entity,
            poll_cursor.c.cursor.is_not_distinct_from(expected),
        )
        .values(
            cursor=cursor,
            updated_at=now,
            last_polled_at=now,
            last_error=None,
            consecutive_errors=0,
        )
        .returning(poll_cursor.c.entity)
    )
    return result.first() is not None


async def record_error(db: Db, *, connection_id: uuid.UUID, entity: str, error: str) -> None:
    """Keep the remote's reason beside the cursor (shown by GET …/polling)."""
    statement = insert(poll_cursor).values(
        connection_id=connection_id, entity=entity, last_error=error, consecutive_errors=1
    )
    await db.execute(
        statement.on_conflict_do_update(
            index_elements=[poll_cursor.c.connection_id, poll_cursor.c.entity],
            set_={
                "last_error": error,
                "consecutive_errors": poll_cursor.c.consecutive_errors + 1,
            },
        )
    )
