"""Pure alert grouping: the failure that opens an alert goes out at once, the rest as summaries.

A group is (tenant, integration, error code). Its state is a window: the failure that opens
an alert opens it and is sent immediately; failures that arrive while it is open are counted
(a few kept as samples) and sent as ONE summary when the window closes. A failure after the
window closed first closes the old window (its summary is due) and then opens a new one; while
the alert it belongs to is still live, that failure is the first one the new window collects
(the alert went out already: sending it "at once" again would be a second alert of the same
kind). No I/O and no clock of its own: ``now`` is always passed in.
"""

import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

MAX_SAMPLES = 5


@dataclass(frozen=True)
class GroupKey:
    tenant_id: uuid.UUID
    integration_id: uuid.UUID
    code: str


@dataclass(frozen=True)
class Failure:
    """One failed run, as much of it as an alert needs."""

    run_id: uuid.UUID
    flow: str
    reason: str
    entity_ref: str | None = None


@dataclass(frozen=True)
class GroupState:
    """The open window of a group, or no window (``closes_at is None``)."""

    closes_at: datetime | None = None
    suppressed_count: int = 0
    samples: tuple[Failure, ...] = ()

    def is_open(self, now: datetime) -> bool:
        return self.closes_at is not None and now < self.closes_at


@dataclass(frozen=True)
class Summary:
    """The failures collected during one window, sent as one alert."""

    count: int
    samples: tuple[Failure, ...]


@dataclass(frozen=True)
class Decision:
    """What to do about one failure: the new state, and which alerts are due now."""

    state: GroupState
    send_now: bool
    summary: Summary | None


CLOSED = GroupState()


def close_if_due(state: GroupState, *, now: datetime) -> tuple[GroupState, Summary | None]:
    """Close a window whose time is up; returns the summary when it collected anything."""
    if state.closes_at is None or now < state.closes_at:
        return state, None
    if state.suppressed_count == 0:
        return CLOSED, None
    return CLOSED, Summary(count=state.suppressed_count, samples=state.samples)


def record_failure(
    state: GroupState, failure: Failure, *, now: datetime, window: timedelta, opens_alert: bool
) -> Decision:
    """Add one failure to its group.

    ``opens_alert``: the failure starts a new alert (none of its group is live); it is sent at
    once and starts a fresh window. Otherwise it is counted, in a new window if none is open.
    """
    state, summary = close_if_due(state, now=now)
    if opens_alert:
        return Decision(state=GroupState(closes_at=now + window), send_now=True, summary=summary)
    if not state.is_open(now):
        state = GroupState(closes_at=now + window)
    samples = state.samples
    if len(samples) < MAX_SAMPLES:
        samples = (*samples, failure)
    collected = replace(state, suppressed_count=state.suppressed_count + 1, samples=samples)
    return Decision(state=collected, send_now=False, summary=summary)
