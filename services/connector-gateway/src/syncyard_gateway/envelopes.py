"""Wrap a typed message in the envelope the gateway publishes (type taken from the message)."""

import uuid

from syncyard_common.messages.envelope import Envelope, Message
from syncyard_common.web import text
from syncyard_gateway.schema import SOURCE


def wrap(
    message: Message,
    *,
    tenant_id: uuid.UUID,
    correlation_id: uuid.UUID | None,
    subject: str | None = None,
    causation: Envelope | None = None,
) -> Envelope:
    """An envelope for ``message``; with ``causation`` its integration, flow and run are kept."""
    # The gateway is where vendor text enters: what PostgreSQL (jsonb) or XML cannot hold is
    # cleaned once here, for every record read, polled or answered (syncyard_common.web.text).
    payload = text.clean_json(message.model_dump(mode="json"))
    return Envelope(
        type=str(payload["type"]),
        source=SOURCE,
        subject=subject,
        tenant_id=tenant_id,
        integration_id=causation.integration_id if causation else None,
        flow=causation.flow if causation else None,
        correlation_id=correlation_id,
        causation_id=causation.id if causation else None,
        payload=payload,
    )
