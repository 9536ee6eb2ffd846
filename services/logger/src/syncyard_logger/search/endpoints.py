"""Routes: the log of one run, and an integration's log with filters and cursor pages."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from syncyard_common.messages.audit import StepOutcome
from syncyard_common.web import integration_owner, page_cursor
from syncyard_common.web.errors import NotFound
from syncyard_common.web.instant import Instant
from syncyard_logger.deps import PrincipalDep, SessionDep
from syncyard_logger.search import repository, schemas
from syncyard_logger.settings import LoggerSettings

router = APIRouter(prefix="/v1", tags=["activity log"])


def _entry(row: Any) -> schemas.EntryOut:
    return schemas.EntryOut.model_validate(dict(row._mapping))


@router.get("/runs/{run_id}/log")
async def get_run_log(
    run_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> schemas.RunLogOut:
    """Every step of one run, in time order, with what was received, sent and answered."""
    rows = await repository.run_log(session, tenant_id=principal.tenant_id, run_id=run_id)
    if not rows:
        raise NotFound("run_not_found", "No activity is logged for this run.")
    return schemas.RunLogOut(run_id=run_id, entries=[_entry(row) for row in rows])


@router.get("/integrations/{integration_id}/log")
async def get_integration_log(
    integration_id: uuid.UUID,
    request: Request,
    principal: PrincipalDep,
    session: SessionDep,
    status: StepOutcome | None = None,
    flow: Annotated[str | None, Query(max_length=40)] = None,
    entity_ref: Annotated[str | None, Query(max_length=300)] = None,
    since: Instant | None = None,
    until: Instant | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor_: Annotated[
        str | None,
        Query(alias="cursor", pattern=page_cursor.PATTERN, description=page_cursor.DESCRIPTION),
    ] = None,
    include_payloads: bool = False,
) -> schemas.EntryPage:
    """Newest first; filter by outcome (``status``), flow, entity and time; page by cursor."""
    rows = await repository.integration_log(
        session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        outcome=None if status is None else status.value,
        flow=flow,
        entity_ref=entity_ref,
        since=since,
        until=until,
        after=None if cursor_ is None else page_cursor.decode(cursor_),
        limit=limit + 1,
        with_payloads=include_payloads,
    )
    if not rows and cursor_ is None:
        await _check_ownership(request, session, principal.tenant_id, integration_id)
    page = rows[:limit]
    next_cursor = None
    if len(rows) > limit:
        last = page[-1]
        next_cursor = page_cursor.encode(last.occurred_at, last.id)
    return schemas.EntryPage(items=[_entry(row) for row in page], next_cursor=next_cursor)


async def _check_ownership(
    request: Request, session: SessionDep, tenant_id: uuid.UUID, integration_id: uuid.UUID
) -> None:
    """An empty first page: 404 unless the integration is the caller's (the orchestrator says;
    asked only when the tenant has no entry at all for it, else the entries prove it)."""
    if await repository.has_integration_entries(
        session, tenant_id=tenant_id, integration_id=integration_id
    ):
        return  # the filters left nothing, but the integration is the tenant's
    settings: LoggerSettings = request.app.state.settings
    await integration_owner.check_integration(
        orchestrator_url=settings.orchestrator_url,
        credentials=integration_owner.caller_credentials(request.headers),
        integration_id=integration_id,
        timeout=settings.peer_timeout_seconds,
    )
