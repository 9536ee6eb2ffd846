"""BigCommerce plans as the simulator can be configured: the store's request quota.

Standard and Plus: 150 requests per 30 s window (20k/h); Pro: 450 per 30 s (60k/h)
(external-apis.md 3.4). Enterprise quotas are set per store: give `rate_quota` instead."""

from typing import Literal

PlanName = Literal["standard", "plus", "pro"]
CUSTOM = "custom"
WINDOW_MS = 30_000
QUOTAS: dict[str, int] = {"standard": 150, "plus": 150, "pro": 450}


def plan_of(quota: int, window_ms: int) -> str:
    """The plan with this quota and window (Standard before Plus: they are the same), or
    "custom"."""
    if window_ms != WINDOW_MS:
        return CUSTOM
    return next((name for name, q in QUOTAS.items() if q == quota), CUSTOM)
