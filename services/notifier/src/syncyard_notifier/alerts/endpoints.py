"""Routes of ``/v1/deliveries``: what was sent, or is still to send, for the caller's tenant."""

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from syncyard_common.auth.dependencies import PrincipalDep
from syncyard_notifier.alerts import repository
from syncyard_notifier.alerts.schemas import DeliveryList, DeliveryOut
from syncyard_notifier.alerts.tables import Alert
from syncyard_notifier.deps import SessionDep

router = APIRouter(prefix="/v1/deliveries", tags=["alerts"])

StatusFilter = Literal["pending", "sent", "failed", "cancelled"]


def delivery_out(row: Alert) -> DeliveryOut:
    return DeliveryOut.model_validate(row).model_copy(update={"alert_id": row.incident_id})


@router.get("")
async def list_deliveries(
    principal: PrincipalDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    status: StatusFilter | None = None,
) -> DeliveryList:
    rows = await repository.list_for_tenant(
        session, tenant_id=principal.tenant_id, limit=limit, status=status
    )
    return DeliveryList(items=[delivery_out(row) for row in rows])
