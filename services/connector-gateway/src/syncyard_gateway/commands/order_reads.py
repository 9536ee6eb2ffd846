"""Re-reads of orders announced together are read together: one remote call for many orders.

A burst of webhooks names many orders of one connection within moments; each is re-read from
the source (a webhook is only a hint, R10). Reads that wait at the same time for the same
connection join one batch and go out as one call where the vendor has one (a list by ids),
so a shop whose API allows 2 calls a second still lets dozens of orders a second through.
Every order is still read afresh after its webhook arrived, so stale or out-of-order
deliveries in a batch give the newest data; the same order named twice is read once.

While a shop's budget is spent, a batch is deferred with one promised slot (a ticket). Reads
of that shop that arrive before the slot comes up join the deferred batch: they are deferred
at once with the same ticket, costing no unit and no budget statement, and when the ticket's
members come back they wait for its slot in one batch and are read in one call. So a Standard
shop's 2 calls a second carry dozens of orders each instead of one small batch each."""

import asyncio
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field

from syncyard_common.broker import budget_hold
from syncyard_common.canonical import Order
from syncyard_gateway.commands.outcome import require, unsupported
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors.errors import ConnectorNotFound, ConnectorTransientError
from syncyard_gateway.request_budget import tickets

# How long the first read of a batch waits for others to join: short beside one remote call.
LINGER_SECONDS = 0.01
MAX_BATCH = 250  # the largest list a vendor's "by ids" read takes (see BatchOrderSource)
# How many reads one deferred ticket takes on: below the command consumer's prefetch (50), so
# its members come back into one batch of one replica rather than several that each call.
MAX_JOINED = 40

# Opens the connection for remote calls (decrypt, target check, a slot of the host's pool).
Open = Callable[[], AbstractAsyncContextManager[base.Connector]]


@dataclass
class _Batch:
    waiting: dict[str, list[asyncio.Future[Order]]] = field(default_factory=dict)
    # The budget slot the first read was promised when the batch had to wait: every member
    # carries it, so the whole batch comes back to that turn together and reads together.
    ticket: str | None = None

    async def join(self, order_id: str) -> Order:
        try:
            return await self.add(order_id)
        except ConnectorTransientError:
            hold = budget_hold.current()
            if hold is not None and self.ticket is not None:
                hold.to_carry = self.ticket
            raise

    def add(self, order_id: str) -> "asyncio.Future[Order]":
        future: asyncio.Future[Order] = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(order_id, []).append(future)
        return future

    def settle(self, found: dict[str, Order], error: BaseException | None) -> None:
        for order_id, futures in self.waiting.items():
            for future in futures:
                if future.done():
                    continue
                if error is not None:
                    future.set_exception(error)
                elif order_id in found:
                    future.set_result(found[order_id])
                else:
                    future.set_exception(
                        ConnectorNotFound(f"Order {order_id} does not exist in the source.")
                    )


@dataclass
class _Deferred:
    """A batch of one connection deferred for its budget: the ticket its members carry."""

    ticket: str
    due: float  # this process's monotonic clock
    members: int


class OrderReads:
    """One open batch per connection; ``read`` joins it and waits for its order."""

    def __init__(self, *, linger_seconds: float = LINGER_SECONDS) -> None:
        self._linger = linger_seconds
        self._open: dict[uuid.UUID, _Batch] = {}
        self._deferred: dict[uuid.UUID, _Deferred] = {}
        self.calls = 0  # remote read calls made (benchmarks report calls per order)
        self.joined = 0  # reads deferred onto a waiting batch's ticket without a budget take

    async def read(self, connection_id: uuid.UUID, order_id: str, open_connection: Open) -> Order:
        """The order as the source has it now. Only a batch's first read opens the connection:
        the others wait without holding a slot of the host's connection pool."""
        batch = self._open.get(connection_id)
        if batch is not None and len(batch.waiting) < MAX_BATCH:
            return await batch.join(order_id)
        self._join_deferred(connection_id)
        batch = self._open[connection_id] = _Batch()
        mine = batch.add(order_id)
        try:
            await asyncio.sleep(self._linger_for_carried_ticket())
        finally:
            if self._open.get(connection_id) is batch:
                del self._open[connection_id]
        try:
            async with open_connection() as connector:
                found = await self._fetch(connector, list(batch.waiting))
        except BaseException as exc:  # every member hears it (a rate-limit wait defers them all)
            hold = budget_hold.current()
            batch.ticket = hold.to_carry if hold is not None else None
            self._remember_deferral(connection_id, batch, exc)
            batch.settle({}, exc)
            mine.exception()  # this read raises it itself; its future's copy is seen
            raise
        batch.settle(found, None)
        return await mine

    def _join_deferred(self, connection_id: uuid.UUID) -> None:
        """Defer this read onto the connection's waiting ticket, if one is still well ahead."""
        waiting = self._deferred.get(connection_id)
        hold = budget_hold.current()
        if waiting is None or hold is None:
            return
        wait = waiting.due - time.monotonic()
        if wait <= tickets.LONGEST_SLEEP_IN_A_WORKER or waiting.members >= MAX_JOINED:
            del self._deferred[connection_id]
            return
        waiting.members += 1
        self.joined += 1
        hold.to_carry = waiting.ticket
        raise ConnectorTransientError(
            f"Joins the order reads waiting {wait:.1f} s for this shop's request budget.",
            retry_after=wait,
            code="rate_limited",
        )

    def _remember_deferral(
        self, connection_id: uuid.UUID, batch: _Batch, exc: BaseException
    ) -> None:
        if not (isinstance(exc, ConnectorTransientError) and exc.code == "rate_limited"):
            return
        if batch.ticket is None or not exc.retry_after:
            return
        self._deferred[connection_id] = _Deferred(
            batch.ticket, time.monotonic() + exc.retry_after, len(batch.waiting)
        )

    def _linger_for_carried_ticket(self) -> float:
        """A read that comes back with a ticket lingers until its slot (at most the pacer's
        in-worker sleep, which it would otherwise spend there): the ticket's other members,
        back from the delay queue moments apart, join its batch instead of calling again."""
        hold = budget_hold.current()
        ticket = tickets.decode(hold.to_carry) if hold is not None else None
        if ticket is None:
            return self._linger
        until_slot = ticket.due - time.time()
        return min(max(self._linger, until_slot), tickets.LONGEST_SLEEP_IN_A_WORKER)

    async def _fetch(self, connector: base.Connector, order_ids: list[str]) -> dict[str, Order]:
        require(connector, base.Entity.ORDERS, "read")
        if not isinstance(connector, base.OrderSource):
            raise unsupported(connector, "read orders")
        self.calls += 1
        if len(order_ids) > 1 and isinstance(connector, base.BatchOrderSource):
            return await connector.get_orders(order_ids)
        assert isinstance(connector, base.OrderSource)
        found: dict[str, Order] = {}
        for order_id in order_ids:
            found[order_id] = await connector.get_order(order_id)
        return found
