"""The one background loop: its interval and jitter, work waiting, wake, failures, stop, lock."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from prometheus_client import REGISTRY

from syncyard_common.runtime.periodic import Outcome, PeriodicTask
from tests.fixtures.eventually import eventually


def _unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}"  # counters are process-wide: one label per test


def _runs(task: str, outcome: str) -> float:
    value = REGISTRY.get_sample_value(
        "syncyard_periodic_task_runs_total", {"task": task, "outcome": outcome}
    )
    return value or 0.0


class Passes:
    """A pass that notes when it ran, raises while ``failures`` last, then says ``again``."""

    def __init__(self, *, failures: int = 0, again: int = 0) -> None:
        self.times: list[float] = []
        self.failures = failures
        self.again = again
        self.ran = asyncio.Event()

    async def __call__(self) -> bool:
        self.times.append(time.monotonic())
        self.ran.set()
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("database away")
        if self.again > 0:
            self.again -= 1
            return True
        return False

    async def until(self, count: int, timeout: float = 5.0) -> None:
        await eventually(
            lambda: len(self.times) >= count,
            timeout=timeout,
            interval=0.005,
            what=f"{count} passes",
        )


@asynccontextmanager
async def running(task: PeriodicTask) -> AsyncIterator[PeriodicTask]:
    await task.start()
    try:
        yield task
    finally:
        await task.stop()


class FixedLock:
    def __init__(self, *, free: bool) -> None:
        self.free = free
        self.taken = 0

    @asynccontextmanager
    async def held(self) -> AsyncIterator[bool]:
        self.taken += self.free
        yield self.free


async def test_passes_are_an_interval_apart() -> None:
    passes = Passes()
    async with running(PeriodicTask(_unique("interval"), passes, interval_seconds=0.05)):
        await passes.until(4)
    gaps = [later - earlier for earlier, later in zip(passes.times, passes.times[1:], strict=False)]
    assert min(gaps) >= 0.05 - 0.01  # the event loop's clock may fire a tick early


def test_the_wait_is_spread_by_at_most_the_jitter_either_way() -> None:
    task = PeriodicTask("jitter", Passes(), interval_seconds=10.0, jitter=0.2, rand=lambda: 0.0)
    assert task.next_delay() == pytest.approx(8.0)
    task = PeriodicTask("jitter", Passes(), interval_seconds=10.0, jitter=0.2, rand=lambda: 0.5)
    assert task.next_delay() == pytest.approx(10.0)
    delays = [
        PeriodicTask("jitter", Passes(), interval_seconds=10.0, jitter=0.2).next_delay()
        for _ in range(500)
    ]
    assert all(8.0 <= delay <= 12.0 for delay in delays)
    assert min(delays) < 9.0
    assert max(delays) > 11.0


def test_no_jitter_waits_exactly_the_interval() -> None:
    task = PeriodicTask("exact", Passes(), interval_seconds=7.0, rand=lambda: 0.99)
    assert task.next_delay() == 7.0


@pytest.mark.parametrize(("interval", "jitter"), [(0.0, 0.0), (-1.0, 0.0), (1.0, 1.0), (1.0, -0.1)])
def test_a_nonsense_interval_or_jitter_is_refused(interval: float, jitter: float) -> None:
    with pytest.raises(ValueError, match="interval"):
        PeriodicTask("bad", Passes(), interval_seconds=interval, jitter=jitter)


async def test_a_failing_pass_is_counted_and_the_loop_goes_on() -> None:
    name = _unique("failing")
    passes = Passes(failures=2)
    async with running(PeriodicTask(name, passes, interval_seconds=0.01)) as task:
        await passes.until(4)
        assert task._task is not None
        assert not task._task.done()
    assert _runs(name, "failed") == 2
    assert _runs(name, "ok") >= 2
    last = REGISTRY.get_sample_value(
        "syncyard_periodic_task_last_success_timestamp_seconds", {"task": name}
    )
    assert last is not None
    assert abs(last - time.time()) < 60


async def test_work_waiting_runs_the_next_pass_at_once() -> None:
    passes = Passes(again=3)
    async with running(PeriodicTask(_unique("backlog"), passes, interval_seconds=3600)):
        await passes.until(4, timeout=2.0)  # four passes long before the hour is up


async def test_wake_cuts_the_wait_short() -> None:
    passes = Passes()
    async with running(PeriodicTask(_unique("wake"), passes, interval_seconds=3600)) as task:
        await passes.until(1)
        task.wake()
        await passes.until(2, timeout=2.0)


async def test_stop_is_prompt_while_waiting_and_during_a_pass() -> None:
    passes = Passes()
    waiting = PeriodicTask(_unique("waiting"), passes, interval_seconds=3600)
    await waiting.start()
    await passes.until(1)
    async with asyncio.timeout(1.0):
        await waiting.stop()

    started, cancelled = asyncio.Event(), asyncio.Event()

    async def endless() -> bool:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return False

    busy = PeriodicTask(_unique("busy"), endless, interval_seconds=3600)
    await busy.start()
    await started.wait()
    async with asyncio.timeout(1.0):
        await busy.stop()
    assert cancelled.is_set()
    await busy.stop()  # stopping twice is harmless


async def test_a_lock_held_elsewhere_skips_the_pass() -> None:
    name = _unique("locked")
    passes = Passes()
    task = PeriodicTask(name, passes, interval_seconds=3600, lock=FixedLock(free=False))
    assert await task.run_once() == (Outcome.SKIPPED, False)
    assert passes.times == []
    assert _runs(name, "skipped") == 1
    assert _runs(name, "ok") == 0


async def test_the_lock_s_holder_runs_the_pass() -> None:
    name = _unique("holder")
    lock, passes = FixedLock(free=True), Passes(again=1)
    task = PeriodicTask(name, passes, interval_seconds=3600, lock=lock)
    assert await task.run_once() == (Outcome.OK, True)
    assert (len(passes.times), lock.taken) == (1, 1)
    assert _runs(name, "ok") == 1
