"""Work that finishes runs is served before work that starts them (bounded, never starved),
tenant by tenant: one tenant's results and waiting starts never hold another tenant's start."""

import asyncio
import uuid

import pytest

from syncyard_common.messages import Envelope
from syncyard_orchestrator.results_first import ResultsFirst

pytestmark = pytest.mark.unit


TENANT_A, TENANT_B = uuid.uuid4(), uuid.uuid4()


def envelope(kind: str, tenant: uuid.UUID = TENANT_A) -> Envelope:
    return Envelope(type=kind, source="test", tenant_id=tenant)


async def test_a_start_waits_while_results_are_handled() -> None:
    order = ResultsFirst(max_wait_seconds=5.0)
    handled: list[str] = []
    release = asyncio.Event()

    async def slow_result(message: Envelope) -> None:
        await release.wait()
        handled.append(message.type)

    async def record(message: Envelope) -> None:
        handled.append(message.type)

    result = asyncio.create_task(order.results(slow_result)(envelope("result")))
    await asyncio.sleep(0)
    start = asyncio.create_task(order.starts(record)(envelope("start")))
    await asyncio.sleep(0.05)
    assert handled == []  # the start waits behind the result in progress
    release.set()
    await asyncio.gather(result, start)
    assert handled == ["result", "start"]


async def test_a_start_is_never_starved_by_a_steady_flow_of_results() -> None:
    order = ResultsFirst(max_wait_seconds=0.05)
    handled: list[str] = []
    never = asyncio.Event()

    async def endless(message: Envelope) -> None:
        await never.wait()

    async def record(message: Envelope) -> None:
        handled.append(message.type)

    busy = asyncio.create_task(order.results(endless)(envelope("result")))
    await asyncio.wait_for(order.starts(record)(envelope("start")), timeout=2.0)
    assert handled == ["start"]
    busy.cancel()


async def test_with_no_result_in_progress_a_start_goes_at_once() -> None:
    order = ResultsFirst(max_wait_seconds=30.0)
    handled: list[str] = []

    async def record(message: Envelope) -> None:
        handled.append(message.type)

    await asyncio.wait_for(order.starts(record)(envelope("start")), timeout=1.0)
    assert handled == ["start"]


async def test_another_tenants_start_does_not_wait_for_this_tenants_results() -> None:
    order = ResultsFirst(max_wait_seconds=30.0)
    handled: list[str] = []
    never = asyncio.Event()

    async def endless(message: Envelope) -> None:
        await never.wait()

    async def record(message: Envelope) -> None:
        handled.append(message.type)

    busy = asyncio.create_task(order.results(endless)(envelope("result", TENANT_A)))
    await asyncio.sleep(0)
    waiting = asyncio.create_task(order.starts(record)(envelope("start a", TENANT_A)))
    await asyncio.wait_for(order.starts(record)(envelope("start b", TENANT_B)), timeout=1.0)
    assert handled == ["start b"]  # A's start still waits for A's result
    busy.cancel()
    waiting.cancel()


async def test_a_tenants_starts_are_handled_a_few_at_a_time_and_others_pass_them() -> None:
    order = ResultsFirst(max_wait_seconds=30.0, starts_per_tenant=2)
    release = asyncio.Event()
    running: list[str] = []

    async def held(message: Envelope) -> None:
        running.append(message.type)
        await release.wait()

    a_starts = [
        asyncio.create_task(order.starts(held)(envelope(f"a{n}", TENANT_A))) for n in range(5)
    ]
    b_start = asyncio.create_task(order.starts(held)(envelope("b0", TENANT_B)))
    for _ in range(5):
        await asyncio.sleep(0)
    assert running == ["a0", "a1", "b0"]  # two of A's at once; B's is not behind A's other three
    release.set()
    await asyncio.wait_for(asyncio.gather(*a_starts, b_start), timeout=1.0)
    assert sorted(running) == ["a0", "a1", "a2", "a3", "a4", "b0"]
    assert order.tenants_with_starts() == frozenset()  # nothing kept for tenants gone quiet
