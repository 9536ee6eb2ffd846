"""Coalesced order re-reads: one fetch serves a batch, and a batch that must wait for its
budget waits as one (every member carries the first read's budget slot)."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from syncyard_common.broker import budget_hold
from syncyard_common.canonical import Order
from syncyard_gateway.commands.order_reads import OrderReads
from syncyard_gateway.connectors.errors import ConnectorNotFound, ConnectorTransientError

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
