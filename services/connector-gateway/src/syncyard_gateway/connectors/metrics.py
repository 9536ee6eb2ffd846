"""Prometheus numbers of the calls to remote systems: how many, and how each answered."""

from prometheus_client import Counter

CALLS = Counter(
    "syncyard_remote_calls_total",
    "Calls to remote systems, by system and answer (2xx, 3xx, 4xx, 429, 5xx, error)",
    ["system", "answer"],
)


def answer_of(status: int) -> str:
    """429 on its own (a rate limit), otherwise the status class."""
    return "429" if status == 429 else f"{status // 100}xx"
