"""Routes to read, count and retry runs, scoped to the caller's tenant."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, status

from syncyard_common.web import page_cursor
from syncyard_common.web.errors import NotFound, Unprocessable
from syncyard_orchestrator.deps import PrincipalDep, SessionDep, WriterDep
from syncyard_orchestrator.runs import counts, filters, repository, retry, schemas

router = APIRouter(tags=["runs"])

Time = Annotated[
    str | None,
    Query(
        max_length=64,
        description="RFC 3339 with zone, e.g. 2026-12-07T10:00:00Z",
        json_schema_extra={"format": "date-time"},
    ),
]
Text = Annotated[str | None, Query(min_length=1, max_length=250)]
# Fixed lists, declared as enums; an unknown value is still refused by the filters (422).
FlowQuery = Annotated[
    str | None, Query(max_length=250, json_schema_extra={"enum": list(filters.FLOWS)})
]
StateQuery = Annotated[
    str | None, Query(max_length=250, json_schema_extra={"enum": list(filters.RUN_STATES)})
]


def _stuck_after(request: Request) -> timedelta:
    return timedelta(seconds=request.app.state.settings.run_stuck_after_seconds)


@router.get("/v1/runs", response_model=schemas.RunPage)
async def list_runs(
    session: SessionDep,
    principal: PrincipalDep,
    integration_id: uuid.UUID | None = None,
    flow: FlowQuery = None,
    state: StateQuery = None,
    created_from: Time = None,
    created_to: Time = None,
    entity_ref: Text = None,
    external_reference: Text = None,
    failure_code: Text = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: page_cursor.CursorQuery = None,
) -> schemas.RunPage:
    """Newest first; every filter given narrows the list; ``next_cursor`` pages on."""
    where = filters.from_query(
        integration_id=integration_id,
        flow=flow,
        state=state,
        created_from=created_from,
        created_to=created_to,
        entity_ref=entity_ref,
        external_reference=external_reference,
        failure_code=failure_code,
    )
    after = page_cursor.decode(cursor) if cursor else None
    rows = await repository.list_page(
        session, tenant_id=principal.tenant_id, where=where, limit=limit, after=after
    )
    next_cursor = schemas.encode_cursor(rows[-1]) if len(rows) == limit else None
    return schemas.RunPage(
        items=[schemas.RunOut.from_row(row) for row in rows], next_cursor=next_cursor
    )


@router.get("/v1/runs/counts", response_model=schemas.RunCounts)
async def count_runs(
    session: SessionDep,
    principal: PrincipalDep,
    bucket: counts.Bucket = "hour",
    from_: Annotated[
        str | None, Query(alias="from", max_length=64, json_schema_extra={"format": "date-time"})
    ] = None,
    to: Time = None,
    integration_id: uuid.UUID | None = None,
    flow: FlowQuery = None,
) -> schemas.RunCounts:
    """Runs started per bucket, flow and state in [from, to) (default: the last 24 hours by
    hour, the last 30 days by day)."""
    try:
        where = filters.from_query(flow=flow, created_from=from_, created_to=to)
    except Unprocessable as error:  # named as this route's parameters are
        names = {"created_from": "from", "created_to": "to"}
        error.field = names.get(error.field or "", error.field)
        error.message = error.message.replace("created_from", "from").replace("created_to", "to")
        raise
    start, end = counts.time_range(
        bucket, where.created_from, where.created_to, now=datetime.now(UTC)
    )
    return await counts.count(
        session,
        tenant_id=principal.tenant_id,
        bucket=bucket,
        start=start,
        end=end,
        integration_id=integration_id,
        flow=where.flow,
    )


@router.get("/v1/runs/{run_id:uuid}", response_model=schemas.RunDetail)  # not /v1/runs/retry
async def get_run(
    run_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> schemas.RunDetail:
    """One run with its steps (what the runner did; payloads are in the activity log)."""
    row = await repository.get(session, tenant_id=principal.tenant_id, run_id=run_id)
    if row is None:
        raise NotFound("run_not_found", f"Run {run_id} does not exist.")
    return schemas.RunDetail.from_row(row)


@router.post(
    "/v1/runs/{run_id}/retry",
    response_model=schemas.RunDetail,
    status_code=status.HTTP_202_ACCEPTED,
)
async def retry_run(
    run_id: uuid.UUID, request: Request, session: SessionDep, principal: WriterDep
) -> schemas.RunDetail:
    """Retry a failed run from its failed step; 409 when it is not failed or a later run of
    the same record exists."""
    async with session.begin():
        row = await retry.retry_run(
            session,
            tenant_id=principal.tenant_id,
            run_id=run_id,
            asked_by=principal.subject,
            now=datetime.now(UTC),
            stuck_after=_stuck_after(request),
        )
        answer = schemas.RunDetail.from_row(row)
    return answer


@router.post("/v1/runs/retry", response_model=schemas.RetryAnswer)
async def retry_runs(
    body: schemas.RetryRequest, request: Request, session: SessionDep, principal: WriterDep
) -> schemas.RetryAnswer:
    """Retry the failed runs matching ``ids`` and/or the filters, oldest first, at most
    ``limit``; the answer says which were retried and why the others were not."""
    where = body.selection()
    async with session.begin():
        report = await retry.retry_runs(
            session,
            tenant_id=principal.tenant_id,
            asked_by=principal.subject,
            now=datetime.now(UTC),
            stuck_after=_stuck_after(request),
            where=where,
            ids=body.ids,
            limit=body.limit,
        )
    return schemas.RetryAnswer(
        retried=len(report.retried),
        retried_ids=report.retried,
        skipped=[schemas.SkippedOut(**vars(skipped)) for skipped in report.skipped],
        capped=report.capped,
    )
