"""The one declared topology: exchange, quorum work queues, delay tiers, dead-letter queues."""

from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel

EXCHANGE = "syncyard"
# Delay tiers for retries; one queue per tier so a long delay never blocks a short one.
# Eight attempts climb 1, 5, 15, 60, 300, 900, 900, 900 s: about 50 minutes in all (R17).
RETRY_DELAYS_SECONDS: tuple[int, ...] = (1, 5, 15, 60, 300, 900)
# RabbitMQ 3.10 has no default delivery limit for quorum queues: a crash loop must end somewhere.
DELIVERY_LIMIT = 20


@dataclass(frozen=True)
class QueueSpec:
    name: str
    bindings: tuple[str, ...]

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.name}.dlq"

    def retry_queue(self, delay_seconds: int) -> str:
        return f"{self.name}.retry.{delay_seconds}s"


QUEUES: dict[str, QueueSpec] = {
    spec.name: spec
    for spec in (
        QueueSpec("gateway.commands", ("gateway.#",)),
        # Initial syncs' commands: consumed with a small prefetch beside the live queue.
        QueueSpec("gateway.bulk", ("bulk.gateway.#",)),
        QueueSpec(
            "orchestrator.events",
            ("order.received.v1", "record.changed.v1", "connector.#", "mapping.#"),
        ),
        QueueSpec("mapper.commands", ("mapper.#",)),
        QueueSpec("logger.audit", ("audit.#",)),
        QueueSpec(
            "notifier.events",
            (
                "run.failed.v1",
                "run.completed.v1",
                "connection.failed.v1",
                "connection.recovered.v1",
            ),
        ),
    )
}


def retry_delay_for(attempt: int) -> int:
    """The tier for the n-th retry (1-based); the last tier repeats."""
    return RETRY_DELAYS_SECONDS[min(attempt, len(RETRY_DELAYS_SECONDS)) - 1]


async def declare(channel: AbstractChannel) -> None:
    """Declare everything; idempotent, run by every service at start-up."""
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    for spec in QUEUES.values():
        await channel.declare_queue(
            spec.dead_letter_queue, durable=True, arguments={"x-queue-type": "quorum"}
        )
        queue = await channel.declare_queue(
            spec.name,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-delivery-limit": DELIVERY_LIMIT,
                # Broker-side dead-lettering (delivery limit hit) lands in the parking queue too.
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": spec.dead_letter_queue,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            },
        )
        for routing_key in spec.bindings:
            await queue.bind(exchange, routing_key)
        for delay in RETRY_DELAYS_SECONDS:
            # Expired messages go back to the work queue through the default exchange.
            await channel.declare_queue(
                spec.retry_queue(delay),
                durable=True,
                arguments={
                    "x-queue-type": "quorum",
                    "x-message-ttl": delay * 1000,
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": spec.name,
                    "x-dead-letter-strategy": "at-least-once",
                    "x-overflow": "reject-publish",
                },
            )
