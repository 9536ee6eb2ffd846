"""Orders that reached their target before: a later change of one runs as an update of it.

The look-ups only (the entity link, the target's settable statuses); the decision is the
order flow's own (``decide`` with ``booked_as`` and ``target_statuses``)."""

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import Message
from syncyard_common.messages import orders as order_messages
from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.flows.run_base import FlowRun
from syncyard_orchestrator.integrations import connector_capabilities
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.runs.tables import Run

NOTHING: tuple[str | None, frozenset[str]] = (None, frozenset())


async def booked_as(
    session: AsyncSession, row: Run, run: FlowRun, message: Message
) -> tuple[str | None, frozenset[str]]:
    """The target order the run's source order is booked as, and what the target can be told.

    The link is read when the order has been read (not at the start: a run that booked it
    may have ended just before); the statuses come from the connectors' declarations."""
    if run.is_terminal:
        return NOTHING
    statuses = connector_capabilities.order_statuses(run.target_connector)
    if not isinstance(message, order_messages.OrderFetchedV1):
        return None, statuses
    found = await links_repository.targets(
        session,
        integration_id=row.integration_id,
        entity=orders.FLOW,
        source_connection_id=run.source_connection_id,
        source_ids=[run.source_ref],
    )
    return found.get(run.source_ref), statuses
