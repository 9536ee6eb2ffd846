"""Pure decisions of polling: when a connection is next due, and how a change is keyed."""

from datetime import datetime, timedelta

from syncyard_gateway.connectors import base


def interval_of(override_seconds: int | None, *, default_seconds: float) -> float:
    """The connection's own interval when it has one, else the service default."""
    return float(override_seconds) if override_seconds else default_seconds


def backoff_seconds(
    failed_polls: int, *, interval_seconds: float, cap_seconds: float, jitter: float
) -> float:
    """Capped exponential backoff after ``failed_polls`` failures in a row.

    ``jitter`` in [0, 1) spreads replicas' retries over the upper half of the delay, so a
    remote coming back is not hit by every connection at the same second."""
    if failed_polls <= 0:
        return interval_seconds
    exponent = min(failed_polls, 32)  # 2**32 intervals is past any cap; avoids huge floats
    delay = min(cap_seconds, interval_seconds * 2.0**exponent)
    return delay * (0.5 + jitter / 2)


def next_poll_at(
    now: datetime,
    *,
    interval_seconds: float,
    failed_polls: int,
    cap_seconds: float,
    jitter: float,
) -> datetime:
    """When the connection is due again: one interval after a good poll, later after errors."""
    delay = backoff_seconds(
        failed_polls, interval_seconds=interval_seconds, cap_seconds=cap_seconds, jitter=jitter
    )
    return now + timedelta(seconds=delay)


def source_event_key(entity: base.Entity, source_id: str, page_cursor: str | None) -> str:
    """Unique per record version: the same record changed again lands on a later cursor."""
    return f"poll:{entity.value}:{source_id}:{page_cursor or ''}"


def polls(capabilities: base.Capabilities) -> bool:
    """Whether a connector's changes are found by polling (for some entities at least)."""
    return bool(polled_entities(capabilities))


def polled_entities(capabilities: base.Capabilities) -> list[base.Entity]:
    """The feeds polling reads: everything a polling connector reads, else what has no
    webhooks (a webhook connector may lack them for some entities)."""
    if capabilities.change_intake is base.ChangeIntake.POLLING:
        return sorted(capabilities.reads)
    return sorted(capabilities.polled_reads & capabilities.reads)


def read_feeds(polled: list[base.Entity], read: frozenset[str]) -> list[base.Entity]:
    """The polled feeds some active flow reads: the others would publish changes nobody uses."""
    return [entity for entity in polled if entity.value in read]
