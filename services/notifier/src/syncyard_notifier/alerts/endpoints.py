"""Routes of ``/v1/alerts``: what was sent, or is still to send, for the caller's tenant."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from syncyard_common.auth.dependencies import PrincipalDep
from syncyard_notifier.alerts import repository
from syncyard_notifier.alerts.schemas import AlertList, AlertOut
from syncyard_notifier.deps import SessionDep

router = APIRouter(prefix="/v1/alerts", tags=["alerts"])

StatusFilter = Literal["pending", "sent", "failed", "cancelled"]


@router.get("")
async def list_alerts(
    principal: PrincipalDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    status: StatusFilter | None = None,
) -> AlertList:
    alerts = await repository.list_for_tenant(
        session, tenant_id=principal.tenant_id, limit=limit, status=status
    )
    return AlertList(items=[AlertOut.model_validate(alert) for alert in alerts])
