"""Published outbox rows and handled inbox ids are kept for a window, then purged (every service).

Both hold personal data (an outbox row is a whole message; an inbox row only an id, but
unbounded). A published row is needed by nothing once the broker confirmed it; it is kept a
while only to look into what was sent. An inbox id must outlive every redelivery of its
message: a copy arriving after its id is gone would be handled twice. Redeliveries come from
the retry schedule (51 minutes, 56 with jitter: ``INBOX_MINIMUM`` adds an hour's margin), from
a lost ack (at once) and from an outbox row whose confirm was lost and that is published again
when the broker is back: the default day covers a broker outage of almost a day.
Every service runs ``purge_once`` in the background (``runtime/messaging_purge.py``).
"""

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import inbox, outbox, topology

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
