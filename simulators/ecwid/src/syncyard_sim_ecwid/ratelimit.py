"""Ecwid's per-store allowance as a token bucket: N requests per minute plus a burst."""

import math
from dataclasses import dataclass, field


@dataclass
class Verdict:
    """One request's outcome: allowed, or refused with the seconds to wait."""

    allowed: bool
    remaining: int
    retry_after_s: int


@dataclass
class TokenBucket:
    """Buckets keyed by store id; the rate and burst are read on every call (runtime knobs)."""

    levels: dict[int, tuple[float, float]] = field(default_factory=dict)

    def take(self, key: int, *, per_minute: int, burst: int, now: float) -> Verdict:
        """Spend one token of `key`'s bucket (full at first), or refuse when it is empty."""
        rate = per_minute / 60.0
        tokens, last = self.levels.get(key, (float(burst), now))
        tokens = min(float(burst), tokens + (now - last) * rate)
        if tokens < 1.0:
            self.levels[key] = (tokens, now)
            return Verdict(False, 0, max(1, math.ceil((1.0 - tokens) / rate)))
        tokens -= 1.0
        self.levels[key] = (tokens, now)
        return Verdict(True, math.floor(tokens), 0)

    def reset(self) -> None:
        """Fill every bucket again."""
        self.levels.clear()
