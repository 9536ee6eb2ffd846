"""Prometheus counters of the webhook intake (R35: the numbers fault tests assert on)."""

from prometheus_client import Counter

REJECTED = Counter("syncyard_webhook_rejected_total", "Webhooks refused, by reason", ["reason"])
DUPLICATES = Counter("syncyard_webhook_duplicates_total", "Webhooks already taken in before")
ACCEPTED = Counter("syncyard_webhook_accepted_total", "Webhooks taken in, by outcome", ["outcome"])
