"""Runs that wait for a category: a child for its parent, a product for its categories.

A category is never passed on under the source's id (the same number names another record
in the target), so a run whose category has no link yet fails with a retryable code:
``parent_category_not_synced`` (a child category) or ``category_not_synced`` (a product of an
integration whose categories flow reads the same source). Then, in the same transaction:

* the missing category's own run is started: a ``gateway.record.fetch.v1`` asks the source
  for it, and the gateway announces it as changed, as it does for a webhook;
* when a category run ends done or skipped, the runs waiting for it are retried with its link
  (a product once all its categories are linked), so a tree synced child-first ends with
  every category under its parent.

A run is woken at most ``MAX_WAKES`` times, so a category that can never be linked leaves it
failed with its reason instead of fetching for ever."""

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope, records
from syncyard_orchestrator.flows.categories.rules import PARENT_NOT_SYNCED
from syncyard_orchestrator.flows.products.rules import CATEGORY_NOT_SYNCED
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.integrations.tables import Integration
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.runs import retry
from syncyard_orchestrator.runs.tables import Run
from syncyard_orchestrator.schema import SCHEMA

FLOW = "categories"
MAX_WAKES = 5
WOKEN_BY = "the sync of the category it waited for"
WAITING = {FLOW: PARENT_NOT_SYNCED, "products": CATEGORY_NOT_SYNCED}


async def categories_read(
    session: AsyncSession, integration: Integration, connection_id: uuid.UUID
) -> bool:
    """Whether the integration's categories flow reads this connection (products may wait)."""
    found = await integrations_repository.active_reading_from(
        session, tenant_id=integration.tenant_id, connection_id=connection_id, flow=FLOW
    )
    return any(other.id == integration.id for other, _ in found)


async def after_decision(
    session: AsyncSession, row: Run, *, now: datetime, stuck_after: timedelta
) -> None:
    """Start the categories a run waits for, or wake the runs waiting for this category."""
    if row.state == "failed" and WAITING.get(row.flow) == row.failure_code:
        await _wait(session, row, now=now, stuck_after=stuck_after)
    elif row.flow == FLOW and row.state in ("done", "skipped"):
        await _wake(session, row, now=now, stuck_after=stuck_after)


def _needed(state: dict[str, Any]) -> list[str]:
    """The source ids of the categories a run needs: a category's parent, a product's own."""
    record = state.get("record") or {}
    if state.get("flow") == FLOW:
        return [str(record["parent_source_id"])] if record.get("parent_source_id") else []
    return [str(item) for item in record.get("category_ids") or []]


def _wakes_left(state: dict[str, Any]) -> bool:
    return int(state.get("retry_count") or 0) < MAX_WAKES


async def _linked(session: AsyncSession, row: Run, source_ids: list[str]) -> dict[str, str]:
    return await links_repository.targets(
        session,
        integration_id=row.integration_id,
        entity=FLOW,
        source_connection_id=uuid.UUID(str(row.state_json["source_connection_id"])),
        source_ids=source_ids,
    )


async def _wait(session: AsyncSession, row: Run, *, now: datetime, stuck_after: timedelta) -> None:
    state: dict[str, Any] = row.state_json
    needed = _needed(state)
    if not needed or not _wakes_left(state):
        return
    linked = await _linked(session, row, needed)
    missing = [source_id for source_id in needed if source_id not in linked]
    if not missing:
        # Linked since this run started (another run finished meanwhile): go again now.
        await _retry(session, [row], now=now, stuck_after=stuck_after)
        return
    for source_id in missing:
        await outbox.add(session, schema=SCHEMA, envelope=_fetch(row, state, source_id, now))


def _fetch(row: Run, state: dict[str, Any], source_id: str, now: datetime) -> Envelope:
    """Ask the source for the category: the gateway announces it and its own run starts."""
    fetch = records.FetchRecordV1(
        connection_id=uuid.UUID(str(state["source_connection_id"])),
        entity=FLOW,
        record_id=source_id,
        topic=f"needed by a waiting {row.flow} run",
        source_event_key=f"needed-by:{row.id}:{state.get('retry_count') or 0}:{source_id}",
    )
    payload = fetch.model_dump(mode="json")
    return Envelope(
        id=uuid.uuid4(),
        type=payload["type"],
        source="orchestrator",
        time=now,
        subject=source_id,
        tenant_id=row.tenant_id,
        integration_id=row.integration_id,
        flow=FLOW,
        correlation_id=uuid.uuid4(),  # the category's run gets an id of its own
        causation_id=row.id,
        payload=payload,
    )


async def _wake(session: AsyncSession, row: Run, *, now: datetime, stuck_after: timedelta) -> None:
    source_id = str(row.state_json["source_id"])
    connection = str(row.state_json["source_connection_id"])
    parent_of = Run.state_json["record"]["parent_source_id"].astext == source_id
    product_in = Run.state_json["record"]["category_ids"].contains([source_id])
    statement = (
        select(Run)
        .where(
            Run.tenant_id == row.tenant_id,
            Run.integration_id == row.integration_id,
            Run.state == "failed",
            ((Run.flow == FLOW) & (Run.failure_code == PARENT_NOT_SYNCED) & parent_of)
            | ((Run.flow == "products") & (Run.failure_code == CATEGORY_NOT_SYNCED) & product_in),
            Run.state_json["source_connection_id"].astext == connection,
        )
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    waiting = list((await session.execute(statement)).scalars().all())
    ready = []
    for run in waiting:
        needed = _needed(run.state_json)
        if _wakes_left(run.state_json) and set(needed) <= set(await _linked(session, run, needed)):
            ready.append(run)
    if ready:
        await _retry(session, ready, now=now, stuck_after=stuck_after)


async def _retry(
    session: AsyncSession, runs: Sequence[Run], *, now: datetime, stuck_after: timedelta
) -> None:
    """Retry each run with the links of the categories it needs among the links it knows."""
    for run in runs:
        state = run.state_json
        linked = await _linked(session, run, _needed(state))
        run.state_json = {**state, "links": {**(state.get("links") or {}), **linked}}
    await retry.retry_runs(
        session,
        tenant_id=runs[0].tenant_id,
        asked_by=WOKEN_BY,
        now=now,
        stuck_after=stuck_after,
        ids=[run.id for run in runs],
    )
