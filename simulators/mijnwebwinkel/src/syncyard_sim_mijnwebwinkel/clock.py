"""The simulated clock: store-local wall time that tests can freeze, set and advance."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

DATE_TIME = "%Y-%m-%d %H:%M:%S"


@dataclass
class Clock:
    """Real time plus an offset; when frozen, time moves only when advanced or set."""

    time_zone: ZoneInfo
    offset: timedelta = timedelta(0)
    frozen_at: datetime | None = None

    def now(self) -> datetime:
        """Current simulated time in the store's zone, whole seconds (the API has no finer)."""
        moment = self.frozen_at if self.frozen_at is not None else datetime.now(UTC)
        return (moment + self.offset).astimezone(self.time_zone).replace(microsecond=0)

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.offset += timedelta(seconds=seconds)

    def freeze(self, frozen: bool) -> None:
        """Stop (or restart) time at the current simulated instant."""
        if frozen and self.frozen_at is None:
            self.frozen_at = datetime.now(UTC)
        elif not frozen and self.frozen_at is not None:
            self.offset -= datetime.now(UTC) - self.frozen_at
            self.frozen_at = None

    def set(self, local: str) -> None:
        """Jump to `yyyy-mm-dd hh:mm:ss` store-local time (time stays frozen if it was)."""
        target = datetime.strptime(local, DATE_TIME).replace(tzinfo=self.time_zone)
        base = self.frozen_at if self.frozen_at is not None else datetime.now(UTC)
        self.offset = target - base


def split(moment: datetime) -> tuple[str, str]:
    """The API's separate date and time strings: ("2025-03-04", "09:15:00")."""
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M:%S")


def parse_filter(value: str, time_zone: ZoneInfo) -> datetime | None:
    """A date filter, `yyyy-mm-dd hh:mm:ss` or (deprecated) `yyyy-mm-dd` = midnight; None if bad."""
    for layout in (DATE_TIME, "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), layout).replace(tzinfo=time_zone)
        except ValueError:
            continue
    return None
