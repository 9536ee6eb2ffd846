"""The daily reconciliation: yesterday (UTC) for every active orders, products and stock flow.

Every replica runs the loop; the unique daily index lets one report per flow and day in."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.integrations.tables import IntegrationFlow
from syncyard_orchestrator.reconciliation import repository
from syncyard_orchestrator.reconciliation.tables import Reconciliation

RECONCILED_FLOWS = ("orders", "products", "stock")


def yesterday(now: datetime) -> tuple[datetime, datetime]:
    """[yesterday 00:00, today 00:00) in UTC (pure)."""
    today = datetime.combine(now.astimezone(UTC).date(), time(), tzinfo=UTC)
    return today - timedelta(days=1), today


async def schedule(session: AsyncSession, *, now: datetime) -> int:
    """Queue yesterday's report of each active reconciled flow that has none; returns how many."""
    start, end = yesterday(now)
    flows: Sequence[IntegrationFlow] = (
        (
            await session.execute(
                select(IntegrationFlow).where(
                    IntegrationFlow.is_active.is_(True),
                    IntegrationFlow.flow.in_(RECONCILED_FLOWS),
                )
            )
        )
        .scalars()
        .all()
    )
    added = 0
    for flow in flows:
        report = Reconciliation(
            id=uuid.uuid4(),
            tenant_id=flow.tenant_id,
            integration_id=flow.integration_id,
            flow=flow.flow,
            period_from=start,
            period_to=end,
            origin="daily",
            state="queued",
            source_count=0,
            target_count=0,
            matched=0,
            missing=0,
            extra=0,
            mismatched=0,
            reads=0,
            created_at=now,
        )
        added += await repository.add_daily(session, report)
    return added
