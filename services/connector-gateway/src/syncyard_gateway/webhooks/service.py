"""Take in a verified webhook: inbox row + outbox messages in one statement (R9)."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import outbox
from syncyard_common.messages import audit, orders, records
from syncyard_common.messages.envelope import Envelope, Message
from syncyard_gateway import envelopes
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base
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
    received_envelope, step_envelope = (
        envelopes.wrap(
            message, tenant_id=record.tenant_id, correlation_id=run_id, subject=reference
        )
        for message in (received, step)
    )
    # The body was parsed from JSON, so it goes in as it is: walking a whole order through
    # pydantic's JSON conversion again was the most expensive step of the intake's own code.
    payload = {**step_envelope.payload, "source_payload": event.payload}
    if event.entity is base.Entity.ORDERS:  # a new run: served after runs under way
        received_envelope = received_envelope.model_copy(update={"lane": "start"})
    return [received_envelope, step_envelope.model_copy(update={"payload": payload})]


async def take_in(
    engine: AsyncEngine,
    *,
    record: ConnectionRecord,
    event: base.WebhookEvent,
    reads: frozenset[base.Entity],
) -> Intake | None:
    """Dedupe on the vendor's event key and stage the resulting messages; committed on return
    (before the 2xx). None when ``record`` is out of date: the connection was deleted or its
    credentials changed since they were read, so the webhook must be verified again.

    ``engine`` runs in autocommit: the one statement is its own transaction."""
    is_wanted = event.entity in reads or event.entity is base.Entity.ORDERS
    staged = messages_for(record, event) if is_wanted else []
    outcome = Intake.ACCEPTED if is_wanted else Intake.IGNORED
    rows = [outbox.row(envelope) for envelope in staged]
    for attempt in (1, 2):
        try:
            async with engine.connect() as connection:
                claim = await repository.take_in(
                    connection,
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
        except sa_exc.IntegrityError:  # the connection was deleted after the guard looked
            return None
        except sa_exc.DBAPIError as exc:
            # The intake's pool does not ping before each use (a round trip per webhook): a
            # connection that outlived a database restart fails once and is replaced. Safe to
            # repeat: if the first try did commit, the second finds the event key taken.
            if attempt == 2 or not exc.connection_invalidated:
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
