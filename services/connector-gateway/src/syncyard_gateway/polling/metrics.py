"""Prometheus numbers of polling (R35): polls, records announced, errors and lag."""

from prometheus_client import Counter, Gauge

POLLS = Counter("syncyard_polls_total", "Change-feed polls finished, by outcome", ["outcome"])
ANNOUNCED = Counter(
    "syncyard_poll_records_announced_total", "Changed records found by polling", ["entity"]
)
ERRORS = Counter("syncyard_poll_errors_total", "Failed polls, by error code", ["code"])
RATE_LIMIT_WAITS = Counter(
    "syncyard_poll_rate_limit_waits_total", "Times a poll waited for the remote's rate limit"
)
LAG = Gauge(
    "syncyard_poll_lag_seconds",
    "How late this replica started its latest poll after the connection was due",
)
