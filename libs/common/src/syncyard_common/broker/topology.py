"""The one declared topology: exchange, quorum work queues, delay tiers, dead-letter queues."""

from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel

EXCHANGE = "syncyard"
# The retry schedule of a failed message (R17, R38), one row per retry: how long the n-th
# retry waits. Fixed and increasing, so the horizon holds for every message, not on average:
# 1 + 5 + 15 + 60 + 300 + 900 + 900 + 900 = 3,081 s (51 minutes) of waiting before the ninth
# failure parks the message, so an outage of the database, the broker or a remote shorter than
# that is survived. One delay queue per tier: a long delay never blocks a short one. Jitter
# only ever lengthens a wait, within its tier's neighbourhood: from a minute up a retry waits
# its tier or the tier 10 % above it, at random (a herd that failed together comes back spread
# over that); shorter waits are exact. SYNCYARD_RETRY_TIME_SCALE compresses it (drills only).
RETRY_SCHEDULE_SECONDS: tuple[int, ...] = (1, 5, 15, 60, 300, 900, 900, 900)
RETRY_JITTER = 0.1
JITTER_FROM_SECONDS = 60
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


# Every service that holds data of a tenant's customers (its schema's name).
DATA_SUBJECT_SERVICES = ("gateway", "orchestrator", "mapper", "logger", "notifier")

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
        # Which tenant owns each integration, from the orchestrator: the mapper's API lets
        # only that tenant at the integration's mappings (decision 0010).
        QueueSpec("mapper.integrations", ("integration.owned.v1",)),
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
        # A person's erasure reaches every service on a queue of its own (never behind a
        # backlog of work); the orchestrator collects each service's part into the receipt.
        *(
            QueueSpec(f"{service}.data_subjects", ("data_subject.erase.requested.v1",))
            for service in DATA_SUBJECT_SERVICES
        ),
        QueueSpec("orchestrator.erasures", ("data_subject.erased.v1",)),
        # The logger owns a tenant's retention; the orchestrator's run snapshots follow it.
        QueueSpec("orchestrator.retention", ("tenant.retention.set.v1",)),
    )
}


def retry_tiers(attempt: int, *, scale: float = 1.0) -> tuple[float, ...]:
    """The waits the n-th retry (1-based) may take: its tier first, then its jitter neighbour.

    ``scale`` compresses the clock (tests); a scaled tier keeps whole milliseconds, and its
    queue is named after what it really waits, so a compressed topology never clashes with a
    real one on the same broker."""
    tier = RETRY_SCHEDULE_SECONDS[min(attempt, len(RETRY_SCHEDULE_SECONDS)) - 1]
    waits = (tier, tier * (1 + RETRY_JITTER)) if tier >= JITTER_FROM_SECONDS else (tier,)
    return tuple(max(1, round(wait * scale * 1000)) / 1000 for wait in waits)


def retry_delays(*, scale: float = 1.0) -> set[float]:
    """Every wait a retry may take: one delay queue each."""
    return {
        wait
        for attempt in range(1, len(RETRY_SCHEDULE_SECONDS) + 1)
        for wait in retry_tiers(attempt, scale=scale)
    }


# Parked messages never expire and are never dropped: no TTL, no length limit (the orchestrator
# moves them into its dead_letter table, where an operator replays or discards them).
DEAD_LETTER_ARGUMENTS: dict[str, Any] = {"x-queue-type": "quorum"}


async def declare(channel: AbstractChannel, *, retry_scale: float = 1.0) -> None:
    """Declare everything; idempotent, run by every service at start-up."""
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    for spec in QUEUES.values():
        await channel.declare_queue(
            spec.dead_letter_queue, durable=True, arguments=DEAD_LETTER_ARGUMENTS
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
        for delay in sorted(retry_delays(scale=retry_scale) | set(WAIT_DELAYS_SECONDS)):
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
