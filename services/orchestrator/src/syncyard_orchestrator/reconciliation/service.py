"""Use cases of reconciliations: ask for one, read a report, re-run what is missing."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.broker import outbox
from syncyard_common.messages import Envelope, records
from syncyard_orchestrator.integrations import repository as integrations_repository
from syncyard_orchestrator.integrations import service as integrations_service
from syncyard_orchestrator.links import repository as links_repository
from syncyard_orchestrator.reconciliation import daily, errors, repository, schemas
from syncyard_orchestrator.reconciliation.tables import Reconciliation, ReconciliationItem
from syncyard_orchestrator.schema import SCHEMA, SOURCE

# Fixed namespace of re-run message ids: the same missing record of the same report always
# gets the same id, so the consumer's inbox starts its run once, whatever happens.
RERUN_NAMESPACE = uuid.UUID("2c4f0b7e-3d1a-5e8b-9f60-7a1c2d3e4b5f")
PAGE_LIMIT = 500


def _check(request: schemas.ReconciliationIn) -> None:
    if request.flow not in daily.RECONCILED_FLOWS:
        raise errors.InvalidRequest(
            "flow_not_reconciled",
            f"flow: {request.flow!r} is not reconciled; use one of "
            f"{', '.join(daily.RECONCILED_FLOWS)}.",
            field="flow",
        )
    start, end = request.period_from, request.period_to
    if request.flow == "orders":
        for name, value in (("from", start), ("to", end)):
            if value is None:
                raise errors.InvalidRequest(
                    "period_required", f"{name}: orders are reconciled per period.", field=name
                )


async def request(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    integration_id: uuid.UUID,
    request_in: schemas.ReconciliationIn,
) -> schemas.ReconciliationRead:
    """Queue an on-demand report; a replica's reconciliation loop reads it (202)."""
    _check(request_in)
    async with session.begin():
        await integrations_service.get(
            session=session, tenant_id=tenant_id, integration_id=integration_id
        )
        if (
            await integrations_repository.flow_of(
                session, integration_id=integration_id, flow=request_in.flow
            )
            is None
        ):
            raise errors.InvalidRequest(
                "flow_not_configured",
                f"flow: the integration has no {request_in.flow} flow; configure it first "
                "(its direction says which side is the source).",
                field="flow",
            )
        report = Reconciliation(
            id=uuid.uuid4(),
            tenant_id=tenant_id,
            integration_id=integration_id,
            flow=request_in.flow,
            period_from=request_in.period_from,
            period_to=request_in.period_to,
            origin="on_demand",
            state="queued",
            source_count=0,
            target_count=0,
            matched=0,
            missing=0,
            extra=0,
            mismatched=0,
            reads=0,
            created_at=datetime.now(UTC),
        )
        await repository.add(session, report)
        return read_model(report, [])


def read_model(
    report: Reconciliation, items: Sequence[ReconciliationItem], next_cursor: str | None = None
) -> schemas.ReconciliationRead:
    return schemas.ReconciliationRead(
        id=report.id,
        integration_id=report.integration_id,
        flow=report.flow,
        period_from=report.period_from,
        period_to=report.period_to,
        origin=report.origin,  # type: ignore[arg-type]
        state=report.state,  # type: ignore[arg-type]
        counts=schemas.Counts(
            source=report.source_count,
            target=report.target_count,
            matched=report.matched,
            missing=report.missing,
            extra=report.extra,
            mismatched=report.mismatched,
        ),
        error=report.error,
        pages_read=report.reads,
        created_at=report.created_at,
        started_at=report.started_at,
        finished_at=report.finished_at,
        items=[
            schemas.ItemRead(
                kind=item.kind,  # type: ignore[arg-type]
                reference=item.reference,
                source_id=item.source_id,
                target_id=item.target_id,
                field=item.field,
                source_value=item.source_value,
                target_value=item.target_value,
                rerun_at=item.rerun_at,
            )
            for item in items
        ],
        next_cursor=next_cursor,
    )


