"""Replay windows of webhooks: a delivery older than its vendor's window is refused (401).

Dedupe forgets an event key after seven days (webhooks/purge.py); a captured delivery replayed
later would be new again. Each window is longer than the vendor's own retry horizon (so no
genuine retry is refused) and shorter than the dedupe window (so everything accepted is still
deduplicated):

| vendor | time read | vendor retries for | window |
|---|---|---|---|
| Shopify | `X-Shopify-Triggered-At` header | 4 h (48 h before 2024-09) | 3 days |
| BigCommerce | body `created_at` (signed; `webhook-timestamp`: 5 min) | about 2 days | 5 days |
| Ecwid | body `eventCreated` (signed) | 24 h | 3 days |
| Mailchimp | body `fired_at` | 75 min | 3 days |

MijnWebwinkel sends no webhooks (its changes are polled). Only age is refused, not a time in
the future: the simulators' clocks may run ahead in time-compressed drills, and a shop's clock
may be off.
"""

from datetime import UTC, datetime, timedelta

from syncyard_gateway.connectors.errors import WebhookSignatureInvalid

DEDUPE_WINDOW = timedelta(days=7)
SHOPIFY_WINDOW = timedelta(days=3)
BIGCOMMERCE_WINDOW = timedelta(days=5)
ECWID_WINDOW = timedelta(days=3)
MAILCHIMP_WINDOW = timedelta(days=3)


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
