"""Routes of reconciliations: ask for one (202), read the report, re-run what is missing."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, status

from syncyard_orchestrator.deps import PrincipalDep, SessionDep, WriterDep
from syncyard_orchestrator.reconciliation import schemas, service

router = APIRouter(tags=["reconciliation"])


@router.post(
    "/v1/integrations/{integration_id}/reconciliations", status_code=status.HTTP_202_ACCEPTED
)
async def request_reconciliation(
    integration_id: uuid.UUID,
    request_in: schemas.ReconciliationIn,
    session: SessionDep,
    principal: WriterDep,
) -> schemas.ReconciliationRead:
    """Compare source and target for a flow (and, for orders, a period); read it by its id."""
    return await service.request(
        session=session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        request_in=request_in,
    )


@router.get("/v1/integrations/{integration_id}/reconciliations")
async def list_reconciliations(
    integration_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> schemas.ReconciliationList:
    """The integration's latest reports (daily and on demand), newest first, without items."""
    return await service.list_all(
        session=session, tenant_id=principal.tenant_id, integration_id=integration_id
    )


@router.get("/v1/reconciliations/{reconciliation_id}")
async def read_reconciliation(
    reconciliation_id: uuid.UUID,
    session: SessionDep,
    principal: PrincipalDep,
    kind: schemas.ItemKind | None = None,
    cursor: Annotated[
        str | None, Query(pattern="^[0-9]{1,18}$", description="next_cursor of the last page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=service.PAGE_LIMIT)] = 100,
) -> schemas.ReconciliationRead:
    """State, counts and a page of items (missing, extra, mismatched with both values)."""
    return await service.get(
        session=session,
        tenant_id=principal.tenant_id,
        reconciliation_id=reconciliation_id,
        kind=kind,
        cursor=cursor,
        limit=limit,
    )


@router.post(
    "/v1/reconciliations/{reconciliation_id}/rerun-missing",
    status_code=status.HTTP_202_ACCEPTED,
)
async def rerun_missing(
    reconciliation_id: uuid.UUID, session: SessionDep, principal: WriterDep
) -> schemas.RerunStarted:
    """Start runs for the missing source records, once: a second call starts none again."""
    return await service.rerun_missing(
        session=session, tenant_id=principal.tenant_id, reconciliation_id=reconciliation_id
    )
