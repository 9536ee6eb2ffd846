"""POST /v1/data-subjects/erase and GET /v1/data-subjects/erasures/{id} (the receipt)."""

import uuid
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response, status

from syncyard_common.auth.dependencies import AdminDep
from syncyard_orchestrator.data_subjects import schemas, service
from syncyard_orchestrator.deps import PrincipalDep, SessionDep

router = APIRouter(prefix="/v1/data-subjects", tags=["data subjects"])


@router.post("/erase", status_code=status.HTTP_202_ACCEPTED, response_model=schemas.ErasureOut)
async def erase_data_subject(
    body: schemas.EraseRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: AdminDep,
) -> schemas.ErasureOut:
    """Erase a person from every service (admins only). Answers at once with the receipt,
    ``pending`` until every service has reported what it erased; poll its Location."""
    salt = request.app.state.settings.erasure_salt.get_secret_value().encode()
    async with session.begin():
        erasure = await service.request_erasure(
            session, body, principal=principal, salt=salt, now=datetime.now(UTC)
        )
        out = service.to_out(erasure)
    response.headers["Location"] = f"/v1/data-subjects/erasures/{erasure.id}"
    return out


@router.get("/erasures/{erasure_id}", response_model=schemas.ErasureOut)
async def get_erasure(
    erasure_id: uuid.UUID, session: SessionDep, principal: PrincipalDep
) -> schemas.ErasureOut:
    return await service.receipt(session, erasure_id, tenant_id=principal.tenant_id)
