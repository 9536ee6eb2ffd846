"""A background loop that runs one pass on a timer, or sooner when woken."""

import asyncio
import contextlib
from collections.abc import Awaitable, Callable

from syncyard_common.telemetry import get_logger

_log = get_logger(__name__)


class Periodic:
    """Runs ``run_once`` every ``interval`` seconds; ``wake()`` runs it now.

    When a pass did work (returned > 0) the next pass starts at once, so a backlog drains
    without waiting for the timer. A failing pass is logged and retried on the next tick.
    """

    def __init__(
        self, *, name: str, interval: float, run_once: Callable[[], Awaitable[int]]
    ) -> None:
        self._name = name
        self._interval = interval
        self._run_once = run_once
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._woken.set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name=self._name)

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def _loop(self) -> None:
        while True:
            self._woken.clear()
            try:
                done = await self._run_once()
            except Exception:
                _log.exception("background pass failed", worker=self._name)
                done = 0
            if done > 0:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._woken.wait(), timeout=self._interval)
