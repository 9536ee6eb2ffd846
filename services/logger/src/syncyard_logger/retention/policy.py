"""Retention arithmetic (pure): cut-offs, partitions to create, partitions to drop."""

from datetime import UTC, date, datetime, timedelta

MIN_DAYS = 1
MAX_DAYS = 3650


def cutoff(now: datetime, retention_days: int) -> datetime:
    """Entries that occurred before this instant are expired."""
    return now.astimezone(UTC) - timedelta(days=retention_days)


def days_to_create(now: datetime, *, ahead: int) -> list[date]:
    """Today and the next ``ahead`` days (UTC), so writes never wait for DDL."""
    today = now.astimezone(UTC).date()
    return [today + timedelta(days=offset) for offset in range(ahead + 1)]


def longest_retention(retention_days: list[int], *, default_days: int) -> int:
    """The longest retention any tenant may have; tenants without a setting have the default."""
    return max([default_days, *retention_days])


def partitions_to_drop(days: list[date], *, now: datetime, longest_days: int) -> list[date]:
    """Days whose whole partition is older than the longest retention: drop them entire."""
    oldest_kept = cutoff(now, longest_days)
    return [day for day in days if _end_of(day) <= oldest_kept]


def _end_of(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
