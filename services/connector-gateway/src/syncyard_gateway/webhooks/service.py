"""Take in a verified webhook: inbox row + outbox messages in one statement (R9)."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import asyncpg

from syncyard_common.broker import outbox
from syncyard_common.messages import audit, orders, records
from syncyard_common.messages.envelope import Envelope, Message
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base
from syncyard_gateway.schema import SOURCE
from syncyard_gateway.webhooks import metrics, repository


class Intake(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"  # a topic no flow uses yet: acknowledged so the sender stops retrying


def entity_ref(payload: dict[str, Any]) -> str | None:
    """The number a merchant recognises (``#1001``), when the payload has one."""
    for key in ("name", "order_number", "number"):
        value = payload.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
            return str(value)
    return None


def messages_for(record: ConnectionRecord, event: base.WebhookEvent) -> list[Envelope]:
    """An order starts an order run; any other entity the connector reads becomes a command to
    read that record afresh (the body is only a hint), announced as ``record.changed.v1``.
    Both travel with the step the activity log shows, under one new correlation id."""
    run_id = uuid.uuid4()
    reference = entity_ref(event.payload) or event.entity_id
    received: Message
    if event.entity is base.Entity.ORDERS:
        received = orders.OrderReceivedV1(
            connection_id=record.id,
            source_order_id=event.entity_id,
            topic=event.topic,
            source_event_key=event.event_key,
        )
    else:
        received = records.FetchRecordV1(
            connection_id=record.id,
            entity=event.entity.value,
            record_id=event.entity_id,
            topic=event.topic,
            source_event_key=event.event_key,
        )
    step = audit.StepRecordedV1(
        step="webhook",
        outcome=audit.StepOutcome.OK,
        entity_ref=reference,
        connection_id=record.id,
        message=f"Webhook {event.topic} received.",
    )
    # Built here rather than with envelopes.wrap, which cleans every text it is given: all
    # text in these messages comes from the event, cleaned on its way in (cleaning.py), so a
    # second scan would find nothing and costs two JSON dumps per webhook.
    common: dict[str, Any] = {
        "source": SOURCE,
        "subject": reference,
        "tenant_id": record.tenant_id,
        "correlation_id": run_id,
    }
    # The body was parsed from JSON, so it goes in as it is: walking a whole order through
    # pydantic's JSON conversion again was the most expensive step of the intake's own code.
    step_payload = {**step.model_dump(mode="json"), "source_payload": event.payload}
    return [
        Envelope(
            type=received.type,
            payload=received.model_dump(mode="json"),
            # A new order run is served after runs under way.
            lane="start" if event.entity is base.Entity.ORDERS else "live",
            **common,
        ),
        Envelope(type=step.type, payload=step_payload, **common),
    ]


# A pooled connection that outlived a database restart or a network cut fails like this.
_CONNECTION_LOST = (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError)


async def take_in(
    pool: asyncpg.Pool,
    *,
    record: ConnectionRecord,
    event: base.WebhookEvent,
    reads: frozenset[base.Entity],
) -> Intake | None:
    """Dedupe on the vendor's event key and stage the resulting messages; committed on return
    (before the 2xx). None when ``record`` is out of date: the connection was deleted or its
    credentials changed since they were read, so the webhook must be verified again."""
    is_wanted = event.entity in reads or event.entity is base.Entity.ORDERS
    staged = messages_for(record, event) if is_wanted else []
    outcome = Intake.ACCEPTED if is_wanted else Intake.IGNORED
    rows = [outbox.row(envelope) for envelope in staged]
    for attempt in (1, 2):
        try:
            claim = await repository.take_in(
                pool,
                connection_id=record.id,
                key_id=record.sealed.key_id,
                ciphertext=record.sealed.ciphertext,
                source_event_key=event.event_key,
                topic=event.topic,
                outcome=outcome.value,
                received_at=datetime.now(UTC),
                messages=rows,
            )
            break
        except asyncpg.IntegrityConstraintViolationError:  # deleted after the guard looked
            return None
        except _CONNECTION_LOST:
            # The pool does not ping before each use (a round trip per webhook): a connection
            # that outlived a database restart fails once and is replaced. Safe to repeat: if
            # the first try did commit, the second finds the event key taken. A second failure
            # is the database being away: 503 with Retry-After (web/db_unavailable.py).
            if attempt == 2:
                raise
    if not claim.is_current:
        return None
    if not claim.is_new:
        metrics.DUPLICATES.inc()
        return Intake.DUPLICATE
    # No log line per webhook (hundreds a second): the metric counts them and the activity log
    # shows each one as its "webhook" step, under the run's correlation id.
    metrics.ACCEPTED.labels(outcome.value).inc()
    return outcome
