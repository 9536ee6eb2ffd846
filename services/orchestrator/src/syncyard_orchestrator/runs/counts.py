"""Runs per hour or day, flow and state, for a dashboard: the range checked, then one query."""

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.web.errors import Unprocessable
from syncyard_orchestrator.runs import repository, schemas

Bucket = Literal["hour", "day"]
STEP = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
DEFAULT_SPAN = {"hour": timedelta(hours=24), "day": timedelta(days=30)}
# At most this many buckets per answer: a month of hours, a year and a day of days.
MAX_BUCKETS = {"hour": 31 * 24, "day": 366}


def time_range(
    bucket: Bucket, start: datetime | None, end: datetime | None, *, now: datetime
) -> tuple[datetime, datetime]:
    """[start, end) in UTC; defaults: the last 24 hours (hour) or 30 days (day)."""
    end = end or now
    start = start or end - DEFAULT_SPAN[bucket]
    if start >= end:
        raise Unprocessable("invalid_time_range", "from must be before to.", field="from")
    if (end - start) / STEP[bucket] > MAX_BUCKETS[bucket]:
        raise Unprocessable(
            "time_range_too_long",
            f"At most {MAX_BUCKETS[bucket]} buckets of one {bucket} per request.",
            field="from",
        )
    return start.astimezone(UTC), end.astimezone(UTC)


async def count(
    session: AsyncSession,
    *,
    tenant_id: uuid.UUID,
    bucket: Bucket,
    start: datetime,
    end: datetime,
    integration_id: uuid.UUID | None,
    flow: str | None,
) -> schemas.RunCounts:
    rows = await repository.count_by_bucket(
        session,
        tenant_id=tenant_id,
        bucket=bucket,
        start=start,
        end=end,
        integration_id=integration_id,
        flow=flow,
    )
    items = [
        schemas.CountOut(
            bucket_start=bucket_start.replace(tzinfo=UTC), flow=flow, state=state, count=runs
        )
        for bucket_start, flow, state, runs in rows
    ]
    totals: Counter[str] = Counter()
    for item in items:
        totals[item.state] += item.count
    return schemas.RunCounts(bucket=bucket, start=start, end=end, items=items, totals=totals)
