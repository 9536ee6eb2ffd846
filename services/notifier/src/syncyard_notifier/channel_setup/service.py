"""Use cases of channels: create and edit (URL guard, secret sealed), list, delete, test."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.egress import address_guard
from syncyard_notifier import compose
from syncyard_notifier.alerts import repository as alert_repository
from syncyard_notifier.alerts.tables import Alert, AlertStatus
from syncyard_notifier.channel_setup.schemas import ChannelIn, ChannelPatch, Route
from syncyard_notifier.channels import in_use, repository, secret_storage, sender, signing
from syncyard_notifier.channels.errors import (
    ChannelGone,
    ChannelNotFound,
    DeliveryFailed,
    FieldNotAllowed,
    FieldRequired,
    KindConflict,
    WebhookUrlRefused,
)
from syncyard_notifier.channels.tables import Channel
from syncyard_notifier.incidents import repository as incident_repository
from syncyard_notifier.mutes import repository as mute_repository
from syncyard_notifier.schema import utc_now
from syncyard_notifier.settings import NotifierSettings


async def _checked_webhook_url(url: str, *, settings: NotifierSettings) -> str:
    """The URL as saved; 422 for a scheme, user name, fragment or address the guard refuses.

    A host that does not resolve (yet) is taken: DNS is not the document's to state, a
    receiver's name may be set up after its channel, and nothing unsafe can follow from it,
    since every send resolves again and connects only to an address the guard passed. The
    test send (``POST /v1/channels/{id}/test``) tells whether it answers."""
    try:
        target = address_guard.parse(url, allow_private=settings.allow_private_targets)
        await address_guard.resolve(target, allow_private=settings.allow_private_targets)
    except address_guard.HostUnresolved:
        pass
    except address_guard.TargetRefused as exc:
        raise WebhookUrlRefused(str(exc)) from None
    return target.url.strip()


async def create(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    channel_in: ChannelIn,
    settings: NotifierSettings,
    key: bytes,
) -> tuple[Channel, str | None]:
    """Save a channel; returns it and, for a webhook, the signing secret to show once."""
    channel = Channel(
        id=uuid.uuid4(),
        tenant_id=tenant_id,
        kind=channel_in.kind,
        routes=_stored_routes(channel_in.routes),
    )
    if channel_in.kind == "email":
        if channel_in.address is None:
            raise FieldRequired("address", channel_in.kind)
        for name in ("url", "secret"):
            if getattr(channel_in, name) is not None:
                raise FieldNotAllowed(name, channel_in.kind)
        channel.address = channel_in.address
        return await repository.add(session, channel=channel), None
    if channel_in.url is None:
        raise FieldRequired("url", channel_in.kind)
    if channel_in.address is not None:
        raise FieldNotAllowed("address", channel_in.kind)
    channel.url = await _checked_webhook_url(channel_in.url, settings=settings)
    secret = channel_in.secret or signing.generate_secret()
    channel.signing_secret_sealed = secret_storage.seal(
        key=key, tenant_id=tenant_id, channel_id=channel.id, secret=secret
    )
    return await repository.add(session, channel=channel), secret


def _stored_routes(routes: list[Route] | None) -> list[dict[str, str | None]] | None:
    if routes is None:
        return None
    return [{"integration_id": str(r.integration_id), "flow": r.flow} for r in routes]


async def update(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    channel_id: uuid.UUID,
    patch: ChannelPatch,
    settings: NotifierSettings,
    key: bytes,
) -> Channel:
    """Change only the fields given; a new webhook URL passes the guard, a new secret is
    sealed afresh. Nothing is saved when any field is refused."""
    channel = await get(session=session, tenant_id=tenant_id, channel_id=channel_id)
    given = patch.model_fields_set
    allowed = {"address"} if channel.kind == "email" else {"url", "secret"}
    # What a channel of this kind takes depends on the stored channel, not on the body alone:
    # a clash is a 409 (a null for a field the kind has not, or for is_active, changes nothing).
    for name in ("address", "url", "secret"):
        value = getattr(patch, name)
        if name in given and name in allowed and value is None and name != "secret":
            raise KindConflict(f"A {channel.kind} channel needs {name}.", name)
        if name in given and name not in allowed and value is not None:
            raise KindConflict(f"A {channel.kind} channel has no {name}.", name)
    if patch.address is not None:
        channel.address = patch.address
    if patch.url is not None:
        channel.url = await _checked_webhook_url(patch.url, settings=settings)
    if patch.secret is not None and "secret" in allowed:
        channel.signing_secret_sealed = secret_storage.seal(
            key=key, tenant_id=tenant_id, channel_id=channel.id, secret=patch.secret
        )
    if "routes" in given:
        channel.routes = _stored_routes(patch.routes)
    if patch.is_active is not None:
        channel.is_active = patch.is_active
        channel.disabled_reason = None if patch.is_active else channel.disabled_reason
    session.add(channel)
    await session.flush()
    return channel


async def get(*, session: AsyncSession, tenant_id: uuid.UUID, channel_id: uuid.UUID) -> Channel:
    channel = await repository.get(session, tenant_id=tenant_id, channel_id=channel_id)
    if channel is None:
        raise ChannelNotFound(channel_id)
    return channel


async def list_channels(*, session: AsyncSession, tenant_id: uuid.UUID) -> Sequence[Channel]:
    return await repository.list_for_tenant(session, tenant_id=tenant_id)


async def delete(
    *, session: AsyncSession, tenant_id: uuid.UUID, channel_id: uuid.UUID, force: bool
) -> None:
    """Soft-delete the channel and cancel what it still had to send; 409 ``channel_in_use``
    while it is the last channel a live alert reaches (in_use.py), unless ``force``."""
    channels = await repository.lock_for_tenant(session, tenant_id=tenant_id)
    channel = next((c for c in channels if c.id == channel_id), None)
    if channel is None:
        raise ChannelNotFound(channel_id)
    now = utc_now()
    if not force:
        unheard = in_use.alerts_only_it_takes(
            channel,
            others=channels,
            live=await incident_repository.live_for_tenant(session, tenant_id=tenant_id),
            muted=await mute_repository.muted_integrations(session, tenant_id=tenant_id, now=now),
        )
        if unheard:
            raise in_use.ChannelInUse(unheard)
    await repository.mark_deleted(session, channel=channel, now=now)
    await alert_repository.cancel_pending_for_channel(session, channel_id=channel.id)


async def send_test(
    *,
    session: AsyncSession,
    tenant_id: uuid.UUID,
    channel_id: uuid.UUID,
    settings: NotifierSettings,
    key: bytes,
) -> Alert:
    """Send a test alert now, for real, and record it as sent or failed."""
    channel = await get(session=session, tenant_id=tenant_id, channel_id=channel_id)
    content = compose.channel_test(channel.id)
    alert_id = uuid.uuid4()
    alert = Alert(
        id=alert_id,
        dedupe_key=f"test:{alert_id}",
        tenant_id=tenant_id,
        channel_id=channel.id,
        event="channel.test",
        title=content.title,
        text=content.text,
        fields=content.fields,
        attempts=1,
    )
    failure: str | None = None
    try:
        await sender.send(
            channel=channel,
            alert_id=alert.id,
            event=alert.event,
            content=content,
            settings=settings,
            key=key,
        )
    except ChannelGone as exc:
        failure = exc.reason
        channel.is_active, channel.disabled_reason = False, exc.reason
        session.add(channel)
    except DeliveryFailed as exc:
        failure = exc.reason
    now = utc_now()
    alert.status = AlertStatus.FAILED if failure else AlertStatus.SENT
    alert.last_error, alert.sent_at = failure, None if failure else now
    session.add(alert)
    await session.flush()
    return alert
