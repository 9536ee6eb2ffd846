"""The retention job: create partitions ahead, delete expired rows per tenant, drop old days."""

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.telemetry import get_logger
from syncyard_logger.entries import partitions
from syncyard_logger.retention import policy, repository

_log = get_logger(__name__)
_LOCK = "SELECT pg_try_advisory_lock(hashtext('logger.retention'))"
_UNLOCK = "SELECT pg_advisory_unlock(hashtext('logger.retention'))"


@dataclass
class RetentionReport:
    ran: bool = True
    deleted_rows: int = 0
    created_partitions: list[date] = field(default_factory=list)
    dropped_partitions: list[date] = field(default_factory=list)


async def run_once(
    engine: AsyncEngine,
    *,
    now: datetime,
    default_days: int = 30,
    delete_batch: int = 5000,
    partitions_ahead: int = 2,
) -> RetentionReport:
    """One pass at the given ``now``; a pass already running elsewhere makes this a no-op."""
    report = RetentionReport()
    async with engine.connect() as conn:
        if not (await conn.execute(text(_LOCK))).scalar():
            await conn.rollback()
            return RetentionReport(ran=False)
        await conn.commit()
        try:
            async with conn.begin():
                wanted = policy.days_to_create(now, ahead=partitions_ahead)
                report.created_partitions = await partitions.ensure(conn, wanted)
                days = await repository.all_retention_days(conn)
            shortest = min([default_days, *days])
            while True:
                async with conn.begin():
                    deleted = await repository.delete_expired_batch(
                        conn,
                        now=now,
                        default_days=default_days,
                        before=policy.cutoff(now, shortest),
                        batch=delete_batch,
                    )
                report.deleted_rows += deleted
                if deleted < delete_batch:
                    break
            longest = policy.longest_retention(days, default_days=default_days)
            async with conn.begin():
                existing = await partitions.existing_days(conn)
                for day in policy.partitions_to_drop(existing, now=now, longest_days=longest):
                    await partitions.drop(conn, day)
                    report.dropped_partitions.append(day)
        finally:
            await conn.execute(text(_UNLOCK))
            await conn.commit()
    return report


class RetentionJob:
    """Runs ``run_once`` every ``interval_seconds`` until stopped."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        interval_seconds: float,
        default_days: int,
        delete_batch: int,
        partitions_ahead: int,
    ) -> None:
        self._engine = engine
        self._interval = interval_seconds
        self._options = {
            "default_days": default_days,
            "delete_batch": delete_batch,
            "partitions_ahead": partitions_ahead,
        }
        self._task: asyncio.Task[None] | None = None

    async def run_once(self, now: datetime) -> RetentionReport:
        """One pass at an injected ``now`` (what the schedule calls with the real clock)."""
        return await run_once(self._engine, now=now, **self._options)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="logger-retention")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            try:
                report = await self.run_once(datetime.now(UTC))
                if report.deleted_rows or report.dropped_partitions:
                    _log.info(
                        "retention pass",
                        deleted_rows=report.deleted_rows,
                        dropped_partitions=[str(day) for day in report.dropped_partitions],
                    )
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the next pass tries again; the database may be away
                _log.warning("retention pass failed", error=repr(error))
            await asyncio.sleep(self._interval)
