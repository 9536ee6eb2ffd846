"""The one declared topology: exchange, quorum work queues, delay tiers, dead-letter queues."""

from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel

EXCHANGE = "syncyard"
# Delay tiers for retries; one queue per tier so a long delay never blocks a short one.
# Eight attempts climb 1, 5, 15, 60, 300, 900, 900, 900 s: about 50 minutes in all (R17).
RETRY_DELAYS_SECONDS: tuple[int, ...] = (1, 5, 15, 60, 300, 900)
# Delay tiers for waits on a remote budget (never failures). A wait is chained through them,
# each hop the largest tier not longer than what is left, so a message comes back just before
# its slot instead of overshooting it. The shortest tier is also the longest a worker may sleep
# for a budget: a deferred message could not come back any sooner.
WAIT_DELAYS_SECONDS: tuple[float, ...] = (0.5, 1, 2, 5, 15, 60, 300, 900)
# RabbitMQ 3.10 has no default delivery limit for quorum queues: a crash loop must end somewhere.
DELIVERY_LIMIT = 20


@dataclass(frozen=True)
class QueueSpec:
    name: str
    bindings: tuple[str, ...]

    @property
    def dead_letter_queue(self) -> str:
        return f"{self.name}.dlq"

    def retry_queue(self, delay_seconds: float) -> str:
        # `g`: 5 stays "5s" (the names of the first tiers), half a second is "0.5s".
        return f"{self.name}.retry.{delay_seconds:g}s"


QUEUES: dict[str, QueueSpec] = {
    spec.name: spec
    for spec in (
        QueueSpec("gateway.commands", ("gateway.#",)),
        # Initial syncs' commands: consumed with a small prefetch beside the live queue.
        QueueSpec("gateway.bulk", ("bulk.gateway.#",)),
        # What active flows read from each connection: polling publishes only that.
        QueueSpec("gateway.reads", ("integration.reads.changed.v1",)),
        QueueSpec(
            "orchestrator.events",
            ("order.received.v1", "record.changed.v1", "connector.#", "mapping.#"),
        ),
        # News that starts runs (webhook orders): consumed behind the results of runs under
        # way, so a burst's first orders finish before its last ones start.
        QueueSpec("orchestrator.starts", ("start.#",)),
        QueueSpec("mapper.commands", ("mapper.#",)),
        QueueSpec("logger.audit", ("audit.#",)),
        QueueSpec(
            "notifier.events",
            (
                "run.failed.v1",
                "run.completed.v1",
                "connection.failed.v1",
                "connection.recovered.v1",
                "connection.outage.started.v1",
                "connection.outage.ended.v1",
                "reconciliation.discrepancy_found.v1",
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
        for delay in sorted(set(RETRY_DELAYS_SECONDS) | set(WAIT_DELAYS_SECONDS)):
            # Expired messages go back to the work queue through the default exchange.
            await channel.declare_queue(
                spec.retry_queue(delay),
                durable=True,
                arguments={
                    "x-queue-type": "quorum",
                    "x-message-ttl": round(delay * 1000),
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": spec.name,
                    "x-dead-letter-strategy": "at-least-once",
                    "x-overflow": "reject-publish",
                },
            )
