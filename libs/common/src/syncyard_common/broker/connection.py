"""A robust, named connection to the broker."""

import aio_pika
from aio_pika.abc import AbstractRobustConnection


async def connect(amqp_url: str, *, name: str) -> AbstractRobustConnection:
    return await aio_pika.connect_robust(
        amqp_url,
        client_properties={"connection_name": name},
        heartbeat=15,
        timeout=10,
    )
