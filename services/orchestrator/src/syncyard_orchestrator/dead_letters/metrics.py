"""Dead letters waiting for an operator, by work queue: what SyncyardDeadLettersUnhandled reads.

Every worker replica reports the same numbers (they are read from the table): alert on ``max``.
"""

from prometheus_client import Gauge

PARKED = Gauge(
    "syncyard_dead_letters_parked",
    "Dead letters waiting for a replay or a discard, by the work queue they were parked from.",
    ["queue"],
)
OLDEST_PARKED = Gauge(
    "syncyard_dead_letters_oldest_parked_seconds",
    "Age of the oldest dead letter waiting for a replay or a discard (0 when none).",
    ["queue"],
)
