"""Prometheus numbers of the request budgets: how much of its budget each connector's calls
find in use when they take their units (the dashboard's budget panel, SyncyardRequestBudgetSpent).

Labelled by connector, not by account or connection: the accounts are unbounded, the
connectors are a handful. The per-account figures are GET /v1/request-budgets."""

from prometheus_client import Histogram

from syncyard_gateway.request_budget.usage import used_share

# 1 is a bucket spent; above it, calls wait for slots promised to the calls before them.
USED = Histogram(
    "syncyard_request_budget_used_ratio",
    "Share of the remote account's request budget in use when a call takes its units, by "
    "connector (above 1: calls wait for promised slots)",
    ["connector"],
    buckets=(0.25, 0.5, 0.75, 0.9, 1.0, 1.5, 2.0, 5.0),
)


def connector_of(budget_key: str) -> str:
    """The connector of a budget key ("<connector>:<account>", connections/live.py)."""
    return budget_key.split(":", 1)[0]


def observe(budget_key: str, *, tokens: float, capacity: float) -> None:
    USED.labels(connector=connector_of(budget_key)).observe(used_share(tokens, capacity))
