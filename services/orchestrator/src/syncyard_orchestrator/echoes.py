"""Orders this integration created, coming back from the target: never a new order.

The look-up only; the decision is the order flow's own (``decide`` with ``made_by_us_from``)."""

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.flows.run_base import FlowRun
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.runs.tables import Run


async def made_by_us_from(session: AsyncSession, row: Run, run: FlowRun) -> str | None:
    """The source order id this integration created the run's order from, or None.

    The target may announce an order we create (webhook, poll) before the create's result
    reaches us and the link is stored; asked before every step, so the echo ends before it
    could write a second order (no ping-pong)."""
    if run.is_terminal:
        return None
    echo = await links_repository.written_by_us(
        session,
        tenant_id=row.tenant_id,
        connection_id=run.source_connection_id,
        entity=orders.FLOW,
        record_id=run.source_ref,
    )
    if echo is None or echo.integration_id != row.integration_id:
        return None
    return echo.source_id
