"""The one background loop every service uses: a pass every interval, until stopped.

A pass returns True when more work is waiting: the next one starts at once, so a backlog
drains without waiting for the timer. ``wake()`` cuts the wait short (new work was committed).
A pass that raises is logged and counted and the loop waits its interval as after any pass:
the database or broker may be away, and the next pass tries again. The wait is spread by
``jitter`` (a fraction of the interval, either way) so replicas started together drift apart.
With an advisory lock, only the replica holding it runs a pass; the others skip their turn.
"""

import asyncio
import contextlib
import random
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from enum import StrEnum
from typing import Protocol

from prometheus_client import Counter, Gauge

from syncyard_common.telemetry import get_logger

_log = get_logger(__name__)

RUNS = Counter(
    "syncyard_periodic_task_runs_total",
    "Passes of a background loop, by task and outcome (ok, failed, skipped: lock held elsewhere)",
    ["task", "outcome"],
)
LAST_SUCCESS = Gauge(
    "syncyard_periodic_task_last_success_timestamp_seconds",
    "Unix time at which a background loop's last pass succeeded",
    ["task"],
)

Pass = Callable[[], Awaitable[bool | None]]  # True: more is waiting, run again at once


class Lock(Protocol):
    """Who may run a pass: ``advisory_lock.AdvisoryLock`` across replicas."""

    def held(self) -> AbstractAsyncContextManager[bool]: ...


class Outcome(StrEnum):
    OK = "ok"
    FAILED = "failed"
    SKIPPED = "skipped"


class PeriodicTask:
    """Runs ``run`` every ``interval_seconds`` (± ``jitter`` of it) in a task of its own."""

    def __init__(
        self,
        name: str,
        run: Pass,
        *,
        interval_seconds: float,
        jitter: float = 0.0,
        lock: Lock | None = None,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if interval_seconds <= 0 or not 0.0 <= jitter < 1.0:
            raise ValueError(f"{name}: interval must be > 0 and jitter in [0, 1)")
        self.name = name
        self._run = run
        self._interval = interval_seconds
        self._jitter = jitter
        self._lock = lock
        self._rand = rand
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Run the next pass now instead of at the end of the wait."""
        self._woken.set()

    def next_delay(self) -> float:
        """Seconds to wait after a pass: the interval spread by up to ``jitter`` either way."""
        spread = self._jitter * (2.0 * self._rand() - 1.0)
        return self._interval * (1.0 + spread)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=self.name)

    async def stop(self) -> None:
        """Cancel the loop, a pass in progress included, and wait until it has ended."""
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def run_once(self) -> tuple[Outcome, bool]:
        """One pass (under the lock, if any), counted: its outcome and whether more waits."""
        try:
            if self._lock is None:
                again = await self._run()
            else:
                async with self._lock.held() as held:
                    if not held:
                        RUNS.labels(self.name, Outcome.SKIPPED).inc()
                        return Outcome.SKIPPED, False
                    again = await self._run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the next pass tries again; the database may be away
            _log.warning("background pass failed", task=self.name, error=repr(exc))
            RUNS.labels(self.name, Outcome.FAILED).inc()
            return Outcome.FAILED, False
        RUNS.labels(self.name, Outcome.OK).inc()
        LAST_SUCCESS.labels(self.name).set(time.time())
        return Outcome.OK, bool(again)

    async def _loop(self) -> None:
        while True:
            self._woken.clear()  # a wake during the pass runs the next one at once
            _, again = await self.run_once()
            if again:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), timeout=self.next_delay())
