"""Token-bucket rate limit per partner and store context (numbers are not published)."""

import math
import time
from dataclasses import dataclass, field

LIMIT_HEADER = "X-RateLimit-Limit"
REMAINING_HEADER = "X-RateLimit-Remaining"


@dataclass(frozen=True)
class Verdict:
    """One call's outcome: allowed or not, what is left, and how long to wait if refused."""

    allowed: bool
    limit: int
    remaining: int
    retry_after_s: int

    def headers(self) -> dict[str, str]:
        """Rate-limit headers for the answer (Retry-After only on a refusal)."""
        headers = {LIMIT_HEADER: str(self.limit), REMAINING_HEADER: str(self.remaining)}
        if not self.allowed:
            headers["Retry-After"] = str(self.retry_after_s)
        return headers


@dataclass
class TokenBucket:
    """Buckets keyed by (partner_token, token); rate and size are read on every call."""

    levels: dict[tuple[str, str], tuple[float, float]] = field(default_factory=dict)

    def take(
        self, key: tuple[str, str], *, per_second: float, burst: int, now: float | None = None
    ) -> Verdict:
        """Spend one token of `key`'s bucket, or refuse when it is empty."""
        now = time.monotonic() if now is None else now
        tokens, last = self.levels.get(key, (float(burst), now))
        tokens = min(float(burst), tokens + (now - last) * per_second)
        if tokens < 1:
            self.levels[key] = (tokens, now)
            wait = math.ceil((1 - tokens) / per_second)
            return Verdict(False, burst, 0, max(wait, 1))
        tokens -= 1
        self.levels[key] = (tokens, now)
        return Verdict(True, burst, math.floor(tokens), 0)

    def reset(self) -> None:
        """Refill every bucket."""
        self.levels.clear()
