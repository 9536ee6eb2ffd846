"""What an initial sync reports: done / total / failed, rate and time left (pure)."""

import math
from datetime import datetime
from typing import Any

from syncyard_orchestrator.runs.tables import QUEUED, TERMINAL_STATES
from syncyard_orchestrator.sync_jobs.tables import SyncJob


def describe(
    job: SyncJob, counts: dict[str, int], last_finished: datetime | None, now: datetime
) -> dict[str, Any]:
    done = counts.get("done", 0)
    skipped = counts.get("skipped", 0)
    failed = counts.get("failed", 0)
    finished = done + skipped + failed
    in_progress = sum(n for state, n in counts.items() if state not in TERMINAL_STATES)
    queued = counts.get(QUEUED, 0)
    total_known = job.state != "reading"
    if job.state == "failed":
        state = "failed"
    elif job.state == "read" and in_progress == 0:
        state = "done"
    else:
        state = job.state if job.state == "reading" else "running"
    until = last_finished if state == "done" and last_finished else now
    elapsed = max((until - job.created_at).total_seconds(), 0.001)
    rate = finished / elapsed
    eta = None
    if state not in ("done", "failed") and rate > 0:
        eta = round(max(job.records_seen - finished, 0) / rate, 1)
    return {
        "id": str(job.id),
        "integration_id": str(job.integration_id),
        "flow": job.flow,
        "state": state,
        "total": job.records_seen,
        "total_is_final": total_known,
        "done": done,
        "skipped": skipped,
        "failed": failed,
        "in_progress": in_progress,  # started and queued: every record read, not finished
        "queued": queued,  # read, waiting for a place in flight
        "in_flight": in_progress - queued,
        "admission_limit": math.floor(job.admission_limit),
        "commands_resent": job.commands_resent,
        "pages_read": job.pages_read,
        "rate_per_second": round(rate, 2),
        "eta_seconds": eta,
        "error": job.last_error,
        "started_at": job.created_at.isoformat(),
        "finished_at": _finished_at(state, job, last_finished),
    }


def _finished_at(state: str, job: SyncJob, last_finished: datetime | None) -> str | None:
    moment = last_finished if state == "done" else job.finished_at if state == "failed" else None
    return moment.isoformat() if moment is not None else None
