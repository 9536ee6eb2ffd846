"""The health-check loop of one replica: claim due connections (once across replicas), check."""

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_common.telemetry import get_logger
from syncyard_gateway.connections import live
from syncyard_gateway.health_checks import repository
from syncyard_gateway.health_checks.service import ConnectionCheck
from syncyard_gateway.settings import GatewaySettings

BATCH = 20  # connections claimed and checked together per tick
MAX_TICK_SECONDS = 5.0
_log = get_logger(__name__)


@dataclass
class HealthChecker:
    engine: AsyncEngine
    check: ConnectionCheck
    interval_seconds: float
    _ticks: PeriodicTask | None = field(default=None, init=False)

    @classmethod
    def from_settings(
        cls,
        settings: GatewaySettings,
        *,
        engine: AsyncEngine,
        sessionmaker: async_sessionmaker[AsyncSession],
        factory: live.ConnectorFactory,
    ) -> "HealthChecker":
        check = ConnectionCheck(
            sessionmaker=sessionmaker,
            factory=factory,
            failures_to_alert=settings.health_check_failures_to_alert,
        )
        return cls(
            engine=engine, check=check, interval_seconds=settings.health_check_interval_seconds
        )

    async def start(self) -> None:
        self._ticks = PeriodicTask(
            "gateway-health-checks",
            self._schedule,
            interval_seconds=min(self.interval_seconds, MAX_TICK_SECONDS),
        )
        await self._ticks.start()

    async def stop(self) -> None:
        if self._ticks is not None:
            await self._ticks.stop()

    async def run_once(self) -> int:
        """Claim up to BATCH due connections and check them; returns how many were checked."""
        now = datetime.now(UTC)
        async with self.engine.begin() as conn:
            claimed = await repository.claim_due(
                conn,
                now=now,
                interval=self.interval_seconds,
                next_check_at=now + timedelta(seconds=self.interval_seconds),
                limit=BATCH,
            )
        await asyncio.gather(*(self._check(c, n) for c, n in claimed.items()))
        return len(claimed)

    async def _check(self, connection_id: uuid.UUID, unreachable_checks: int) -> None:
        try:
            await self.check.check(connection_id, unreachable_checks=unreachable_checks)
        except Exception as exc:  # one broken check must not stop the others
            _log.warning(
                "connection check failed", connection_id=str(connection_id), error=repr(exc)
            )

    async def _schedule(self) -> bool:
        return await self.run_once() == BATCH  # a full batch: more may be due, claim again now
