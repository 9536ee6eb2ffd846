"""Routes of ``/v1/alerts``: the tenant's alerts by state, one alert, acknowledge."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from syncyard_common.auth.dependencies import PrincipalDep, WriterDep
from syncyard_notifier.alerts.endpoints import delivery_out
from syncyard_notifier.deps import SessionDep
from syncyard_notifier.incidents import repository, service
from syncyard_notifier.incidents.errors import AlertNotFound
from syncyard_notifier.incidents.schemas import AlertDetail, AlertList, AlertOut
from syncyard_notifier.schema import utc_now

router = APIRouter(prefix="/v1/alerts", tags=["alerts"])

StateFilter = Literal["open", "acknowledged", "resolved"]
KindFilter = Literal["run_failures", "connection_outage", "connection_failed"]


@router.get("")
async def list_alerts(
    principal: PrincipalDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    state: StateFilter | None = None,
    integration_id: uuid.UUID | None = None,
    kind: KindFilter | None = None,
) -> AlertList:
    rows = await repository.list_for_tenant(
        session,
        tenant_id=principal.tenant_id,
        limit=limit,
        state=state,
        integration_id=integration_id,
        kind=kind,
    )
    return AlertList(items=[AlertOut.model_validate(row) for row in rows])


@router.get("/{alert_id}")
async def get_alert(
    alert_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> AlertDetail:
    incident = await repository.get(session, tenant_id=principal.tenant_id, incident_id=alert_id)
    if incident is None:
        raise AlertNotFound(alert_id)
    deliveries = await repository.deliveries_of(session, incident_id=incident.id)
    return AlertDetail(
        **AlertOut.model_validate(incident).model_dump(),
        failing_runs=await repository.count_runs(session, incident_id=incident.id),
        deliveries=[delivery_out(row) for row in deliveries],
    )


@router.post("/{alert_id}/acknowledge")
async def acknowledge_alert(
    alert_id: uuid.UUID, principal: WriterDep, session: SessionDep
) -> AlertOut:
    """Someone is on it: records who and when; repeats of the alert stay quiet until resolved."""
    async with session.begin():
        incident = await service.acknowledge(
            session,
            tenant_id=principal.tenant_id,
            incident_id=alert_id,
            by=principal.subject,
            now=utc_now(),
        )
        return AlertOut.model_validate(incident)
