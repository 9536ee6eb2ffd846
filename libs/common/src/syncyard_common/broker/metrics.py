"""Broker-side Prometheus metrics: the numbers the runbook's alerts and the fault tests use."""

from prometheus_client import Counter, Gauge, Histogram

MESSAGES = Counter(
    "syncyard_messages_total",
    "Messages a consumer finished with, by outcome (handled, retried, waited, dead_lettered).",
    ["queue", "outcome"],
)
OUTBOX_PUBLISHED = Counter(
    "syncyard_outbox_published_total", "Outbox rows published with a confirm.", ["schema"]
)
OUTBOX_FAILED = Counter(
    "syncyard_outbox_publish_failures_total", "Publishes that were nacked or failed.", ["schema"]
)
OUTBOX_OLDEST_PENDING = Gauge(
    "syncyard_outbox_oldest_pending_seconds",
    "Age of the oldest outbox row not yet published (0 when none).",
    ["schema"],
)
CONSUMER_LAG = Histogram(
    "syncyard_consumer_lag_seconds",
    "From a message's creation (its envelope time) to a consumer taking it up; first deliveries.",
    ["queue"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600),
)
