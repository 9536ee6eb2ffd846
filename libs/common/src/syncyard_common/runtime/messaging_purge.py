"""Every service's purge of published outbox rows and old inbox ids, as a background loop.

Each replica runs it: a DELETE of what another replica already deleted deletes nothing. What
is kept how long, and why: ``broker/retention.py``.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import retention
from syncyard_common.runtime.periodic import PeriodicTask
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.telemetry import get_logger

_log = get_logger(__name__)


def messaging_purge(
    engine: AsyncEngine, *, schema: str, settings: BaseServiceSettings
) -> PeriodicTask:
    outbox_retention = timedelta(seconds=settings.outbox_retention_seconds)
    inbox_retention = timedelta(seconds=settings.inbox_retention_seconds)

    async def purge() -> None:
        published, handled = await retention.purge_once(
            engine,
            schema=schema,
            now=datetime.now(UTC),
            outbox_retention=outbox_retention,
            inbox_retention=inbox_retention,
        )
        if published or handled:
            _log.info("messages purged", outbox=published, inbox=handled)

    return PeriodicTask(
        f"messaging-purge-{schema}",
        purge,
        interval_seconds=settings.messaging_purge_interval_seconds,
    )
