"""Send one alert through one channel, whatever its kind."""

import time
import uuid

from syncyard_notifier import compose
from syncyard_notifier.channels import email, secret_storage, webhook
from syncyard_notifier.channels.errors import DeliveryFailed
from syncyard_notifier.channels.tables import Channel, ChannelKind
from syncyard_notifier.settings import NotifierSettings


async def send(
    *,
    channel: Channel,
    alert_id: uuid.UUID,
    event: str,
    content: compose.AlertContent,
    settings: NotifierSettings,
    key: bytes,
) -> None:
    """Deliver, or raise DeliveryFailed / ChannelGone."""
    if channel.kind == ChannelKind.EMAIL:
        if channel.address is None:
            raise DeliveryFailed("the channel has no address")
        await email.send(settings=settings, to=channel.address, alert_id=alert_id, content=content)
        return
    if channel.url is None or channel.signing_secret_sealed is None:
        raise DeliveryFailed("the channel has no URL or signing secret")
    try:
        secret = secret_storage.open_sealed(
            key=key,
            tenant_id=channel.tenant_id,
            channel_id=channel.id,
            sealed=channel.signing_secret_sealed,
        )
    except secret_storage.SecretUnreadable as exc:
        raise DeliveryFailed(f"the signing secret cannot be read: {exc}") from None
    # The webhook-id is the alert id: the same on every retry, so receivers can dedupe.
    await webhook.send(
        url=channel.url,
        secret=secret,
        message_id=f"alert_{alert_id}",
        payload=webhook.body(alert_id=alert_id, event=event, content=content),
        timestamp=int(time.time()),
        timeout=settings.webhook_timeout_seconds,
        allow_private=settings.allow_private_targets,
    )
