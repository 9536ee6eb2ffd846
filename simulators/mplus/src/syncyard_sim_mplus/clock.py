"""Wall-clock values in the shapes Mplus uses (SoapMplusDateTime, SoapMplusDate)."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")  # the Mplus backend's zone


def now() -> datetime:
    """Current time in the backend zone."""
    return datetime.now(tz=AMSTERDAM)


def mplus_datetime(moment: datetime | None = None) -> dict[str, Any]:
    """A SoapMplusDateTime; `timezone` is the UTC offset in minutes."""
    moment = moment or now()
    offset = moment.utcoffset()
    dst = moment.dst()
    return {
        "sec": moment.second,
        "min": moment.minute,
        "hour": moment.hour,
        "day": moment.day,
        "mon": moment.month,
        "year": moment.year,
        "isdst": bool(dst and dst.total_seconds()),
        "timezone": int(offset.total_seconds() // 60) if offset else 0,
    }


def mplus_date(moment: datetime | None = None) -> dict[str, Any]:
    """A SoapMplusDate."""
    moment = moment or now()
    return {"day": moment.day, "mon": moment.month, "year": moment.year}
