"""Rate limits per access token, as Shopify applies them per app and shop: the REST leaky
bucket (calls) and the GraphQL cost bucket (calculated query cost points)."""

import math
import time
from dataclasses import dataclass, field


@dataclass
class BucketVerdict:
    """Outcome of one call: allowed or not, the fill for the header, and the wait if refused."""

    allowed: bool
    used: int
    size: int
    retry_after_s: float

    @property
    def call_limit_header(self) -> str:
        """Value of `X-Shopify-Shop-Api-Call-Limit`, e.g. `32/40`."""
        return f"{self.used}/{self.size}"


@dataclass
class LeakyBucket:
    """Buckets keyed by access token; size and leak rate are read on every call (runtime knobs)."""

    levels: dict[str, tuple[float, float]] = field(default_factory=dict)

    def take(
        self, token: str, *, size: int, leak_rate: float, now: float | None = None
    ) -> BucketVerdict:
        """Count one call against `token`'s bucket, or refuse it when the bucket is full."""
        now = time.monotonic() if now is None else now
        level, last = self.levels.get(token, (0.0, now))
        # A bucket never holds more than its size (a smaller plan keeps a full bucket).
        level = min(float(size), max(0.0, level - (now - last) * leak_rate))
        if level + 1 > size:
            self.levels[token] = (level, now)
            # Time until one call's worth has leaked out; never below one leak interval / 10.
            wait = max((level + 1 - size) / leak_rate, 0.1)
            return BucketVerdict(False, math.ceil(level), size, math.ceil(wait * 10) / 10)
        level += 1
        self.levels[token] = (level, now)
        return BucketVerdict(True, math.ceil(level), size, 0.0)

    def reset(self) -> None:
        """Empty every bucket."""
        self.levels.clear()


def throttled_message(leak_rate: float) -> str:
    """Shopify's 429 text, with the configured rate ("Exceeded 2 calls per second …")."""
    rate = int(leak_rate) if float(leak_rate).is_integer() else leak_rate
    return (
        f"Exceeded {rate} calls per second for api client. "
        "Reduce request rates to resume uninterrupted service."
    )


@dataclass
class CostBucket:
    """GraphQL's calculated-cost bucket per access token: points restore at a steady rate.

    A query takes its requested cost up front and gets back what it did not use."""

    levels: dict[str, tuple[float, float]] = field(default_factory=dict)

    def available(
        self, token: str, *, size: int, restore_rate: float, now: float | None = None
    ) -> float:
        """Points available now (a fresh token starts full)."""
        now = time.monotonic() if now is None else now
        level, last = self.levels.get(token, (float(size), now))
        level = min(float(size), level + (now - last) * restore_rate)
        self.levels[token] = (level, now)
        return level

    def take(
        self, token: str, cost: int, *, size: int, restore_rate: float, now: float | None = None
    ) -> bool:
        """Take ``cost`` points, or refuse (taking nothing) when fewer are available."""
        level = self.available(token, size=size, restore_rate=restore_rate, now=now)
        if cost > level:
            return False
        self.levels[token] = (level - cost, self.levels[token][1])
        return True

    def refund(self, token: str, points: int) -> None:
        """Give back the part of the requested cost a query did not use."""
        level, last = self.levels[token]
        self.levels[token] = (level + points, last)

    def reset(self) -> None:
        """Fill every bucket."""
        self.levels.clear()