async def get(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    reconciliation_id: uuid.UUID,
    kind: str | None,
    cursor: str | None,
    limit: int,
) -> schemas.ReconciliationRead:
    after = 0
    if cursor is not None:
        if not cursor.isdigit():
            raise errors.InvalidRequest(
                "bad_cursor", "cursor: not one this API gave.", field="cursor"
            )
        after = int(cursor)
    async with session.begin():
        report = await repository.get(
            session, tenant_id=tenant_id, reconciliation_id=reconciliation_id
        )
        if report is None:  # also for another tenant's id: 404, never 403
            raise errors.ReconciliationNotFound(reconciliation_id)
        found = await repository.items(
            session, reconciliation_id=report.id, kind=kind, after=after, limit=limit + 1
        )
    page = list(found[:limit])
    more = str(page[-1].position) if len(found) > limit else None
    return read_model(report, page, more)


async def list_all(
    *, session: AsyncSession, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> schemas.ReconciliationList:
    async with session.begin():
        await integrations_service.get(
            session=session, tenant_id=tenant_id, integration_id=integration_id
        )
        found = await repository.list_for_integration(
            session, tenant_id=tenant_id, integration_id=integration_id, limit=100
        )
    return schemas.ReconciliationList(items=[read_model(report, []) for report in found])


async def rerun_missing(
    *, session: AsyncSession, tenant_id: uuid.UUID, reconciliation_id: uuid.UUID
) -> schemas.RerunStarted:
    """Start a run for every missing source record, through the normal run path: one
    ``record.changed.v1`` each, staged in the outbox with the items marked, in one
    transaction. The order flow checks the target by external reference before it creates,
    so even a record that arrived meanwhile is not doubled."""
    now = datetime.now(UTC)
    async with session.begin():
        report = await repository.get(
            session, tenant_id=tenant_id, reconciliation_id=reconciliation_id, lock=True
        )
        if report is None:
            raise errors.ReconciliationNotFound(reconciliation_id)
        if report.state != "done":
            raise errors.NotFinished(report.state)
        found = await integrations_repository.flow_of(
            session, integration_id=report.integration_id, flow=report.flow
        )
        if found is None or not found[1].is_active:
            raise errors.FlowNotActive(report.flow)
        fresh, already = await repository.missing_to_rerun(session, reconciliation_id=report.id)
        for item in fresh:
            await _stage_rerun(session, report, item)
            item.rerun_at = now
    return schemas.RerunStarted(
        reconciliation_id=report.id, started=len(fresh), already_started=already
    )


async def _stage_rerun(
    session: AsyncSession, report: Reconciliation, item: ReconciliationItem
) -> None:
    assert item.source_connection_id is not None
    assert item.source_id is not None
    # The target lacks the record: a link to it is stale (the record was deleted there), and
    # would make the run update a record that is gone instead of writing it again.
    await links_repository.forget(
        session,
        integration_id=report.integration_id,
        entity=report.flow,
        source_connection_id=item.source_connection_id,
        source_id=item.source_id,
    )
    message = records.RecordChangedV1(
        connection_id=item.source_connection_id,
        entity=report.flow,
        source_id=item.source_id,
        record=item.record or {},
        topic="reconciliation",
        source_event_key=f"reconciliation:{report.id}:{item.position}",
    )
    await outbox.add(
        session,
        schema=SCHEMA,
        envelope=Envelope(
            id=uuid.uuid5(RERUN_NAMESPACE, f"{report.id}:{item.position}"),
            type=message.type,
            source=SOURCE,
            subject=item.reference,
            tenant_id=report.tenant_id,
            integration_id=report.integration_id,
            flow=report.flow,
            correlation_id=uuid.uuid4(),  # one run per record, as for a polled change
            payload=message.model_dump(mode="json"),
        ),
    )
