"""Record every message on the syncyard exchange through a private, exclusive test queue."""

import uuid
from collections.abc import Iterable

import aio_pika
import orjson
from aio_pika.abc import AbstractIncomingMessage, AbstractRobustConnection

from syncyard_common.broker import topology
from syncyard_common.messages import Envelope


class BusRecorder:
    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self._connection: AbstractRobustConnection | None = None

    async def start(self, amqp_url: str) -> None:
        self._connection = await aio_pika.connect_robust(amqp_url)
        channel = await self._connection.channel()
        exchange = await channel.get_exchange(topology.EXCHANGE)
        queue = await channel.declare_queue(f"test.bus.{uuid.uuid4().hex}", exclusive=True)
        await queue.bind(exchange, "#")
        await queue.consume(self._on_message, no_ack=True)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        self.envelopes.append(Envelope.model_validate(orjson.loads(message.body)))

    async def stop(self) -> None:
        if self._connection is not None:
            await self._connection.close()

    def of_tenant(self, tenant_id: uuid.UUID, *types: str) -> list[Envelope]:
        return [
            envelope
            for envelope in self.envelopes
            if envelope.tenant_id == tenant_id and (not types or envelope.type in types)
        ]

    @staticmethod
    def types(envelopes: Iterable[Envelope]) -> list[str]:
        return sorted(envelope.type for envelope in envelopes)
