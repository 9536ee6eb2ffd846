"""The links a flow decision implies, stored in the decision's own transaction."""

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.flows import records as record_flows
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.runs.tables import Run


async def remember_links(
    session: AsyncSession, row: Run, decision: orders.Decision | record_flows.Decision
) -> None:
    """Links the decision made: related records find their targets, echoes are known."""
    run = decision.run
    found: list[tuple[str, str, str]] = []
    if isinstance(decision, record_flows.Decision):
        found = [(link.entity, link.source_id, link.target_id) for link in decision.links]
    elif isinstance(run, orders.OrderRun) and run.booked_as and (run.placed_now or run.is_terminal):
        # Kept as soon as the order is booked (a later update of it may still fail) and
        # for an order found by its external reference: later changes find it.
        found = [(orders.FLOW, run.source_order_id, run.booked_as)]
    elif run.state is orders.OrderFlowState.DONE and run.target_order_id:
        found = [(orders.FLOW, run.source_order_id, run.target_order_id)]
    for entity, source_id, target_id in found:
        await links_repository.remember(
            session,
            tenant_id=row.tenant_id,
            integration_id=row.integration_id,
            entity=entity,
            source_connection_id=run.source_connection_id,
            source_id=source_id,
            target_connection_id=run.target_connection_id,
            target_id=target_id,
        )
