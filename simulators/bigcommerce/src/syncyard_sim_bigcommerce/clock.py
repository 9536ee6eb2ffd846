"""The simulated clock and the two date formats BigCommerce prints (v3 ISO 8601, v2 RFC 2822)."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime


class Clock:
    """Wall-clock time plus an offset tests can advance; whole seconds, like BigCommerce."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        """Current simulated time (UTC, no microseconds)."""
        return (datetime.now(UTC) + self.offset).replace(microsecond=0)

    def advance(self, seconds: float) -> None:
        """Move the clock forward."""
        self.offset += timedelta(seconds=seconds)


def v3_date(moment: datetime) -> str:
    """`2025-01-15T10:30:00+00:00`."""
    return moment.astimezone(UTC).isoformat()


def v2_date(moment: datetime) -> str:
    """`Wed, 15 Jan 2025 10:30:00 +0000`."""
    return format_datetime(moment.astimezone(UTC))


def parse_moment(value: str) -> datetime | None:
    """ISO 8601, RFC 2822 or Unix seconds, as BigCommerce's date filters accept; None if none."""
    text = value.strip().replace(" ", "+") if "T" in value else value.strip()
    if text.isdigit():
        return datetime.fromtimestamp(int(text), UTC)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment
