"""The lease sweeper: every so often, re-issue the commands of runs that stopped progressing.

A run waiting longer than ``run_stuck_after_seconds`` for an answer (a lost or parked command,
a gateway that died mid-call) gets its pending command sent again under a NEW message id — the
same id would be dropped by the receiver's inbox. Repeats are safe: the target is checked by
external reference before creating (R11) and creates carry a deterministic idempotency key
(R12). After ``run_max_reissues`` re-issues the run fails with ``step_timed_out``.
"""

import asyncio
import contextlib

from syncyard_common.telemetry import get_logger
from syncyard_orchestrator.runner import Runner

_log = get_logger(__name__)


class Sweeper:
    def __init__(self, runner: Runner, *, interval_seconds: float) -> None:
        self._runner = runner
        self._interval = interval_seconds
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="orchestrator-lease-sweeper")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                while await self._runner.sweep_once() > 0:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # database away: try again next round
                _log.warning("lease sweep failed", error=repr(exc))
            await asyncio.sleep(self._interval)
