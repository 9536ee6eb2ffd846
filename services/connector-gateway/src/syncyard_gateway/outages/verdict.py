"""Pure rules of a remote outage: when failures become an outage, and who may call meanwhile."""

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Policy:
    """How long calls must fail before it is an outage, and how often one call tests it."""

    outage_after_seconds: float = 45.0
    probe_seconds: float = 5.0

    @property
    def outage_after(self) -> timedelta:
        return timedelta(seconds=self.outage_after_seconds)

    @property
    def probe_interval(self) -> timedelta:
        return timedelta(seconds=self.probe_seconds)


@dataclass(frozen=True)
class Streak:
    """What the table says about a connection whose calls fail."""

    first_failure_at: datetime
    last_failure_at: datetime
    failures: int
    started_at: datetime | None


# Two failures in a row are a failing remote; one is a blip that ordinary retries absorb.
FAILURES_TO_HOLD_BACK = 2


def is_failing(streak: Streak | None) -> bool:
    """Commands are held back (one probe at a time) once a streak is more than a blip."""
    return streak is not None and (
        streak.started_at is not None or streak.failures >= FAILURES_TO_HOLD_BACK
    )


def is_stale(streak: Streak, *, now: datetime, policy: Policy) -> bool:
    """A streak nobody added to for a whole outage period says nothing about the remote now."""
    return streak.started_at is None and now - streak.last_failure_at >= policy.outage_after


def is_outage_due(streak: Streak, *, now: datetime, policy: Policy) -> bool:
    """Failing for the whole outage period and not announced yet."""
    return streak.started_at is None and now - streak.first_failure_at >= policy.outage_after


def wait_seconds(policy: Policy) -> float:
    """How long a held-back command waits before it comes back (short: resume fast)."""
    return policy.probe_seconds
