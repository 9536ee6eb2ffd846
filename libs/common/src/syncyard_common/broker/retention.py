"""Published outbox rows and handled inbox ids are kept for a window, then purged (every service).

Both hold personal data (an outbox row is a whole message; an inbox row only an id, but
unbounded). A published row is needed by nothing once the broker confirmed it; it is kept a
while only to look into what was sent. An inbox id must outlive every redelivery of its
message: a copy arriving after its id is gone would be handled twice. Redeliveries come from
the retry schedule (51 minutes, 56 with jitter: ``INBOX_MINIMUM`` adds an hour's margin), from
a lost ack (at once) and from an outbox row whose confirm was lost and that is published again
when the broker is back: the default day covers a broker outage of almost a day.
"""

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import inbox, outbox, topology
from syncyard_common.settings import BaseServiceSettings
from syncyard_common.telemetry import get_logger

_log = get_logger(__name__)
REDELIVERY_HORIZON = timedelta(
    seconds=sum(topology.RETRY_SCHEDULE_SECONDS) * (1 + topology.RETRY_JITTER)
)
INBOX_MINIMUM = REDELIVERY_HORIZON + timedelta(hours=1)


async def purge_once(
    engine: AsyncEngine,
    *,
    schema: str,
    now: datetime,
    outbox_retention: timedelta,
    inbox_retention: timedelta,
) -> tuple[int, int]:
    """Delete published outbox rows and inbox ids older than their windows: (outbox, inbox)."""
    if inbox_retention < INBOX_MINIMUM:
        raise ValueError(f"inbox retention {inbox_retention} is shorter than {INBOX_MINIMUM}")
    published = await outbox.purge_published(engine, schema=schema, before=now - outbox_retention)
    handled = await inbox.purge_handled(engine, schema=schema, before=now - inbox_retention)
    return published, handled


class MessagingPurge:
    """Runs ``purge_once`` every ``interval_seconds`` in the background (each replica: a DELETE
    of what another replica already deleted deletes nothing)."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        schema: str,
        outbox_retention: timedelta,
        inbox_retention: timedelta,
        interval_seconds: float,
    ) -> None:
        self._engine = engine
        self._schema = schema
        self._outbox_retention = outbox_retention
        self._inbox_retention = inbox_retention
        self._interval = interval_seconds
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"messaging-purge-{self._schema}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                published, handled = await purge_once(
                    self._engine,
                    schema=self._schema,
                    now=datetime.now(UTC),
                    outbox_retention=self._outbox_retention,
                    inbox_retention=self._inbox_retention,
                )
                if published or handled:
                    _log.info("messages purged", outbox=published, inbox=handled)
            except Exception as exc:  # the database may be away; try again next interval
                _log.warning("messaging purge failed", error=repr(exc))
            await asyncio.sleep(self._interval)


def from_settings(
    engine: AsyncEngine, *, schema: str, settings: BaseServiceSettings
) -> MessagingPurge:
    return MessagingPurge(
        engine,
        schema=schema,
        outbox_retention=timedelta(seconds=settings.outbox_retention_seconds),
        inbox_retention=timedelta(seconds=settings.inbox_retention_seconds),
        interval_seconds=settings.messaging_purge_interval_seconds,
    )
