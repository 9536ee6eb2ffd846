"""Orders this integration created, coming back from the target: never a new order.

The look-up only; the decision is the order flow's own (``decide`` with ``made_by_us_from``)."""

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.flows.run_base import FlowRun
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.links.tables import Link
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
    return from_link(row, run, echo)


def from_link(row: Run, run: FlowRun, echo: Link | None) -> str | None:
    """``made_by_us_from`` when the link was already looked up in this transaction (a run
    that starts: the start looked for the same record written by us)."""
    if run.is_terminal or echo is None or echo.integration_id != row.integration_id:
        return None
    return echo.source_id
