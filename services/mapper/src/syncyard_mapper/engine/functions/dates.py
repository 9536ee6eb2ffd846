"""Dates and time zones: ISO 8601 in, a picture (strftime) or another zone out."""

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from syncyard_mapper.engine.functions.errors import FunctionError
from syncyard_mapper.engine.functions.presence import is_missing


def _zone(name: Any) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise FunctionError(f"unknown time zone {name!r}") from None


def _moment(value: Any, assume_zone: Any = None) -> datetime:
    """Parse ISO 8601; a time without offset is in ``assume_zone`` (UTC when not given)."""
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise FunctionError(f"{value!r} is not an ISO 8601 date or time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_zone(assume_zone) if assume_zone else UTC)
    return moment


def to_time_zone(value: Any = None, zone: Any = None) -> str | None:
    """('2026-11-23T09:00:00Z', 'Europe/Amsterdam') → '2026-11-23T10:00:00+01:00'."""
    if is_missing(value):
        return None
    return _moment(value).astimezone(_zone(zone or "UTC")).isoformat()


def to_utc(value: Any = None, assume_zone: Any = None) -> str | None:
    """('2026-11-23 10:00', 'Europe/Amsterdam') → '2026-11-23T09:00:00Z'."""
    if is_missing(value):
        return None
    moment = _moment(value, assume_zone).astimezone(UTC)
    return moment.isoformat().replace("+00:00", "Z")


def format_date(value: Any = None, picture: Any = "%Y-%m-%d", zone: Any = None) -> str | None:
    """('2026-11-23T23:30:00Z', '%d-%m-%Y', 'Europe/Amsterdam') → '24-11-2026'."""
    if is_missing(value):
        return None
    moment = _moment(value)
    if zone:
        moment = moment.astimezone(_zone(zone))
    return moment.strftime(str(picture))


def parse_date(value: Any = None, picture: Any = None, zone: Any = None) -> str | None:
    """('24-11-2026 10:00', '%d-%m-%Y %H:%M', 'Europe/Amsterdam') → ISO 8601 with offset."""
    if is_missing(value):
        return None
    try:
        moment = datetime.strptime(str(value), str(picture))  # noqa: DTZ007 - zone set below
    except ValueError:
        raise FunctionError(f"{value!r} does not match the picture {picture!r}") from None
    return moment.replace(tzinfo=_zone(zone or "UTC")).isoformat()
