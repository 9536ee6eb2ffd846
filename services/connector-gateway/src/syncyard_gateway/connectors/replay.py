"""Replay windows of webhooks: a delivery older than its vendor's window is refused (401).

Dedupe forgets an event key after seven days (webhooks/purge.py); a captured delivery replayed
later would be new again. Each connector's ``REPLAY_WINDOW`` (in its webhooks.py, read from the
time the vendor puts in the delivery) is longer than the vendor's own retry horizon, so no
genuine retry is refused, and shorter than ``DEDUPE_WINDOW``, so everything accepted is still
deduplicated; the gateway README lists them. Only age is refused, not a time in the future:
the simulators' clocks may run ahead in time-compressed drills, and a shop's clock may be off.
"""

from datetime import UTC, datetime, timedelta

from syncyard_gateway.connectors.errors import WebhookSignatureInvalid

DEDUPE_WINDOW = timedelta(days=7)


class WebhookTooOld(WebhookSignatureInvalid):
    """A delivery older than the vendor's replay window: a replay, or lost for days."""

    default_code = "webhook_too_old"


def check_age(sent_at: datetime, *, window: timedelta, now: datetime | None = None) -> None:
    """Raise WebhookTooOld when ``sent_at`` lies more than ``window`` in the past."""
    if sent_at.tzinfo is None:
        sent_at = sent_at.replace(tzinfo=UTC)
    age = (now or datetime.now(UTC)) - sent_at
    if age > window:
        hours = int(window.total_seconds() // 3600)
        raise WebhookTooOld(
            f"The webhook was sent at {sent_at.isoformat()}, more than {hours} hours ago; "
            "refused as a replay."
        )


def from_unix(value: int | float) -> datetime:
    """A Unix time as an aware datetime (an absurd value becomes the epoch: too old)."""
    try:
        return datetime.fromtimestamp(value, UTC)
    except (OverflowError, OSError, ValueError):
        return datetime.fromtimestamp(0, UTC)
