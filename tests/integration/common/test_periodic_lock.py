"""The periodic task's advisory lock against a real PostgreSQL: one holder at a time, freed
after the pass (and when the holder's pass fails), so the next turn can be anyone's."""

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.db import engine as db_engine
from syncyard_common.runtime.advisory_lock import AdvisoryLock
from syncyard_common.runtime.periodic import Outcome, PeriodicTask

pytestmark = pytest.mark.integration


@pytest.fixture
async def engine(postgres_url: str) -> AsyncIterator[AsyncEngine]:
    engine = db_engine.create_engine(postgres_url)
    yield engine
    await engine.dispose()


async def test_one_replica_runs_the_pass_the_other_skips_its_turn(engine: AsyncEngine) -> None:
    key = f"test.periodic.{uuid.uuid4().hex}"
    inside, release = asyncio.Event(), asyncio.Event()

    async def long_pass() -> None:
        inside.set()
        await release.wait()

    async def short_pass() -> None:
        raise AssertionError("ran while the other replica held the lock")

    holder = PeriodicTask("holder", long_pass, interval_seconds=60, lock=AdvisoryLock(engine, key))
    other = PeriodicTask("other", short_pass, interval_seconds=60, lock=AdvisoryLock(engine, key))
    first = asyncio.create_task(holder.run_once())
    await inside.wait()
    assert await other.run_once() == (Outcome.SKIPPED, False)
    release.set()
    assert await first == (Outcome.OK, False)

    async with AdvisoryLock(engine, key).held() as held:
        assert held  # freed after the pass


async def test_a_failed_pass_frees_the_lock(engine: AsyncEngine) -> None:
    key = f"test.periodic.{uuid.uuid4().hex}"

    async def failing() -> None:
        raise ConnectionError("the till is away")

    task = PeriodicTask("failing", failing, interval_seconds=60, lock=AdvisoryLock(engine, key))
    assert await task.run_once() == (Outcome.FAILED, False)
    async with AdvisoryLock(engine, key).held() as held:
        assert held
