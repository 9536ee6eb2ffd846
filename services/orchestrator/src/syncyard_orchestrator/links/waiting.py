"""A child category waits for its parent by itself.

A category whose parent has no link yet cannot be placed (its parent's source id is never
passed on as the target's id), so its run fails with the retryable code
``parent_category_not_synced``. Then, in the same transaction:

* the parent's own run is started: a ``gateway.record.fetch.v1`` asks the source for the
  parent, and the gateway announces it as changed, as it does for a webhook;
* when a category run ends done or skipped, the runs that wait for it as their parent are
  retried with its link, so a tree synced child-first ends with every category linked under
  its parent.

A child is woken at most ``MAX_WAKES`` times, so a parent that can never be linked leaves the
child failed with its reason instead of fetching for ever."""

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope, records
from syncyard_orchestrator.flows.categories.rules import PARENT_NOT_SYNCED
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.orm import SCHEMA
from syncyard_orchestrator.runs import retry
from syncyard_orchestrator.runs.tables import Run

FLOW = "categories"
MAX_WAKES = 5
WOKEN_BY = "the sync of its parent category"


async def after_decision(
    session: AsyncSession, row: Run, *, now: datetime, stuck_after: timedelta
) -> None:
    """Start the parent a child waits for, or wake the children waiting for this one."""
    if row.flow != FLOW:
        return
    state: dict[str, Any] = row.state_json
    if row.state == "failed" and row.failure_code == PARENT_NOT_SYNCED:
        await _wait_for_parent(session, row, state, now=now, stuck_after=stuck_after)
    elif row.state in ("done", "skipped"):
        await _wake_children(session, row, state, now=now, stuck_after=stuck_after)


def _parent_of(state: dict[str, Any]) -> str | None:
    parent = (state.get("record") or {}).get("parent_source_id")
    return str(parent) if parent else None


async def _wait_for_parent(
    session: AsyncSession,
    row: Run,
    state: dict[str, Any],
    *,
    now: datetime,
    stuck_after: timedelta,
) -> None:
    parent = _parent_of(state)
    if parent is None or int(state.get("retry_count") or 0) >= MAX_WAKES:
        return
    if await _parent_link(session, row, state, parent):
        # Linked since this run started (another run finished meanwhile): go again now.
        await _retry(session, [row], parent, now=now, stuck_after=stuck_after)
        return
    fetch = records.FetchRecordV1(
        connection_id=uuid.UUID(str(state["source_connection_id"])),
        entity=FLOW,
        record_id=parent,
        topic="parent of a waiting category",
        source_event_key=f"parent-of:{row.id}:{state.get('retry_count') or 0}",
    )
    payload = fetch.model_dump(mode="json")
    envelope = Envelope(
        id=uuid.uuid4(),
        type=payload["type"],
        source="orchestrator",
        subject=parent,
        tenant_id=row.tenant_id,
        integration_id=row.integration_id,
        flow=FLOW,
        correlation_id=uuid.uuid4(),  # the parent's run gets an id of its own
        causation_id=row.id,
        time=now,
        payload=payload,
    )
    await outbox.add(session, schema=SCHEMA, envelope=envelope)


async def _parent_link(
    session: AsyncSession, row: Run, state: dict[str, Any], parent: str
) -> str | None:
    found = await links_repository.targets(
        session,
        integration_id=row.integration_id,
        entity=FLOW,
        source_connection_id=uuid.UUID(str(state["source_connection_id"])),
        source_ids=[parent],
    )
    return found.get(parent)


async def _wake_children(
    session: AsyncSession,
    row: Run,
    state: dict[str, Any],
    *,
    now: datetime,
    stuck_after: timedelta,
) -> None:
    parent = str(state["source_id"])
    statement = (
        select(Run)
        .where(
            Run.tenant_id == row.tenant_id,
            Run.integration_id == row.integration_id,
            Run.flow == FLOW,
            Run.state == "failed",
            Run.failure_code == PARENT_NOT_SYNCED,
            Run.state_json["record"]["parent_source_id"].astext == parent,
            Run.state_json["source_connection_id"].astext == str(state["source_connection_id"]),
        )
        .limit(100)
        .with_for_update(skip_locked=True)
    )
    waiting = [
        child
        for child in (await session.execute(statement)).scalars().all()
        if int(child.state_json.get("retry_count") or 0) < MAX_WAKES
    ]
    if waiting and await _parent_link(session, row, state, parent):
        await _retry(session, waiting, parent, now=now, stuck_after=stuck_after)


async def _retry(
    session: AsyncSession,
    children: list[Run],
    parent: str,
    *,
    now: datetime,
    stuck_after: timedelta,
) -> None:
    """Retry each child with the parent's link among the links it knows."""
    for child in children:
        state = child.state_json
        target = await _parent_link(session, child, state, parent)
        if target is None:
            continue
        child.state_json = {**state, "links": {**(state.get("links") or {}), parent: target}}
    await retry.retry_runs(
        session,
        tenant_id=children[0].tenant_id,
        asked_by=WOKEN_BY,
        now=now,
        stuck_after=stuck_after,
        ids=[child.id for child in children],
    )
