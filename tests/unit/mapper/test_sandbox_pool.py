"""The sandbox pool: a task past its deadline or its memory is stopped, the worker replaced."""

import asyncio
import time

import pytest

from syncyard_mapper.sandbox.pool import PoolSettings, SandboxLimit, SandboxPool


@pytest.fixture
async def pool() -> SandboxPool:
    started = SandboxPool(PoolSettings(workers=1, memory_mb=512))
    await started.start()
    yield started  # type: ignore[misc]
    await started.close()


class TestSandboxPool:
    async def test_a_result_and_an_exception_come_back(self, pool: SandboxPool) -> None:
        assert await pool.run(sorted, [3, 1, 2], deadline_s=30) == [1, 2, 3]
        with pytest.raises(ValueError, match="invalid literal"):
            await pool.run(int, "x", deadline_s=30)

    async def test_a_task_past_its_deadline_is_killed_and_its_worker_replaced(
        self, pool: SandboxPool
    ) -> None:
        started = time.monotonic()
        with pytest.raises(SandboxLimit, match=r"time limit 0.5 s"):
            await pool.run(time.sleep, 60, deadline_s=0.5)
        assert time.monotonic() - started < 5
        assert await pool.run(sorted, [2, 1], deadline_s=60) == [1, 2]  # the fresh worker
        assert pool.restarts == 1

    async def test_a_task_over_the_memory_limit_names_it(self, pool: SandboxPool) -> None:
        with pytest.raises(SandboxLimit, match=r"more than 512 MB \(sandbox_memory_mb\)"):
            await pool.run(bytearray, 2 * 1024**3, deadline_s=30)
        assert await pool.run(sorted, [2, 1], deadline_s=60) == [1, 2]

    async def test_a_busy_worker_goes_to_the_tenants_waiting_in_turn(
        self, pool: SandboxPool
    ) -> None:
        done: list[str] = []

        async def evaluate(tenant: str, name: str, seconds: float) -> None:
            await pool.run(time.sleep, seconds, deadline_s=30, for_tenant=tenant)
            done.append(name)

        tasks = [asyncio.create_task(evaluate("a", "a0", 0.3))]
        await asyncio.sleep(0.05)  # a0 holds the one worker
        for tenant, name in (("a", "a1"), ("a", "a2"), ("a", "a3"), ("b", "b1")):
            tasks.append(asyncio.create_task(evaluate(tenant, name, 0.01)))
            await asyncio.sleep(0)  # each waits in the order it came
        await asyncio.gather(*tasks)
        # b's one record came last, but goes right after the a record whose turn came first.
        assert done == ["a0", "a1", "b1", "a2", "a3"]
