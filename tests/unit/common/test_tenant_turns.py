"""Handlers handed to tenants in turn: the order messages get a handler when all are busy."""

import asyncio

import pytest

from syncyard_common.broker.tenant_turns import Stopped, TenantTurns


class Handled:
    """Messages that each hold a handler until released, noting the order they got one."""

    def __init__(self, turns: TenantTurns) -> None:
        self.turns = turns
        self.order: list[str] = []
        self._done: dict[str, asyncio.Event] = {}
        self.tasks: dict[str, asyncio.Task[None]] = {}

    def arrive(self, tenant: str, name: str) -> None:
        self._done[name] = asyncio.Event()
        self.tasks[name] = asyncio.create_task(self._handle(tenant, name))

    async def _handle(self, tenant: str, name: str) -> None:
        async with self.turns.turn(tenant):
            self.order.append(name)
            await self._done[name].wait()

    async def finish(self, name: str) -> None:
        self._done[name].set()
        await self.tasks[name]
        await asyncio.sleep(0)  # the next message's task takes the handler it was given


async def test_a_free_handler_is_taken_at_once() -> None:
    handled = Handled(TenantTurns(2))
    handled.arrive("a", "a1")
    handled.arrive("a", "a2")
    await asyncio.sleep(0)
    assert handled.order == ["a1", "a2"]
    assert handled.turns.waiting == 0


async def test_a_tenant_behind_another_tenants_backlog_gets_the_next_handler() -> None:
    handled = Handled(TenantTurns(1))
    for n in range(1, 6):
        handled.arrive("a", f"a{n}")
    await asyncio.sleep(0)
    handled.arrive("b", "b1")  # delivered after tenant a's five
    await asyncio.sleep(0)
    assert handled.order == ["a1"]
    assert handled.turns.waiting == 5
    for name in ("a1", "a2", "b1", "a3", "a4"):
        await handled.finish(name)
    # a was first in line when b arrived: a2, then b1, then a's in their order.
    assert handled.order == ["a1", "a2", "b1", "a3", "a4", "a5"]


async def test_tenants_take_turns_and_keep_their_own_order() -> None:
    handled = Handled(TenantTurns(1))
    handled.arrive("a", "a0")
    await asyncio.sleep(0)
    for n in (1, 2, 3):
        handled.arrive("a", f"a{n}")
        handled.arrive("b", f"b{n}")
        handled.arrive("c", f"c{n}")
    await asyncio.sleep(0)
    for name in ("a0", "a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3"):
        await handled.finish(name)
    assert handled.order == ["a0", "a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3"]


async def test_a_message_back_at_its_promised_slot_takes_the_next_handler() -> None:
    turns = TenantTurns(1)
    handled = Handled(turns)
    handled.arrive("a", "a1")
    await asyncio.sleep(0)
    handled.arrive("b", "b1")
    handled.arrive("a", "a2")
    await asyncio.sleep(0)
    returned = asyncio.create_task(_first(turns, "a", "a0", handled))
    await asyncio.sleep(0)
    assert turns.waiting == 3
    await handled.finish("a1")
    await returned
    await handled.finish("b1")
    assert handled.order == ["a1", "a0", "b1", "a2"]


async def _first(turns: TenantTurns, tenant: str, name: str, handled: Handled) -> None:
    async with turns.turn(tenant, first=True):
        handled.order.append(name)


async def test_a_message_cancelled_while_waiting_takes_no_handler() -> None:
    handled = Handled(TenantTurns(1))
    handled.arrive("a", "a1")
    await asyncio.sleep(0)
    handled.arrive("b", "b1")
    handled.arrive("c", "c1")
    await asyncio.sleep(0)
    handled.tasks["b1"].cancel()
    await asyncio.sleep(0)
    assert handled.turns.waiting == 1
    await handled.finish("a1")
    assert handled.order == ["a1", "c1"]
    await handled.finish("c1")
    handled.arrive("d", "d1")  # the handler came back: the next message takes it at once
    await asyncio.sleep(0)
    assert handled.order == ["a1", "c1", "d1"]


async def test_a_message_cancelled_as_it_is_handed_a_handler_passes_it_on() -> None:
    turns = TenantTurns(1)
    held = turns.turn("a")
    await held.__aenter__()
    handled = Handled(turns)
    handled.arrive("b", "b1")
    handled.arrive("c", "c1")
    await asyncio.sleep(0)
    await held.__aexit__(None, None, None)  # b1 is handed the handler, but has not run yet
    handled.tasks["b1"].cancel()
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert handled.order == ["c1"]


async def test_stop_leaves_the_waiting_messages_unhandled() -> None:
    handled = Handled(TenantTurns(1))
    handled.arrive("a", "a1")
    await asyncio.sleep(0)
    handled.arrive("b", "b1")
    await asyncio.sleep(0)
    handled.turns.stop()
    with pytest.raises(Stopped):
        await handled.tasks["b1"]
    handled.arrive("c", "c1")  # delivered just before the stop: it would wait, so it stops
    with pytest.raises(Stopped):
        await handled.tasks["c1"]
    await handled.finish("a1")
    assert handled.order == ["a1"]


def test_at_least_one_handler() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        TenantTurns(0)
