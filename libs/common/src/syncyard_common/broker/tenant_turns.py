"""Handlers at once, handed to tenants in turn (R41): one tenant's backlog cannot starve another's.

A consumer holds more messages than it handles at once (its look-ahead). When every handler is
busy, the messages waiting for one queue up per tenant, and a freed handler goes to the tenant
whose turn it is: round robin over the tenants waiting, first come first served within one.
Tenant B's single order, delivered behind tenant A's burst, waits for one handler to free up,
not for A's burst. A queue's messages beyond the look-ahead still wait in the broker's order
(docs/operations/scaling.md, "Tenants in turn").

Pure asyncio: no broker, no I/O.
"""

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress


class Stopped(Exception):
    """Raised in a message's task that was still waiting for its turn when the consumer
    stopped: it was not handled and stays unacknowledged (the broker delivers it again)."""


class TenantTurns:
    def __init__(self, handlers: int) -> None:
        if handlers < 1:
            raise ValueError("handlers must be at least 1")
        self._free = handlers
        # Tenants in the order of their turns (a dict keeps insertion order), each with its
        # waiting messages in arrival order.
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}
        # Messages whose turn came before (back from a budget wait): served ahead of all.
        self._first: deque[asyncio.Future[None]] = deque()
        self._stopped = False

    @property
    def waiting(self) -> int:
        """Messages held that wait for a handler."""
        return len(self._first) + sum(len(queue) for queue in self._waiting.values())

    @asynccontextmanager
    async def turn(self, tenant: str, *, first: bool = False) -> AsyncIterator[None]:
        """Wait for a handler in ``tenant``'s turn, hold it for the block, then pass it on.
        ``first``: the next free handler, ahead of every tenant (a message that had its turn
        and comes back at the slot a remote budget promised it, with others of the same slot
        that must meet in one batch)."""
        await self._acquire(tenant, first=first)
        try:
            yield
        finally:
            self._release()

    def stop(self) -> None:
        """Wake every waiting message with ``Stopped``: it is left unhandled, as is any that
        would wait from now on."""
        self._stopped = True
        waiting, self._waiting = [*self._waiting.values(), self._first], {}
        self._first = deque()
        for queue in waiting:
            for future in queue:
                if not future.done():
                    future.set_exception(Stopped())

    async def _acquire(self, tenant: str, *, first: bool) -> None:
        if self._free > 0:  # a free handler means nobody waits (release hands it on first)
            self._free -= 1
            return
        if self._stopped:
            raise Stopped()
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if first:
            self._first.append(future)
        else:
            self._waiting.setdefault(tenant, deque()).append(future)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self._release()  # handed a handler just as it was cancelled: hand it on
            elif first:
                with suppress(ValueError):  # gone already if stop() came first
                    self._first.remove(future)
            else:
                self._forget(tenant, future)
            raise

    def _release(self) -> None:
        while self._first:
            future = self._first.popleft()
            if not future.done():
                future.set_result(None)
                return
        while self._waiting:
            tenant = next(iter(self._waiting))
            queue = self._waiting.pop(tenant)
            future = queue.popleft()
            if queue:  # the tenant's next message waits for its next turn, at the back
                self._waiting[tenant] = queue
            if not future.done():
                future.set_result(None)
                return
        self._free += 1

    def _forget(self, tenant: str, future: asyncio.Future[None]) -> None:
        queue = self._waiting.get(tenant)
        if queue is None:
            return
        try:
            queue.remove(future)
        except ValueError:
            return
        if not queue:
            del self._waiting[tenant]
