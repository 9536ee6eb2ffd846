"""Routes to read runs, scoped to the caller's tenant."""

import binascii
import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from syncyard_common.web.errors import NotFound, Unprocessable
from syncyard_orchestrator.deps import PrincipalDep, SessionDep
from syncyard_orchestrator.flows import orders
from syncyard_orchestrator.runs import repository, schemas

router = APIRouter(tags=["runs"])


@router.get("/v1/runs", response_model=schemas.RunPage)
async def list_runs(
    session: SessionDep,
    principal: PrincipalDep,
    integration_id: uuid.UUID | None = None,
    state: orders.OrderFlowState | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> schemas.RunPage:
    try:
        after = schemas.decode_cursor(cursor) if cursor else None
    except (ValueError, binascii.Error):
        raise Unprocessable("invalid_cursor", "The cursor is not valid.", field="cursor") from None
    rows = await repository.list_page(
        session,
        tenant_id=principal.tenant_id,
        integration_id=integration_id,
        state=state.value if state is not None else None,
        limit=limit,
        after=after,
    )
    next_cursor = schemas.encode_cursor(rows[-1]) if len(rows) == limit else None
    return schemas.RunPage(
        items=[schemas.RunOut.from_row(row) for row in rows], next_cursor=next_cursor
    )


@router.get("/v1/runs/{run_id}", response_model=schemas.RunOut)
async def get_run(
    run_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> schemas.RunOut:
    row = await repository.get(session, tenant_id=principal.tenant_id, run_id=run_id)
    if row is None:
        raise NotFound("run_not_found", f"Run {run_id} does not exist.")
    return schemas.RunOut.from_row(row)
