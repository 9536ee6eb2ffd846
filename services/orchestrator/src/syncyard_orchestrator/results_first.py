"""Work that finishes runs is served before work that starts new ones, tenant by tenant.

Results of runs under way come on ``orchestrator.events``; news that starts a run (a webhook's
order) on ``orchestrator.starts``. A tenant's start waits while that tenant's results are being
handled, for at most ``MAX_WAIT_SECONDS`` so a steady flow of results never starves new runs,
and at most ``STARTS_PER_TENANT`` of a tenant's starts are handled at once. In a burst, the
first orders go all the way to the target while the later ones wait their turn, instead of
every order advancing one step at a time together.

The waiting happens here, not in the broker's queue: the starts consumer takes a wide window
(``STARTS_PREFETCH``), so one tenant's burst waiting its turn does not keep another tenant's
start at the back of the queue. With one queue-wide gate and a narrow window, a second
tenant's single order waited ~15 s behind a 300-order burst (bench/orders_e2e.py fairness).
"""

import asyncio
import contextlib
import uuid
from collections import defaultdict

from syncyard_common.broker.consumer import Handler
from syncyard_common.messages import Envelope

MAX_WAIT_SECONDS = 0.5
# A tenant's starts handled at once: each becomes a command; few keep the gateway's queue short.
STARTS_PER_TENANT = 8
# Starts held unacknowledged while they wait their tenant's turn: a start is a few hundred
# bytes, and a burst larger than this keeps later tenants behind only its excess.
STARTS_PREFETCH = 1000


class ResultsFirst:
    def __init__(
        self,
        *,
        max_wait_seconds: float = MAX_WAIT_SECONDS,
        starts_per_tenant: int = STARTS_PER_TENANT,
    ) -> None:
        self._max_wait = max_wait_seconds
        self._per_tenant = starts_per_tenant
        self._busy: dict[uuid.UUID | None, int] = defaultdict(int)
        self._idle: dict[uuid.UUID | None, asyncio.Event] = {}
        self._turns: dict[uuid.UUID | None, asyncio.Semaphore] = {}
        self._waiting: dict[uuid.UUID | None, int] = defaultdict(int)

    def results(self, handler: Handler) -> Handler:
        async def handle(envelope: Envelope) -> None:
            tenant = envelope.tenant_id
            self._busy[tenant] += 1
            self._idle_of(tenant).clear()
            try:
                await handler(envelope)
            finally:
                self._busy[tenant] -= 1
                if self._busy[tenant] == 0:
                    del self._busy[tenant]
                    self._idle.pop(tenant).set()

        return handle

    def starts(self, handler: Handler) -> Handler:
        async def handle(envelope: Envelope) -> None:
            tenant = envelope.tenant_id
            turn = self._turns.setdefault(tenant, asyncio.Semaphore(self._per_tenant))
            self._waiting[tenant] += 1
            try:
                async with turn:
                    idle = self._idle.get(tenant)
                    if idle is not None:
                        with contextlib.suppress(TimeoutError):
                            await asyncio.wait_for(idle.wait(), timeout=self._max_wait)
                    await handler(envelope)
            finally:
                self._waiting[tenant] -= 1
                if self._waiting[tenant] == 0:  # forget tenants with nothing waiting
                    del self._waiting[tenant]
                    del self._turns[tenant]

        return handle

    def tenants_with_starts(self) -> frozenset[uuid.UUID | None]:
        """Tenants with starts waiting or in progress (the others cost no memory here)."""
        return frozenset(self._waiting)

    def _idle_of(self, tenant: uuid.UUID | None) -> asyncio.Event:
        idle = self._idle.get(tenant)
        if idle is None:
            idle = self._idle[tenant] = asyncio.Event()
        return idle
