"""Queue ``notifier.events`` → alerts: one small handler, woken delivery after commit."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker.consumer import Handler
from syncyard_common.messages import Envelope
from syncyard_notifier.incidents import intake
from syncyard_notifier.settings import NotifierSettings

# A run that succeeded may resolve the alert of its earlier failure (see record_run_completed).
RUN_COMPLETED = "run.completed.v1"


def on_event_handler(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: NotifierSettings,
    clock: Callable[[], datetime],
    on_committed: Callable[[], None],
) -> Handler:
    """The handler the consumer calls for each event."""

    async def on_event(envelope: Envelope) -> None:
        async with sessionmaker() as session, session.begin():
            if envelope.type == RUN_COMPLETED:
                handled = await intake.record_run_completed(session, envelope=envelope, now=clock())
            else:
                handled = await intake.record_event(
                    session, envelope=envelope, settings=settings, now=clock()
                )
        if handled:
            on_committed()

    return on_event
