"""Whether RabbitMQ blocks this process's publishes: a memory or disk alarm on a broker node.

While an alarm lasts RabbitMQ sends ``connection.blocked`` and stops reading what the
connection publishes: outbox rows wait and nothing fails, so without this a pod stays ready
and no alert fires. aiormq's ``ready()`` waits until the connection is up and not blocked.
"""

import asyncio

from aio_pika.abc import AbstractRobustConnection
from prometheus_client import Gauge

BLOCKED = Gauge(
    "syncyard_broker_blocked",
    "1 while RabbitMQ blocks this process's connection (memory or disk alarm), else 0",
)
# How long a connection that is up may take to say it is not blocked (it answers at once).
_READY_WITHIN_SECONDS = 1.0


async def assert_not_blocked(connection: AbstractRobustConnection) -> None:
    """Raise ConnectionError while the broker blocks the connection; keeps BLOCKED current."""
    underlay = connection.transport
    if underlay is None or not underlay.connection.is_opened:
        return  # (re)connecting, not blocked: the robust connection sees to that
    try:
        await asyncio.wait_for(underlay.connection.ready(), timeout=_READY_WITHIN_SECONDS)
    except TimeoutError:
        BLOCKED.set(1)
        raise ConnectionError("the broker blocks this connection (resource alarm)") from None
    BLOCKED.set(0)
