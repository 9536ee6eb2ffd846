"""BigCommerce's per-store request quota: a fixed window (30 s) with a number of requests."""

import time
from dataclasses import dataclass


@dataclass(frozen=True)
class QuotaVerdict:
    """Outcome of one request and the four `X-Rate-Limit-*` headers that go with it."""

    allowed: bool
    quota: int
    left: int
    window_ms: int
    reset_ms: int

    @property
    def headers(self) -> dict[str, str]:
        """The headers BigCommerce sends on every answer, 429 included."""
        return {
            "X-Rate-Limit-Time-Window-Ms": str(self.window_ms),
            "X-Rate-Limit-Time-Reset-Ms": str(self.reset_ms),
            "X-Rate-Limit-Requests-Quota": str(self.quota),
            "X-Rate-Limit-Requests-Left": str(self.left),
        }


class WindowQuota:
    """Counts requests in the current window; the window starts with its first request."""

    def __init__(self) -> None:
        self.started: float | None = None
        self.used = 0

    def take(self, *, quota: int, window_ms: int, now: float | None = None) -> QuotaVerdict:
        """Count one request, or refuse it when the window's quota is spent."""
        now = time.monotonic() if now is None else now
        if self.started is None or (now - self.started) * 1000 >= window_ms:
            self.started, self.used = now, 0
        reset_ms = max(1, int(window_ms - (now - self.started) * 1000))
        if self.used >= quota:
            return QuotaVerdict(False, quota, 0, window_ms, reset_ms)
        self.used += 1
        return QuotaVerdict(True, quota, quota - self.used, window_ms, reset_ms)

    def peek(self, *, quota: int, window_ms: int, now: float | None = None) -> QuotaVerdict:
        """The headers as they stand, without counting a request (for injected 429s)."""
        now = time.monotonic() if now is None else now
        if self.started is None or (now - self.started) * 1000 >= window_ms:
            return QuotaVerdict(True, quota, quota, window_ms, window_ms)
        reset_ms = max(1, int(window_ms - (now - self.started) * 1000))
        return QuotaVerdict(True, quota, max(0, quota - self.used), window_ms, reset_ms)

    def reset(self) -> None:
        """Start afresh."""
        self.started, self.used = None, 0
