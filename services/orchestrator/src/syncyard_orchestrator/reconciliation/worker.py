"""The reconciliation loop of one replica: queue the daily reports, then read one claimed
report at a time (a lease lets another replica take over a report whose reader died)."""

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_orchestrator.reconciliation import daily, repository
from syncyard_orchestrator.reconciliation.execute import Executor
from syncyard_orchestrator.settings import OrchestratorSettings

TICK_SECONDS = 1.0
DAILY_CHECK_SECONDS = 300.0


@dataclass
class ReconciliationWorker:
    sessionmaker: async_sessionmaker[AsyncSession]
    executor: Executor
    is_daily: bool = True
    _ticks: PeriodicTask | None = field(default=None, init=False)
    _next_daily: float = field(default=0.0, init=False)
    _scheduled_day: datetime | None = field(default=None, init=False)

    async def start(self) -> None:
        # A report read: more may wait, the next pass starts at once.
        self._ticks = PeriodicTask(
            "reconciliation-worker", self.run_once, interval_seconds=TICK_SECONDS
        )
        await self._ticks.start()

    async def stop(self) -> None:
        if self._ticks is not None:
            await self._ticks.stop()

    async def run_once(self) -> bool:
        """Queue due daily reports; read one report if one is waiting. True if one was read."""
        loop = asyncio.get_running_loop()
        now = datetime.now(UTC)
        day = daily.yesterday(now)[0]
        if self.is_daily and loop.time() >= self._next_daily and day != self._scheduled_day:
            self._next_daily = loop.time() + DAILY_CHECK_SECONDS
            async with self.sessionmaker() as session, session.begin():
                await daily.schedule(session, now=now)
            self._scheduled_day = day  # once a day per replica; the index keeps one report
        async with self.sessionmaker() as session, session.begin():
            report = await repository.claim(
                session, now=datetime.now(UTC), lease=self.executor.lease
            )
        if report is None:
            return False
        await self.executor.run(report)
        return True


def from_settings(
    settings: OrchestratorSettings, sessionmaker: async_sessionmaker[AsyncSession]
) -> ReconciliationWorker:
    """The worker as the settings say (the composition root calls this)."""
    executor = Executor(
        sessionmaker=sessionmaker,
        gateway_url=settings.gateway_url,
        jwt_secret=settings.jwt_secret.get_secret_value(),
        page_size=settings.reconciliation_page_size,
        lease=timedelta(seconds=settings.reconciliation_lease_seconds),
    )
    return ReconciliationWorker(sessionmaker, executor, is_daily=settings.reconciliation_daily)
