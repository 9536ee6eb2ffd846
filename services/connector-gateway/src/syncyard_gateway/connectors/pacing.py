"""How fast a connector may call its vendor: the policy it declares and the pacer it uses.

A connector wraps every HTTP call in ``async with self.pacer.request():``. The gateway hands in
a pacer whose budget is shared by all replicas for that connection (R18); tests and one-off
scripts get UNPACED or an in-process LocalPacer."""

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class RatePolicy:
    """The vendor's allowance for one connection.

    ``per_second`` is the steady rate (None: unlimited), ``burst`` how many calls may go at
    once after a quiet spell (a leaky bucket's size), ``max_concurrent`` how many may be in
    flight together (None: unlimited)."""

    per_second: float | None = None
    burst: int = 1
    max_concurrent: int | None = None


class Pacer(Protocol):
    def request(self) -> AbstractAsyncContextManager[None]:
        """Wait for the budget to allow one call; hold a concurrency slot while inside."""
        ...


class Unpaced:
    """No limit at all: for vendors without one and for direct calls in tests."""

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        yield


UNPACED = Unpaced()


class LocalPacer:
    """A token bucket plus a semaphore, in this process only (one replica, tests, bench)."""

    def __init__(self, policy: RatePolicy) -> None:
        self.policy = policy
        self._tokens = float(policy.burst)
        self._updated = time.monotonic()
        self._lock = asyncio.Lock()
        self._slots = asyncio.Semaphore(policy.max_concurrent) if policy.max_concurrent else None

    async def _take_token(self) -> None:
        rate = self.policy.per_second
        if rate is None:
            return
        async with self._lock:
            now = time.monotonic()
            self._tokens = min(
                float(self.policy.burst), self._tokens + (now - self._updated) * rate
            )
            self._updated = now
            self._tokens -= 1
            wait = -self._tokens / rate if self._tokens < 0 else 0.0
        if wait:
            await asyncio.sleep(wait)

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        await self._take_token()
        if self._slots is None:
            yield
            return
        async with self._slots:
            yield
