"""Coalesced order re-reads: one fetch serves a batch, and a batch that must wait for its
budget waits as one (every member carries the first read's budget slot)."""

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from syncyard_common.broker import budget_hold
from syncyard_common.canonical import Order
from syncyard_gateway.commands.order_reads import MAX_JOINED, OrderReads
from syncyard_gateway.connectors.errors import ConnectorNotFound, ConnectorTransientError
from syncyard_gateway.request_budget import tickets

pytestmark = pytest.mark.unit
CONNECTION = uuid.uuid4()


@asynccontextmanager
async def no_connection() -> AsyncIterator[Any]:
    yield None


class Recorded(OrderReads):
    """Reads from a dict; optionally defers like a spent budget (a ticket, then rate_limited)."""

    def __init__(self, *, defer_with: str | None = None) -> None:
        super().__init__(linger_seconds=0.01)
        self.asked: list[list[str]] = []
        self.defer_with = defer_with

    async def _fetch(self, connector: Any, order_ids: list[str]) -> dict[str, Order]:
        self.asked.append(order_ids)
        if self.defer_with is not None:
            hold = budget_hold.current()
            assert hold is not None
            hold.to_carry = self.defer_with
            raise ConnectorTransientError("budget spent", code="rate_limited", retry_after=3.0)
        return {i: Order(source_id=i, currency="EUR") for i in order_ids if i != "gone"}


async def read_in_handler(reads: OrderReads, order_id: str) -> tuple[Any, str | None]:
    """One message's handling: a hold of its own, as the consumer gives each handler."""
    hold, token = budget_hold.enter(None)
    try:
        try:
            result: Any = await reads.read(CONNECTION, order_id, no_connection)
        except Exception as exc:  # the test looks at what each member got
            result = exc
        return result, hold.to_carry
    finally:
        budget_hold.leave(token)


async def test_reads_waiting_together_are_one_fetch_and_each_gets_its_order() -> None:
    reads = Recorded()
    results = await asyncio.gather(*(read_in_handler(reads, i) for i in ["1", "2", "1", "gone"]))
    assert reads.asked == [["1", "2", "gone"]]
    assert [r.source_id for r, _ in results[:3]] == ["1", "2", "1"]
    assert isinstance(results[3][0], ConnectorNotFound)


async def test_a_batch_that_must_wait_carries_one_slot_for_every_member() -> None:
    reads = Recorded(defer_with="ticket-7")
    results = await asyncio.gather(*(read_in_handler(reads, i) for i in ["1", "2", "3"]))
    assert len(reads.asked) == 1
    for error, carried in results:
        assert isinstance(error, ConnectorTransientError)
        assert error.code == "rate_limited"
        assert carried == "ticket-7"


async def read_carrying(reads: OrderReads, order_id: str, carried: str | None) -> Any:
    """One message's handling that came back from a delay queue with ``carried`` (a ticket)."""
    _hold, token = budget_hold.enter(carried)
    try:
        try:
            return await reads.read(CONNECTION, order_id, no_connection)
        except Exception as exc:  # the test looks at what each read got
            return exc
    finally:
        budget_hold.leave(token)


async def test_a_read_while_a_batch_waits_for_its_slot_joins_its_ticket_without_a_fetch() -> None:
    reads = Recorded(defer_with="ticket-7")
    await asyncio.gather(*(read_in_handler(reads, i) for i in ["1", "2"]))
    assert len(reads.asked) == 1

    later, carried = await read_in_handler(reads, "3")

    assert isinstance(later, ConnectorTransientError)
    assert later.code == "rate_limited"
    assert later.retry_after is not None
    assert 2.0 < later.retry_after <= 3.0
    assert carried == "ticket-7"
    assert len(reads.asked) == 1  # no fetch, no budget statement: it rides on the slot
    assert reads.joined == 1


async def test_a_waiting_ticket_takes_on_only_so_many_reads() -> None:
    reads = Recorded(defer_with="ticket-7")
    await read_in_handler(reads, "0")
    joined = [await read_in_handler(reads, str(i)) for i in range(1, MAX_JOINED + 1)]
    assert reads.joined == MAX_JOINED - 1  # the first batch's member counts too
    # The read past the limit makes a batch of its own (here deferred again after its fetch).
    assert len(reads.asked) == 2
    assert all(carried == "ticket-7" for _, carried in joined)


async def test_a_ticket_coming_back_lingers_for_its_slot_so_its_members_read_as_one() -> None:
    reads = Recorded()
    slot = tickets.Ticket("shop", "calls", position=1.0, credit=1.0, due=time.time() + 0.3)
    carried = tickets.encode(slot)

    async def member(order_id: str, after: float) -> Any:
        await asyncio.sleep(after)
        return await read_carrying(reads, order_id, carried)

    results = await asyncio.gather(member("1", 0.0), member("2", 0.1), member("3", 0.2))

    assert reads.asked == [["1", "2", "3"]]
    assert [r.source_id for r in results] == ["1", "2", "3"]


async def test_without_a_ticket_a_read_lingers_only_briefly() -> None:
    reads = Recorded()
    await read_carrying(reads, "1", None)
    await asyncio.sleep(0.05)
    await read_carrying(reads, "2", None)
    assert reads.asked == [["1"], ["2"]]
