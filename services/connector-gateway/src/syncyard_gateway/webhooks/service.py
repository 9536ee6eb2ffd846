"""Take in a verified webhook: inbox row + outbox messages in one transaction (R9)."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_common.broker import outbox
from syncyard_common.messages import audit, orders, records
from syncyard_common.messages.envelope import Message
from syncyard_common.telemetry import get_logger
from syncyard_gateway import envelopes
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base
from syncyard_gateway.schema import SCHEMA
from syncyard_gateway.webhooks import metrics, repository

_log = get_logger(__name__)


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


async def take_in(
    *,
    sessionmaker: async_sessionmaker[AsyncSession],
    record: ConnectionRecord,
    event: base.WebhookEvent,
    reads: frozenset[base.Entity],
) -> Intake:
    """Dedupe on the vendor's event key and stage the resulting messages; commit before 2xx.

    An order starts an order run; any other entity the connector reads becomes a command to
    read that record afresh (the body is only a hint), announced as ``record.changed.v1``."""
    is_wanted = event.entity in reads or event.entity is base.Entity.ORDERS
    async with sessionmaker() as session, session.begin():
        is_new = await repository.claim(
            session,
            connection_id=record.id,
            source_event_key=event.event_key,
            topic=event.topic,
            outcome=(Intake.ACCEPTED if is_wanted else Intake.IGNORED).value,
            received_at=datetime.now(UTC),
        )
        if not is_new:
            metrics.DUPLICATES.inc()
            return Intake.DUPLICATE
        if not is_wanted:
            metrics.ACCEPTED.labels(Intake.IGNORED.value).inc()
            return Intake.IGNORED
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
            source_payload=event.payload,
        )
        for message in (received, step):
            await outbox.add(
                session,
                schema=SCHEMA,
                envelope=envelopes.wrap(
                    message, tenant_id=record.tenant_id, correlation_id=run_id, subject=reference
                ),
            )
    metrics.ACCEPTED.labels(Intake.ACCEPTED.value).inc()
    _log.info(
        "webhook accepted",
        connection_id=str(record.id),
        topic=event.topic,
        correlation_id=str(run_id),
    )
    return Intake.ACCEPTED
