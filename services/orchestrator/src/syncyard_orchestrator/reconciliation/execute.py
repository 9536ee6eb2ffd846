"""Carry out one claimed reconciliation: read both sides through the gateway, compare, store
the report and its items, and raise the alert event, all in one transaction at the end.

Nothing is written until the comparison is complete: a replica that dies half-way leaves the
report ``reading`` with a lease that runs out, and another replica starts it again."""

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope, reconciliations
from syncyard_common.telemetry import get_logger, traced_transport
from syncyard_orchestrator.flows.stock.settings import StockFlowSettings
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.integrations.service import sides
from syncyard_orchestrator.reconciliation import compare, repository
from syncyard_orchestrator.reconciliation.reader import GatewayReader, ReadFailed
from syncyard_orchestrator.reconciliation.tables import Reconciliation, ReconciliationItem
from syncyard_orchestrator.schema import SCHEMA, SOURCE

# An order placed just before the period ends is created in the target just after it: the
# target is read this much further, the source this much earlier, so each finds its partner.
GRACE = timedelta(days=1)
ITEM_BATCH = 1000
EXAMPLES = 5
_log = get_logger(__name__)


@dataclass(frozen=True)
class Judged:
    outcome: compare.Outcome
    source_connection_id: uuid.UUID


@dataclass
class Executor:
    sessionmaker: async_sessionmaker[AsyncSession]
    gateway_url: str | None
    jwt_secret: str
    page_size: int
    lease: timedelta
    read_timeout_seconds: float = 120.0

    async def run(self, report: Reconciliation) -> None:
        started_at = report.started_at
        assert started_at is not None
        pages = 0
        try:
            async with self._renewing(report.id, started_at):
                judged, pages = await self._judge(report)
        except ReadFailed as error:
            await self._finish(report, started_at, None, pages, error=str(error))
            return
        except Exception as error:  # never retried for ever: the report says what broke
            _log.exception("reconciliation broke", reconciliation_id=str(report.id))
            reason = f"the comparison broke ({type(error).__name__}); ask again"
            await self._finish(report, started_at, None, pages, error=reason)
            return
        await self._finish(report, started_at, judged, pages, error=None)

    async def _judge(self, report: Reconciliation) -> tuple[list[Judged], int]:
        async with self.sessionmaker() as session, session.begin():
            found = await integrations_repository.flow_of(
                session, integration_id=report.integration_id, flow=report.flow
            )
        if found is None:
            raise ReadFailed(f"the integration has no {report.flow} flow any more")
        if not self.gateway_url:
            raise ReadFailed("no gateway is configured (SYNCYARD_GATEWAY_URL)")
        integration, flow = found
        token = tokens.mint(
            tenant_id=report.tenant_id,
            role=Role.VIEWER,
            secret=self.jwt_secret,
            subject="reconciliation",
            ttl_seconds=6 * 3600,
        )
        judged: list[Judged] = []
        pages = 0
        async with httpx.AsyncClient(
            timeout=self.read_timeout_seconds, transport=traced_transport()
        ) as client:
            reader = GatewayReader(client, gateway_url=self.gateway_url, token=token)
            for read_id, read_connector, write_id, _ in sides(integration, flow.direction):
                is_orders = report.flow == "orders"
                start, end = report.period_from, report.period_to
                source = await reader.read_all(
                    read_id,
                    report.flow,
                    start=start - GRACE if is_orders and start else None,
                    end=end if is_orders else None,
                    page_size=self.page_size,
                )
                target = await reader.read_all(
                    write_id,
                    report.flow,
                    start=start if is_orders else None,
                    end=end + GRACE if is_orders and end else None,
                    page_size=self.page_size,
                )
                pages += source.pages + target.pages
                if is_orders:
                    outcome = compare.compare_orders(
                        source.records,
                        target.records,
                        source_connector=read_connector,
                        period=compare.Period(start, end),
                    )
                elif report.flow == "products":
                    outcome = compare.compare_products(source.records, target.records)
                else:
                    settings = StockFlowSettings.model_validate(flow.settings)
                    outcome = compare.compare_stock(
                        source.records, target.records, settings=settings
                    )
                judged.append(Judged(outcome, read_id))
        return judged, pages

    async def _finish(
        self,
        claimed: Reconciliation,
        started_at: datetime,
        judged: list[Judged] | None,
        pages: int,
        *,
        error: str | None,
    ) -> None:
        now = datetime.now(UTC)
        async with self.sessionmaker() as session, session.begin():
            report = await repository.lock_held(
                session, reconciliation_id=claimed.id, started_at=started_at
            )
            if report is None:
                return  # our lease ran out and another replica took it over
            report.finished_at, report.lease_expires_at, report.reads = now, None, pages
            if judged is None:
                report.state, report.error = "failed", error
                _log.warning("reconciliation failed", reconciliation_id=str(report.id), error=error)
                return
            report.state = "done"
            await _store(session, report, judged)
            if report.missing or report.extra or report.mismatched:
                await _stage_alert(session, report, judged)

    @contextlib.asynccontextmanager
    async def _renewing(self, report_id: uuid.UUID, started_at: datetime) -> AsyncIterator[None]:
        async def renew() -> None:
            while True:
                await asyncio.sleep(self.lease.total_seconds() / 3)
                with contextlib.suppress(Exception):  # the database may blink; expiry is safe
                    async with self.sessionmaker() as session, session.begin():
                        await repository.renew(
                            session,
                            reconciliation_id=report_id,
                            started_at=started_at,
                            until=datetime.now(UTC) + self.lease,
                        )

        task = asyncio.create_task(renew(), name=f"reconciliation-lease-{report_id}")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _store(session: AsyncSession, report: Reconciliation, judged: list[Judged]) -> None:
    rows = [
        {
            "reconciliation_id": report.id,
            "position": position,
            "kind": item.kind,
            "reference": item.reference,
            "source_id": item.source_id,
            "source_connection_id": side.source_connection_id if item.kind == "missing" else None,
            "target_id": item.target_id,
            "field": item.field,
            "source_value": item.source_value,
            "target_value": item.target_value,
            "record": item.record if item.kind == "missing" else None,
        }
        for position, (side, item) in enumerate(
            ((side, item) for side in judged for item in side.outcome.items), start=1
        )
    ]
    for start in range(0, len(rows), ITEM_BATCH):
        await session.execute(insert(ReconciliationItem), rows[start : start + ITEM_BATCH])
    report.source_count = sum(side.outcome.source_count for side in judged)
    report.target_count = sum(side.outcome.target_count for side in judged)
    report.matched = sum(side.outcome.matched for side in judged)
    report.missing = sum(side.outcome.count("missing") for side in judged)
    report.extra = sum(side.outcome.count("extra") for side in judged)
    report.mismatched = sum(side.outcome.count("mismatched") for side in judged)


def _example(item: compare.Item) -> str:
    if item.kind == "mismatched":
        return f"{item.reference}: {item.field} {item.source_value} ≠ {item.target_value}"
    return f"{item.reference} ({item.kind})"


async def _stage_alert(session: AsyncSession, report: Reconciliation, judged: list[Judged]) -> None:
    """One event per report, in the report's transaction: the notifier alerts once."""
    items = [item for side in judged for item in side.outcome.items]
    message = reconciliations.ReconciliationDiscrepancyFoundV1(
        reconciliation_id=report.id,
        integration_id=report.integration_id,
        flow=report.flow,
        period_from=report.period_from or report.created_at,
        period_to=report.period_to or report.created_at,
        missing=report.missing,
        extra=report.extra,
        mismatched=report.mismatched,
        examples=[_example(item) for item in items[:EXAMPLES]],
    )
    await outbox.add(
        session,
        schema=SCHEMA,
        envelope=Envelope(
            type=message.type,
            source=SOURCE,
            subject=f"reconciliation of {report.flow}",
            tenant_id=report.tenant_id,
            integration_id=report.integration_id,
            flow=report.flow,
            correlation_id=report.id,
            payload=message.model_dump(mode="json"),
        ),
    )
