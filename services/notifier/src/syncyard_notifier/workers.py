"""The two background workers of the lifespan: alert delivery and group-window flush."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_notifier.alerts import delivery
from syncyard_notifier.incidents import intake
from syncyard_notifier.settings import NotifierSettings


def delivery_worker(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    settings: NotifierSettings,
    key: bytes,
    clock: Callable[[], datetime],
) -> PeriodicTask:
    """Sends due pending alerts; wake it after committing new ones. A pass that sent some
    runs again at once, so a backlog drains without waiting for the timer."""

    async def deliver() -> bool:
        sent = await delivery.deliver_due(sessionmaker, settings=settings, key=key, clock=clock)
        return sent > 0

    return PeriodicTask("alert-delivery", deliver, interval_seconds=settings.delivery_poll_seconds)


def group_flush_worker(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    settings: NotifierSettings,
    clock: Callable[[], datetime],
    on_flushed: Callable[[], None],
) -> PeriodicTask:
    """Closes grouping windows whose time is up and queues their summaries."""

    async def flush() -> bool:
        async with sessionmaker() as session, session.begin():
            closed = await intake.flush_due_groups(session, settings=settings, now=clock())
        if closed:
            on_flushed()
        return closed > 0  # more windows may be due: look again at once

    return PeriodicTask(
        "alert-group-flush", flush, interval_seconds=settings.group_flush_poll_seconds
    )
