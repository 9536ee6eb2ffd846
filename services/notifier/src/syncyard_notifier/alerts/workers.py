"""The two background workers of the lifespan: alert delivery and group-window flush."""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_notifier.alerts import delivery, periodic, service
from syncyard_notifier.settings import NotifierSettings


def delivery_worker(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    settings: NotifierSettings,
    key: bytes,
    clock: Callable[[], datetime],
) -> periodic.Periodic:
    """Sends due pending alerts; wake it after committing new ones."""

    async def run_once() -> int:
        return await delivery.deliver_due(sessionmaker, settings=settings, key=key, clock=clock)

    return periodic.Periodic(
        name="alert-delivery", interval=settings.delivery_poll_seconds, run_once=run_once
    )


def group_flush_worker(
    sessionmaker: async_sessionmaker[AsyncSession],
    *,
    settings: NotifierSettings,
    clock: Callable[[], datetime],
    on_flushed: Callable[[], None],
) -> periodic.Periodic:
    """Closes grouping windows whose time is up and queues their summaries."""

    async def run_once() -> int:
        async with sessionmaker() as session, session.begin():
            closed = await service.flush_due_groups(session, settings=settings, now=clock())
        if closed:
            on_flushed()
        return closed

    return periodic.Periodic(
        name="alert-group-flush", interval=settings.group_flush_poll_seconds, run_once=run_once
    )
