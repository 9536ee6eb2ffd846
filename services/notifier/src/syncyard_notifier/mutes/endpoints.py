"""Routes of ``/v1/integrations/{id}/mute``: quiet an integration's alerts for a while.

The notifier does not own integrations (the orchestrator does): a new mute's integration is
looked up there with the caller's token (404 for another tenant's or an unknown id), and every
mute is scoped to the caller's tenant, so it can never touch another tenant's alerts.
"""

import uuid
from datetime import timedelta

from fastapi import APIRouter, Request, Response, status

from syncyard_common.auth.dependencies import PrincipalDep, WriterDep
from syncyard_common.web import integration_owner
from syncyard_notifier.deps import SessionDep
from syncyard_notifier.mutes import repository
from syncyard_notifier.mutes.errors import NotMuted
from syncyard_notifier.mutes.schemas import MuteIn, MuteOut
from syncyard_notifier.schema import utc_now
from syncyard_notifier.settings import NotifierSettings

router = APIRouter(prefix="/v1/integrations", tags=["mutes"])
LONGEST_MUTE = timedelta(days=30)


@router.post("/{integration_id}/mute")
async def mute(
    integration_id: uuid.UUID,
    mute_in: MuteIn,
    request: Request,
    principal: WriterDep,
    session: SessionDep,
) -> MuteOut:
    """Alerts are recorded, not delivered, until ``until``, at most 30 days from now (a later
    one is shortened: the answer says until when). A time already past mutes nothing."""
    now = utc_now()
    until = min(mute_in.until, now + LONGEST_MUTE)
    settings: NotifierSettings = request.app.state.settings
    await integration_owner.check_integration(
        orchestrator_url=settings.orchestrator_url,
        credentials=integration_owner.caller_credentials(request.headers),
        integration_id=integration_id,
        timeout=settings.peer_timeout_seconds,
    )
    async with session.begin():
        row = await repository.put(
            session,
            tenant_id=principal.tenant_id,
            integration_id=integration_id,
            until=until,
            muted_by=principal.subject,
            now=now,
        )
        return MuteOut.model_validate(row)


@router.get("/{integration_id}/mute")
async def show_mute(
    integration_id: uuid.UUID, principal: PrincipalDep, session: SessionDep
) -> MuteOut:
    row = await repository.get_active(
        session, tenant_id=principal.tenant_id, integration_id=integration_id, now=utc_now()
    )
    if row is None:
        raise NotMuted(integration_id)
    return MuteOut.model_validate(row)


@router.delete("/{integration_id}/mute", status_code=status.HTTP_204_NO_CONTENT)
async def unmute(integration_id: uuid.UUID, principal: WriterDep, session: SessionDep) -> Response:
    async with session.begin():
        removed = await repository.remove(
            session, tenant_id=principal.tenant_id, integration_id=integration_id
        )
    if not removed:
        raise NotMuted(integration_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
