"""Prometheus numbers of the scheduled connection checks."""

from prometheus_client import Counter

CHECKS = Counter(
    "syncyard_connection_checks_total", "Scheduled connection checks, by finding", ["finding"]
)
