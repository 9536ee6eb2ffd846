"""The lease sweeper: every so often, re-issue the commands of runs that stopped progressing.

A run waiting longer than ``run_stuck_after_seconds`` for an answer (a lost or parked command,
a gateway that died mid-call) gets its pending command sent again under a NEW message id — the
same id would be dropped by the receiver's inbox. Repeats are safe: the target is checked by
external reference before creating (R11) and creates carry a deterministic idempotency key
(R12). After ``run_max_reissues`` re-issues the run fails with ``step_timed_out``.
"""

from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_orchestrator.runner import Runner


def lease_sweeper(runner: Runner, *, interval_seconds: float) -> PeriodicTask:
    """Sweeps every ``interval_seconds``, and again at once while a sweep found stuck runs."""

    async def sweep() -> bool:
        return await runner.sweep_once() > 0

    return PeriodicTask("orchestrator-lease-sweeper", sweep, interval_seconds=interval_seconds)
