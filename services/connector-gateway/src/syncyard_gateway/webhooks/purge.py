"""Forget dedupe ids after seven days (R8, R9): longer than any sender's retry horizon."""

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

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


class Purger:
    """Runs ``purge_once`` every hour in the background."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="gateway-inbox-purge")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                deleted = await purge_once(self._engine, now=datetime.now(UTC))
                if deleted:
                    _log.info("dedupe ids purged", count=deleted)
            except Exception as exc:  # the database may be away; try again next hour
                _log.warning("dedupe purge failed", error=repr(exc))
            await asyncio.sleep(INTERVAL_SECONDS)
