"""Work that finishes runs is served before work that starts new ones.

Results of runs under way come on ``orchestrator.events``; news that starts a run (a webhook's
order) on ``orchestrator.starts``. A start waits while results are being handled, for at most
``MAX_WAIT_SECONDS`` so a steady flow of results never starves new runs. In a burst, the first
orders go all the way to the target while the later ones wait their turn, instead of every
order advancing one step at a time together."""

import asyncio
import contextlib

from syncyard_common.broker.consumer import Handler
from syncyard_common.messages import Envelope

MAX_WAIT_SECONDS = 0.5
# Starts handled at once: each becomes a command; few keep the gateway's queue short.
STARTS_PREFETCH = 8


class ResultsFirst:
    def __init__(self, *, max_wait_seconds: float = MAX_WAIT_SECONDS) -> None:
        self._max_wait = max_wait_seconds
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def results(self, handler: Handler) -> Handler:
        async def handle(envelope: Envelope) -> None:
            self._busy += 1
            self._idle.clear()
            try:
                await handler(envelope)
            finally:
                self._busy -= 1
                if self._busy == 0:
                    self._idle.set()

        return handle

    def starts(self, handler: Handler) -> Handler:
        async def handle(envelope: Envelope) -> None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), timeout=self._max_wait)
            await handler(envelope)

        return handle
