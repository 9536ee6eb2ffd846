"""Runs per hour or day, flow and state, for a dashboard: the range checked, then one query."""

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.runs import repository, schemas

Bucket = Literal["hour", "day"]
STEP = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
DEFAULT_SPAN = {"hour": timedelta(hours=24), "day": timedelta(days=30)}
# At most this many buckets per answer: a month of hours, a year and a day of days.
MAX_BUCKETS = {"hour": 31 * 24, "day": 366}


def time_range(
    bucket: Bucket, start: datetime | None, end: datetime | None, *, now: datetime
) -> tuple[datetime, datetime]:
    """[start, end) in UTC; defaults: the last 24 hours (hour) or 30 days (day). A start at or
    after the end is an empty range; a longer range than ``MAX_BUCKETS`` is counted over its
    last buckets (the answer's ``start`` says where counting began)."""
    end = _utc(end or now)
    start = min(_utc(start) if start else _earlier(end, DEFAULT_SPAN[bucket]), end)
    return max(start, _earlier(end, MAX_BUCKETS[bucket] * STEP[bucket])), end


def _utc(moment: datetime) -> datetime:
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # the first hours of year 1 in a zone east of UTC
        return datetime.min.replace(tzinfo=UTC)


def _earlier(moment: datetime, span: timedelta) -> datetime:
    try:
        return moment - span
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC)


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
