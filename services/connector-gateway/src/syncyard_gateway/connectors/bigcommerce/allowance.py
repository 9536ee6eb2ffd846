"""What BigCommerce's answers say about the store's request quota (pure).

Every answer, a 429 too, carries `X-Rate-Limit-Requests-Quota` (per window),
`-Requests-Left`, `-Time-Window-Ms` and `-Time-Reset-Ms`. The quota is the store's, shared by
every app and connection (Standard/Plus 150 per 30 s, Pro 450). It is paced as a bucket that
never hands out more than the quota in a window: a tenth of it at once, the rest spread evenly
over the window (150 per 30 s: 15 + 4.5/s). What is left now is what the window has left less
what that refill adds before the window resets, so the count reaches the vendor's own at the
reset; a spent quota (left 0) thus waits exactly until the reset."""

import httpx

from syncyard_gateway.connectors.pacing import Allowance, RatePolicy

QUOTA = "X-Rate-Limit-Requests-Quota"
LEFT = "X-Rate-Limit-Requests-Left"
WINDOW_MS = "X-Rate-Limit-Time-Window-Ms"
RESET_MS = "X-Rate-Limit-Time-Reset-Ms"
BURST_SHARE = 0.1
# Until the store's first answer: Standard/Plus, 150 per 30 s; customer writes allow at most
# 3 requests in flight.
POLICY = RatePolicy(per_second=4.5, burst=15, max_concurrent=3)


def quota_allowance(response: httpx.Response) -> Allowance | None:
    """The store's budget as one answer states it; None without the four headers (a 429
    without them is platform overload, not the quota: the error's own back-off applies)."""
    headers = response.headers
    try:
        quota, left = int(headers[QUOTA]), int(headers[LEFT])
        window, reset = int(headers[WINDOW_MS]) / 1000, int(headers[RESET_MS]) / 1000
    except (KeyError, ValueError):
        return None
    if quota <= 0 or window <= 0:
        return None
    burst = max(1.0, quota * BURST_SHARE)
    per_second = (quota - burst) / window
    return Allowance(
        capacity=burst,
        per_second=per_second,
        available=left - per_second * max(0.0, reset),
    )
