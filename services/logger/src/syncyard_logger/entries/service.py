"""Store audit events as entries: scrub secrets, redact when the tenant asks, dedupe by id."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from syncyard_common.messages import Envelope
from syncyard_common.messages.audit import StepRecordedV1
from syncyard_common.telemetry import scrub
from syncyard_logger import redaction
from syncyard_logger.entries import caps
from syncyard_logger.entries.tables import entry
from syncyard_logger.tenant_settings.tables import tenant_setting

_PAYLOADS = ("source_payload", "sent_payload", "response_payload")


@dataclass(frozen=True)
class AuditEvent:
    envelope: Envelope
    step: StepRecordedV1


def to_row(event: AuditEvent, *, redact: bool, recorded_at: datetime) -> dict[str, Any]:
    """The ``logger.entry`` row of one event; never stores a secret, nor raw PII when redacting."""
    envelope, step = event.envelope, event.step
    row: dict[str, Any] = {
        "id": envelope.id,
        "occurred_at": envelope.time,
        "tenant_id": envelope.tenant_id,
        "integration_id": envelope.integration_id,
        "flow": None if envelope.flow is None else envelope.flow[:40],
        "run_id": envelope.correlation_id,
        "step": step.step[:80],
        "outcome": step.outcome.value,
        "entity_ref": (step.entity_ref or envelope.subject or None),
        "connection_id": step.connection_id,
        "message": step.message,
        "duration_ms": step.duration_ms,
        "mapping_version": step.mapping_version,
        "source_service": envelope.source[:80],
        "recorded_at": recorded_at,
    }
    for name in _PAYLOADS:
        payload = getattr(step, name)
        row[name] = None if payload is None else caps.cap_payload(scrub.scrub_mapping(payload))
    if row["message"] is not None:
        row["message"] = caps.cap_message(scrub.scrub_text(row["message"]))
    if redact:
        for name in (*_PAYLOADS, "message", "entity_ref"):
            row[name] = redaction.redact_payload(row[name])
    if row["entity_ref"] is not None:
        row["entity_ref"] = row["entity_ref"][:300]
    return {key: _without_nul(value) for key, value in row.items()}


def _without_nul(value: Any) -> Any:
    """PostgreSQL refuses U+0000 in text and jsonb; drop it rather than lose the entry."""
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, str):
        return value.replace("\x00", "")
    return value


# Both statements of a batch are built once and only bound per batch: building a statement
# costs more CPU than SQLAlchemy's cached compilation of it.
_REDACTING = sa.select(tenant_setting.c.tenant_id).where(
    tenant_setting.c.tenant_id.in_(sa.bindparam("tenant_ids", expanding=True)),
    tenant_setting.c.redact_personal_data,
)
# The rows as parameters of one cached statement (SQLAlchemy batches them into one multi-row
# INSERT): a statement built with values(rows) is compiled anew per batch size, which was half
# of the logger's CPU per batch.
_STORE = insert(entry).on_conflict_do_nothing().returning(entry.c.id)


async def tenants_redacting(session: AsyncSession, tenant_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these tenants turned on personal-data redaction."""
    result = await session.execute(_REDACTING, {"tenant_ids": list(tenant_ids)})
    return set(result.scalars())


async def store(session: AsyncSession, events: list[AuditEvent], *, now: datetime) -> int:
    """Insert the events (duplicates ignored); returns how many rows were new."""
    if not events:
        return 0
    redacting = await tenants_redacting(session, {event.envelope.tenant_id for event in events})
    rows = [
        to_row(event, redact=event.envelope.tenant_id in redacting, recorded_at=now)
        for event in events
    ]
    return len((await session.execute(_STORE, rows)).all())
