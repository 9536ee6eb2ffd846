"""The delivery pass: send due pending alerts, mark them sent, or schedule a retry.

Rows are locked (``FOR UPDATE SKIP LOCKED``) for the length of the pass and the outcome is
written in the same transaction, so two replicas never send the same alert. A crash after a
send but before the commit leaves the row pending: it is sent once more after restart (the
one duplicate we accept; receivers can dedupe on ``webhook-id`` / ``Message-ID``, both
derived from the alert id).
"""

import asyncio
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.telemetry import get_logger
from syncyard_notifier import compose
from syncyard_notifier.alerts import repository
from syncyard_notifier.alerts.tables import Alert, AlertStatus
from syncyard_notifier.channels import sender
from syncyard_notifier.channels.errors import ChannelGone, DeliveryFailed
from syncyard_notifier.channels.tables import Channel
from syncyard_notifier.settings import NotifierSettings

_log = get_logger(__name__)
_PARALLEL_SENDS = 10


def backoff(attempts: int, *, settings: NotifierSettings) -> float:
    """Exponential backoff with full jitter in its upper half, capped."""
    ceiling = min(
        settings.delivery_backoff_max_seconds,
        settings.delivery_backoff_seconds * float(2 ** max(attempts - 1, 0)),
    )
    jitter: float = random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not security
    return ceiling / 2 + jitter


def content_of(alert: Alert) -> compose.AlertContent:
    fields = {str(k): str(v) for k, v in alert.fields.items()}
    return compose.AlertContent(title=alert.title, text=alert.text, link=alert.link, fields=fields)


async def deliver_due(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    settings: NotifierSettings,
    key: bytes,
    clock: Callable[[], datetime],
) -> int:
    """One pass over due alerts; returns how many were attempted."""
    async with sessionmaker() as session, session.begin():
        due = await repository.lock_due_alerts(
            session, now=clock(), limit=settings.delivery_batch_size
        )
        limit = asyncio.Semaphore(_PARALLEL_SENDS)

        async def attempt(alert: Alert, channel: Channel) -> None:
            async with limit:
                await _attempt(alert, channel, settings=settings, key=key, clock=clock)

        await asyncio.gather(*(attempt(alert, channel) for alert, channel in due))
        await session.flush()
        # Channels disabled by a 410 in this pass: their other pending alerts stop here.
        for _, channel in due:
            if not channel.is_active and channel.disabled_reason:
                await repository.cancel_pending_for_channel(session, channel_id=channel.id)
        return len(due)


async def _attempt(
    alert: Alert,
    channel: Channel,
    *,
    settings: NotifierSettings,
    key: bytes,
    clock: Callable[[], datetime],
) -> None:
    if channel.deleted_at is not None or not channel.is_active:
        alert.status = AlertStatus.CANCELLED
        alert.last_error = "the channel was deleted or disabled"
        return
    alert.attempts += 1
    try:
        await sender.send(
            channel=channel,
            alert_id=alert.id,
            event=alert.event,
            content=content_of(alert),
            settings=settings,
            key=key,
        )
    except ChannelGone as exc:
        alert.status, alert.last_error = AlertStatus.FAILED, exc.reason
        # Only attribute changes here: sends run concurrently on one session, and the
        # flush after the gather writes them.
        channel.is_active, channel.disabled_reason = False, exc.reason
        _log.warning("channel disabled", channel_id=str(channel.id), reason=exc.reason)
        return
    except DeliveryFailed as exc:
        alert.last_error = exc.reason
        if alert.attempts >= settings.delivery_max_attempts:
            alert.status = AlertStatus.FAILED
        else:
            delay = backoff(alert.attempts, settings=settings)
            alert.next_attempt_at = clock() + timedelta(seconds=delay)
        _log.info("alert delivery failed", alert_id=str(alert.id), reason=exc.reason)
        return
    alert.status, alert.sent_at, alert.last_error = AlertStatus.SENT, clock(), None
