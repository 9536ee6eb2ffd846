"""Routes of ``/v1/channels``: tenant-scoped; writes need the admin or operator role."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from syncyard_common.auth.dependencies import PrincipalDep, WriterDep
from syncyard_common.telemetry import scrub
from syncyard_common.web import etag
from syncyard_notifier.alerts.tables import AlertStatus
from syncyard_notifier.channel_setup import service
from syncyard_notifier.channel_setup.schemas import (
    ChannelCreated,
    ChannelIn,
    ChannelList,
    ChannelOut,
    ChannelPatch,
    ChannelTestResult,
)
from syncyard_notifier.channels import repository
from syncyard_notifier.channels.errors import ChannelTestFailed
from syncyard_notifier.channels.tables import Channel
from syncyard_notifier.deps import SecretKeyDep, SessionDep, SettingsDep

router = APIRouter(prefix="/v1/channels", tags=["channels"])


def _out(channel: Channel) -> ChannelOut:
    shown = ChannelOut.model_validate(channel)
    # Credentials in a webhook URL's query string are not echoed back.
    return shown.model_copy(update={"url": scrub.scrub_url(channel.url) if channel.url else None})


@router.post("", status_code=status.HTTP_201_CREATED)
async def create_channel(
    channel_in: ChannelIn,
    principal: WriterDep,
    session: SessionDep,
    settings: SettingsDep,
    key: SecretKeyDep,
) -> ChannelCreated:
    async with session.begin():
        channel, secret = await service.create(
            session=session,
            tenant_id=principal.tenant_id,
            channel_in=channel_in,
            settings=settings,
            key=key,
        )
    return ChannelCreated(**_out(channel).model_dump(), signing_secret=secret)


@router.get("")
async def list_channels(principal: PrincipalDep, session: SessionDep) -> ChannelList:
    channels = await service.list_channels(session=session, tenant_id=principal.tenant_id)
    return ChannelList(items=[_out(channel) for channel in channels])


def _etag(channel: Channel) -> str:
    """What the client sees plus the sealed secret: a new secret is a new version too."""
    return etag.tag(_out(channel).model_dump(mode="json"), channel.signing_secret_sealed or b"")


@router.get("/{channel_id}")
async def get_channel(
    channel_id: uuid.UUID, principal: PrincipalDep, session: SessionDep, response: Response
) -> ChannelOut:
    """With an ``ETag``: send it back as ``If-Match`` on PATCH so no edit is lost."""
    channel = await service.get(
        session=session, tenant_id=principal.tenant_id, channel_id=channel_id
    )
    response.headers["ETag"] = _etag(channel)
    return _out(channel)


@router.patch("/{channel_id}")
async def update_channel(
    channel_id: uuid.UUID,
    patch: ChannelPatch,
    principal: WriterDep,
    session: SessionDep,
    settings: SettingsDep,
    key: SecretKeyDep,
    response: Response,
    if_match: etag.IfMatch = None,
) -> ChannelOut:
    """Edit address, URL, secret, routes or is_active; 422 naming the field, nothing changed.
    With ``If-Match`` (the ETag of GET): 412 ``etag_mismatch`` if it changed meanwhile."""
    async with session.begin():
        await repository.lock(session, tenant_id=principal.tenant_id, channel_id=channel_id)
        if if_match is not None:
            current = await service.get(
                session=session, tenant_id=principal.tenant_id, channel_id=channel_id
            )
            etag.check(if_match, _etag(current))
        channel = await service.update(
            session=session,
            tenant_id=principal.tenant_id,
            channel_id=channel_id,
            patch=patch,
            settings=settings,
            key=key,
        )
        response.headers["ETag"] = _etag(channel)
    return _out(channel)


@router.delete(
    "/{channel_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={
        409: {
            "description": "channel_in_use: the only channel live alerts still reach; the "
            "problem lists them (alert_ids) and their integration_ids. Add a channel that "
            "takes them, or delete with force=true."
        }
    },
)
async def delete_channel(
    channel_id: uuid.UUID,
    principal: WriterDep,
    session: SessionDep,
    force: Annotated[
        bool,
        Query(
            description="Delete even while live alerts reach no other channel (they are "
            "still listed under /v1/alerts; their further messages go nowhere)."
        ),
    ] = False,
) -> Response:
    """Soft delete; pending deliveries of the channel are cancelled. 409 ``channel_in_use``
    while it is the last channel that a live (open or acknowledged) alert reaches."""
    async with session.begin():
        await service.delete(
            session=session, tenant_id=principal.tenant_id, channel_id=channel_id, force=force
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{channel_id}/test",
    responses={
        502: {
            "description": "channel_test_failed: the receiver (mail server or webhook URL) "
            "did not take the test alert; the problem says why and names the recorded alert_id."
        }
    },
    # Calls the channel's receiver live, so its failure is a 502 by design (tests/openapi).
    openapi_extra={"x-calls-remote": True},
)
async def test_channel(
    channel_id: uuid.UUID,
    principal: WriterDep,
    session: SessionDep,
    settings: SettingsDep,
    key: SecretKeyDep,
) -> ChannelTestResult:
    async with session.begin():
        alert = await service.send_test(
            session=session,
            tenant_id=principal.tenant_id,
            channel_id=channel_id,
            settings=settings,
            key=key,
        )
    # Raised after the commit so the failed attempt stays in the alert history.
    if alert.status != AlertStatus.SENT:
        raise ChannelTestFailed(alert.id, alert.last_error or "unknown error")
    return ChannelTestResult(alert_id=alert.id, status="sent")
