"""Forget dedupe ids after seven days (R8, R9): longer than any sender's retry horizon."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_common.telemetry import get_logger
from syncyard_gateway.schema import SCHEMA

RETENTION = timedelta(days=7)
INTERVAL_SECONDS = 3600.0
_log = get_logger(__name__)


async def purge_once(engine: AsyncEngine, *, now: datetime) -> int:
    """Delete webhook-inbox and message-inbox rows older than RETENTION; returns rows deleted."""
    cutoff = now - RETENTION
    async with engine.begin() as conn:
        webhooks = await conn.execute(
            text(f"DELETE FROM {SCHEMA}.webhook_inbox WHERE received_at < :cutoff"),
            {"cutoff": cutoff},
        )
        messages = await conn.execute(
            text(f"DELETE FROM {SCHEMA}.inbox WHERE handled_at < :cutoff"), {"cutoff": cutoff}
        )
    return int(webhooks.rowcount or 0) + int(messages.rowcount or 0)  # type: ignore[attr-defined]


def purger(engine: AsyncEngine) -> PeriodicTask:
    """Runs ``purge_once`` every hour in the background (each replica: a DELETE of what another
    already deleted deletes nothing)."""

    async def purge() -> None:
        deleted = await purge_once(engine, now=datetime.now(UTC))
        if deleted:
            _log.info("dedupe ids purged", count=deleted)

    # Replicas started together spread their DELETEs over a few minutes instead of one moment.
    return PeriodicTask("gateway-inbox-purge", purge, interval_seconds=INTERVAL_SECONDS, jitter=0.1)
