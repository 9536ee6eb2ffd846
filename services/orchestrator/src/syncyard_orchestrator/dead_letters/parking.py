"""Pure: what a message parked in a ``<queue>.dlq`` says about itself, as a dead_letter row.

A message parked by our consumer carries the reason, the attempt counter and the first and
last failure in ``x-syncyard-*`` headers; one the broker dead-lettered itself (the delivery
limit, after consumers crashed on it) carries only ``x-death``/``x-delivery-count``.
"""

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import ValidationError

from syncyard_common.broker import budget_hold, consumer, topology
from syncyard_common.messages import Envelope

# Headers that describe one failed life of the message: dropped when it is replayed, so the
# replay starts with fresh attempts and a fresh budget.
FAILURE_HEADERS = frozenset(
    {
        consumer.ATTEMPT_HEADER,
        consumer.WAITS_HEADER,
        consumer.FIRST_FAILED_AT_HEADER,
        consumer.FIRST_ERROR_HEADER,
        consumer.ERROR_CODE_HEADER,
        consumer.ERROR_REASON_HEADER,
        consumer.PARKED_AT_HEADER,
        consumer.PARKED_ID_HEADER,
        budget_hold.HEADER,
        "x-death",
        "x-delivery-count",
        "x-first-death-exchange",
        "x-first-death-queue",
        "x-first-death-reason",
    }
)
_NAMESPACE = uuid.UUID("6f1d2b0e-5a44-4c1f-9d8e-3b7f0f4b2d11")


@dataclass(frozen=True)
class Parked:
    """One parked message as the dead_letter table keeps it."""

    id: uuid.UUID
    tenant_id: uuid.UUID | None
    queue: str
    message_id: str | None
    message_type: str | None
    integration_id: uuid.UUID | None
    run_id: uuid.UUID | None
    subject: str | None
    code: str
    reason: str
    first_reason: str | None
    attempts: int
    first_failed_at: datetime
    last_failed_at: datetime
    body: bytes
    headers: dict[str, Any]
    properties: dict[str, Any]


def work_queue_of(dead_letter_queue: str) -> str:
    """``gateway.commands.dlq`` → ``gateway.commands`` (raises KeyError for anything else)."""
    name = dead_letter_queue.removesuffix(".dlq")
    if name == dead_letter_queue or name not in topology.QUEUES:
        raise KeyError(dead_letter_queue)
    return name


def describe(
    *,
    dead_letter_queue: str,
    body: bytes,
    headers: dict[str, Any],
    properties: dict[str, Any],
    now: datetime,
) -> Parked:
    """The row for one parked message (the same message always gives the same id)."""
    envelope = _envelope(body)
    death = _death(headers)
    kept = {k: _plain(v) for k, v in headers.items() if k not in FAILURE_HEADERS}
    parked_at = _when(headers.get(consumer.PARKED_AT_HEADER)) or now
    attempts = int(str(headers.get(consumer.ATTEMPT_HEADER, 0))) + 1
    code = str(headers.get(consumer.ERROR_CODE_HEADER) or "")
    reason = str(headers.get(consumer.ERROR_REASON_HEADER) or "")
    if not code:  # dead-lettered by the broker itself
        deliveries = int(str(headers.get("x-delivery-count") or 0))
        attempts = max(attempts, deliveries)
        code = "delivery_limit" if death == "delivery_limit" else f"broker_{death or 'unknown'}"
        reason = (
            f"The broker dead-lettered the message ({death or 'no reason given'}) after "
            f"{deliveries or 'several'} deliveries: its consumer crashed or timed out on it."
        )
    tenant = envelope.tenant_id if envelope else _uuid(headers.get("tenant_id"))
    return Parked(
        id=_parking_id(dead_letter_queue, body, headers, properties),
        tenant_id=tenant,
        queue=work_queue_of(dead_letter_queue),
        message_id=properties.get("message_id") or (str(envelope.id) if envelope else None),
        message_type=envelope.type if envelope else properties.get("type"),
        integration_id=envelope.integration_id if envelope else None,
        run_id=envelope.correlation_id if envelope else None,
        subject=(envelope.subject or None) if envelope else None,
        code=code[:100],
        reason=reason,
        first_reason=_text(headers.get(consumer.FIRST_ERROR_HEADER)),
        attempts=attempts,
        first_failed_at=_when(headers.get(consumer.FIRST_FAILED_AT_HEADER)) or parked_at,
        last_failed_at=parked_at,
        body=body,
        headers=kept,
        properties={k: v for k, v in properties.items() if v is not None},
    )


def _parking_id(
    queue: str, body: bytes, headers: dict[str, Any], properties: dict[str, Any]
) -> uuid.UUID:
    given = _uuid(headers.get(consumer.PARKED_ID_HEADER))
    if given is not None:
        return given
    # Parked by the broker: the message id and its death count name this parking.
    digest = hashlib.sha256(body).hexdigest()
    deaths = orjson.dumps(_plain(headers.get("x-death")), default=str).decode()
    return uuid.uuid5(_NAMESPACE, f"{queue}|{properties.get('message_id')}|{digest}|{deaths}")


def _envelope(body: bytes) -> Envelope | None:
    try:
        return Envelope.model_validate(orjson.loads(body))
    except (ValueError, ValidationError):
        return None


def _death(headers: dict[str, Any]) -> str | None:
    reason = headers.get("x-first-death-reason")
    if reason:
        return _text(reason)
    deaths = headers.get("x-death")
    if isinstance(deaths, list) and deaths and isinstance(deaths[0], dict):
        return _text(deaths[0].get("reason"))
    return None


def _plain(value: Any) -> Any:
    """A header value as JSON can hold it (AMQP tables carry bytes and timestamps too)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _text(value: Any) -> str | None:
    plain = _plain(value)
    return None if plain is None else str(plain)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(_plain(value))) if value else None
    except ValueError:
        return None


def _when(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(str(_plain(value))) if value else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed
