"""Daily partitions of ``logger.entry``: names and bounds (pure) and their DDL."""

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from syncyard_logger.schema import SCHEMA

PARENT = "entry"
_NAME = re.compile(r"^entry_p(\d{8})$")


def name_for(day: date) -> str:
    return f"{PARENT}_p{day:%Y%m%d}"


def day_of(name: str) -> date | None:
    """The day a partition holds, from its name; None for tables that are not daily partitions."""
    match = _NAME.match(name)
    return (
        None if match is None else datetime.strptime(match[1], "%Y%m%d").replace(tzinfo=UTC).date()
    )


def bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a day in UTC."""
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


def days_between(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


async def existing_days(conn: AsyncConnection) -> list[date]:
    """The days that have a partition, oldest first."""
    rows = await conn.execute(
        text(
            "SELECT child.relname FROM pg_inherits "
            "JOIN pg_class parent ON parent.oid = pg_inherits.inhparent "
            "JOIN pg_class child ON child.oid = pg_inherits.inhrelid "
            "JOIN pg_namespace ns ON ns.oid = parent.relnamespace "
            "WHERE ns.nspname = :schema AND parent.relname = :parent"
        ),
        {"schema": SCHEMA, "parent": PARENT},
    )
    return sorted(day for (name,) in rows if (day := day_of(name)) is not None)


async def ensure(conn: AsyncConnection, days: Iterable[date]) -> list[date]:
    """Create the missing partitions (in the caller's transaction); returns the days created."""
    wanted = sorted(set(days))
    if not wanted:
        return []
    present = set(await existing_days(conn))
    missing = [day for day in wanted if day not in present]
    if not missing:
        return []
    # Replicas (and the retention job) may create the same day at once: serialise the DDL.
    await conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('logger.entry.partitions'))"))
    created: list[date] = []
    for day in missing:
        # The DDL runs as the schema's owner (the service's role owns no table): a function
        # of the migrations, named and bounded as name_for() and bounds() say; false: it exists.
        made = await conn.execute(
            text(f'SELECT "{SCHEMA}".create_entry_partition(:day)'), {"day": day}
        )
        if made.scalar():
            created.append(day)
    return created


async def drop(conn: AsyncConnection, day: date) -> None:
    """Drop one day's partition: frees its storage at once (R31)."""
    await conn.execute(text(f'SELECT "{SCHEMA}".drop_entry_partition(:day)'), {"day": day})
