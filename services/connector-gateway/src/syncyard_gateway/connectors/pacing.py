"""How fast a connector may call its vendor: the starting guess, what the vendor says, the pacer.

A connector wraps every HTTP call in ``async with self.pacer.request() as call:`` and tells the
pacer what the answer said about the account's budget (``call.learn(Allowance(...))``). The
gateway hands in a pacer whose budget belongs to the remote account (shop, store, API user) and
is shared by every connection and replica that uses it (R18); tests and one-off scripts get
UNPACED or an in-process LocalPacer."""

import asyncio
import hashlib
import time
import urllib.parse
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RatePolicy:
    """The starting guess of an account's allowance, used until the vendor's answers say more.

    ``per_second`` is the steady rate (None: unlimited), ``burst`` how many calls may go at
    once after a quiet spell (a leaky bucket's size), ``max_concurrent`` how many may be in
    flight together (None: unlimited)."""

    per_second: float | None = None
    burst: int = 1
    max_concurrent: int | None = None


@dataclass(frozen=True)
class Allowance:
    """What one answer said about the account's budget, in the budget's units (None: not said).

    ``capacity`` and ``per_second`` are the bucket's size and refill rate (the plan);
    ``available`` is what is left now; ``empty_for`` is how many seconds the vendor refuses
    everything (a 429's Retry-After or window reset); ``refund`` is what a call was charged up
    front and did not use (a query's requested minus its actual cost)."""

    capacity: float | None = None
    per_second: float | None = None
    available: float | None = None
    empty_for: float | None = None
    refund: float = 0.0


@dataclass
class Call:
    """Inside ``pacer.request()``: where the connector leaves what the answer said."""

    allowance: Allowance | None = None

    def learn(self, allowance: Allowance | None) -> None:
        if allowance is not None:
            self.allowance = allowance


class Pacer(Protocol):
    def request(self, *, cost: float = 1.0) -> AbstractAsyncContextManager[Call]:
        """Wait for the budget to allow one call costing ``cost`` units (or raise a
        rate-limited ConnectorTransientError when the wait is long); hold a concurrency slot
        while inside."""
        ...

    def bucket(self, name: str, policy: RatePolicy) -> "Pacer":
        """The pacer of another budget of the same account (a vendor may meter one API in
        calls and another in query points), starting from ``policy``."""
        ...


class Unpaced:
    """No limit at all: for vendors without one and for direct calls in tests."""

    @asynccontextmanager
    async def request(self, *, cost: float = 1.0) -> AsyncIterator[Call]:  # noqa: ARG002
        yield Call()

    def bucket(self, name: str, policy: RatePolicy) -> Pacer:  # noqa: ARG002
        return self


UNPACED = Unpaced()


@dataclass
class Bucket:
    """A token bucket as the vendor last described it: the balance may go below zero
    (calls promised a later slot). ``settle`` is the pure rule every pacer applies."""

    tokens: float
    capacity: float
    per_second: float

    def refill(self, seconds: float) -> None:
        self.tokens = min(self.capacity, self.tokens + max(0.0, seconds) * self.per_second)

    def settle(self, allowance: Allowance) -> None:
        """Take in what the vendor said: a bigger plan adds its extra room, a smaller one cuts
        the bucket to its size, the vendor's own count only ever lowers ours (calls promised
        a slot are not in its count), a refusal empties the bucket for as long as it said,
        unused charges come back."""
        capacity = allowance.capacity if allowance.capacity is not None else self.capacity
        per_second = allowance.per_second if allowance.per_second is not None else self.per_second
        tokens = self.tokens + max(0.0, capacity - self.capacity) + allowance.refund
        limits = [capacity, tokens]
        if allowance.available is not None:
            limits.append(allowance.available)
        if allowance.empty_for is not None:
            limits.append(-allowance.empty_for * per_second)
        self.tokens, self.capacity, self.per_second = min(limits), capacity, per_second


class LocalPacer:
    """A token bucket plus a semaphore, in this process only (one replica, tests, bench).

    It learns from answers like the shared pacer, but sleeps for its turn: only for callers
    that hold no queue slot other work needs."""

    def __init__(self, policy: RatePolicy) -> None:
        self.policy = policy
        self._bucket = (
            Bucket(float(policy.burst), float(policy.burst), policy.per_second)
            if policy.per_second is not None
            else None
        )
        self._updated = time.monotonic()
        self._lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(policy.max_concurrent) if policy.max_concurrent else None
        self._others: dict[str, LocalPacer] = {}

    def bucket(self, name: str, policy: RatePolicy) -> Pacer:
        if name not in self._others:
            self._others[name] = LocalPacer(policy)
        return self._others[name]

    def _refill(self, bucket: Bucket) -> None:
        now = time.monotonic()
        bucket.refill(now - self._updated)
        self._updated = now

    async def _take(self, cost: float) -> None:
        bucket = self._bucket
        if bucket is None:
            return
        async with self._lock:
            self._refill(bucket)
            bucket.tokens -= cost
            wait = -bucket.tokens / bucket.per_second if bucket.tokens < 0 else 0.0
        if wait:
            await asyncio.sleep(wait)

    def _learn(self, call: Call) -> None:
        if self._bucket is not None and call.allowance is not None:
            self._refill(self._bucket)
            self._bucket.settle(call.allowance)

    @asynccontextmanager
    async def request(self, *, cost: float = 1.0) -> AsyncIterator[Call]:
        await self._take(cost)
        call = Call()
        try:
            if self._slots is None:
                yield call
            else:
                async with self._slots:
                    yield call
        finally:
            self._learn(call)


def account_at(account: str, base_url: str | None) -> str:
    """An account's budget key; with a base-URL override (simulators, tests) the host is part
    of it, since the same shop name on two servers is two accounts."""
    if not base_url:
        return account
    return f"{account}@{urllib.parse.urlsplit(base_url).netloc}"


def fingerprint(secret: str) -> str:
    """A stable, non-reversible name for an account known only by its secret (an API key)."""
    return hashlib.sha256(secret.encode()).hexdigest()[:16]
