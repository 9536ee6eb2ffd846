"""Work that finishes runs is served before work that starts them (bounded, never starved)."""

import asyncio
import uuid

import pytest

from syncyard_common.messages import Envelope
from syncyard_orchestrator.results_first import ResultsFirst

pytestmark = pytest.mark.unit


def envelope(kind: str) -> Envelope:
    return Envelope(type=kind, source="test", tenant_id=uuid.uuid4())


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
