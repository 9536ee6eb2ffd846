"""Queue ``notifier.events`` → alerts: one small handler, woken delivery after commit."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker.consumer import Handler
from syncyard_common.messages import Envelope
from syncyard_notifier.alerts import service
from syncyard_notifier.settings import NotifierSettings

# Bound to notifier.events but not alerted on (kept for a future "recovered" rule).
IGNORED_TYPES = frozenset({"run.completed.v1"})


def on_event_handler(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: NotifierSettings,
    clock: Callable[[], datetime],
    on_committed: Callable[[], None],
) -> Handler:
    """The handler the consumer calls for each event."""

    async def on_event(envelope: Envelope) -> None:
        if envelope.type in IGNORED_TYPES:
            return
        async with sessionmaker() as session, session.begin():
            handled = await service.record_event(
                session, envelope=envelope, settings=settings, now=clock()
            )
        if handled:
            on_committed()

    return on_event
