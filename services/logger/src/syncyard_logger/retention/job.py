"""The retention job: create partitions ahead, delete expired rows per tenant, drop old days."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.runtime.advisory_lock import AdvisoryLock
from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_common.telemetry import get_logger
from syncyard_logger.entries import partitions
from syncyard_logger.retention import policy, repository

_log = get_logger(__name__)
LOCK_KEY = "logger.retention"  # one pass at a time across replicas


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
    async with AdvisoryLock(engine, LOCK_KEY).held() as held:
        if not held:
            return RetentionReport(ran=False)
        return await _pass(
            engine,
            now=now,
            default_days=default_days,
            delete_batch=delete_batch,
            partitions_ahead=partitions_ahead,
        )


async def _pass(
    engine: AsyncEngine,
    *,
    now: datetime,
    default_days: int,
    delete_batch: int,
    partitions_ahead: int,
) -> RetentionReport:
    """The pass itself; the caller holds the lock."""
    report = RetentionReport()
    async with engine.connect() as conn:
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
    return report


class RetentionJob:
    """Runs a pass every ``interval_seconds`` until stopped, in the replica holding the lock."""

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
        self._options = {
            "default_days": default_days,
            "delete_batch": delete_batch,
            "partitions_ahead": partitions_ahead,
        }
        self._schedule = PeriodicTask(
            "logger-retention",
            self._scheduled_pass,
            interval_seconds=interval_seconds,
            lock=AdvisoryLock(engine, LOCK_KEY),
        )

    async def run_once(self, now: datetime) -> RetentionReport:
        """One pass at an injected ``now`` (what the schedule calls with the real clock)."""
        return await run_once(self._engine, now=now, **self._options)

    async def start(self) -> None:
        await self._schedule.start()

    async def stop(self) -> None:
        await self._schedule.stop()

    async def _scheduled_pass(self) -> None:
        report = await _pass(self._engine, now=datetime.now(UTC), **self._options)
        if report.deleted_rows or report.dropped_partitions:
            _log.info(
                "retention pass",
                deleted_rows=report.deleted_rows,
                dropped_partitions=[str(day) for day in report.dropped_partitions],
            )
