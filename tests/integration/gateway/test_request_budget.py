"""An account's request budget holds across replicas: two pacers on one database share it."""

import asyncio
import time
import uuid

from sqlalchemy.ext.asyncio import create_async_engine

from syncyard_gateway.connectors.pacing import RatePolicy
from syncyard_gateway.request_budget.pacer import RequestBudgets
from tests.integration.gateway.conftest import RunningGateway


async def test_two_replicas_together_stay_inside_the_rate(gateway: RunningGateway) -> None:
    policy = RatePolicy(per_second=20.0, burst=5)
    account = f"test:{uuid.uuid4()}"
    second_engine = create_async_engine(gateway.settings.database_url)  # another replica
    try:
        replicas = [
            RequestBudgets(engine=gateway.engine, replicas=2),
            RequestBudgets(engine=second_engine, replicas=2),
        ]
        stamps: list[float] = []

        async def call(budgets: RequestBudgets) -> None:
            async with budgets.pacer(account, policy).request():
                stamps.append(time.monotonic())

        started = time.monotonic()
        await asyncio.gather(*(call(replicas[i % 2]) for i in range(45)))
        elapsed = time.monotonic() - started
    finally:
        await second_engine.dispose()
    # 5 at once from the full bucket, then 40 more at 20/s: about two seconds, not less.
    assert elapsed >= 1.9, elapsed
    assert elapsed < 3.5, elapsed
    stamps.sort()
    # In no one-second window after the burst do more than rate + burst calls go out. A call
    # is stamped when its coroutine resumes; on a loaded machine a late resume can bunch one
    # more into a window although its slot was granted in time: one call of slack.
    for index, stamp in enumerate(stamps):
        in_window = sum(1 for other in stamps[index:] if other - stamp < 1.0)
        assert in_window <= 20 + 5 + 1, (index, in_window)


async def test_unlimited_policy_never_waits(gateway: RunningGateway) -> None:
    budgets = RequestBudgets(engine=gateway.engine, replicas=1)
    pacer = budgets.pacer(f"test:{uuid.uuid4()}", RatePolicy())
    started = time.monotonic()
    for _ in range(50):
        async with pacer.request():
            pass
    assert time.monotonic() - started < 0.5


async def test_concurrency_cap_is_split_between_replicas(gateway: RunningGateway) -> None:
    policy = RatePolicy(max_concurrent=10)
    account = f"test:{uuid.uuid4()}"
    budgets = RequestBudgets(engine=gateway.engine, replicas=2)
    in_flight = peak = 0

    async def call() -> None:
        nonlocal in_flight, peak
        async with budgets.pacer(account, policy).request():
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.05)
            in_flight -= 1

    await asyncio.gather(*(call() for _ in range(30)))
    assert peak == 5  # this replica's half of Mailchimp-style 10 connections
