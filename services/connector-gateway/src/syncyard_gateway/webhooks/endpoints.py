"""POST /v1/webhooks/{connection_id}: no auth header, the signature is the authentication."""

import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from fastapi import APIRouter, Request

from syncyard_common.telemetry import annotate_span, get_logger
from syncyard_gateway.connections import credentials, live
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.settings import GatewaySettings
from syncyard_gateway.webhooks import cleaning, errors, metrics, oversized, service, streamed
from syncyard_gateway.webhooks.receiver import Receiver

_log = get_logger(__name__)
router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


def _parse(connection_id: str) -> uuid.UUID:
    try:
        return uuid.UUID(connection_id)
    except ValueError:
        metrics.REJECTED.labels("unknown_connection").inc()
        raise errors.UnknownWebhookTarget() from None


async def _load(
    receiver: Receiver, connection_id: uuid.UUID, *, fresh: bool = False
) -> tuple[ConnectionRecord, bool]:
    record, is_fresh = await receiver.connection(connection_id, fresh=fresh)
    if record is None:
        metrics.REJECTED.labels("unknown_connection").inc()
        raise errors.UnknownWebhookTarget()
    # The order's trace starts here: name whose webhook it is (ids only).
    annotate_span(tenant_id=record.tenant_id, connection_id=record.id)
    return record, is_fresh


@router.get("/{connection_id}")
async def confirm_webhook_url(connection_id: str) -> dict[str, str]:  # noqa: ARG001
    """Some vendors check a webhook URL with a GET before they send anything. Unauthenticated,
    so the answer is the same whether the connection exists or not (no lookup at all): only a
    signed POST learns that."""
    return {"status": "ok"}


@router.post("/{connection_id}")
async def receive_webhook(connection_id: str, request: Request) -> dict[str, str]:
    """Verify, deduplicate and store a signed webhook; 200 once it is committed.

    In the gateway this route is answered in front of FastAPI's routing (``fast_path.py``);
    it stays here as the operation the OpenAPI document describes, served by the same code."""
    settings: GatewaySettings = request.app.state.settings
    intake = await receive(
        request.state.receiver,
        connection_id,
        headers=request.headers,
        query=request.query_params,
        body=request.stream(),
        limit=settings.webhook_max_body_bytes,
    )
    return {"status": intake.value}


async def receive(
    receiver: Receiver,
    connection_id: str,
    *,
    headers: Mapping[str, str],
    query: Mapping[str, str],
    body: AsyncIterator[bytes],
    limit: int,
) -> service.Intake:
    """What a webhook comes to, or a ``ServiceError`` to answer with (webhooks/errors.py)."""
    parsed = _parse(connection_id)
    record, is_fresh = await _load(receiver, parsed)
    read = await streamed.read(body, limit=limit)
    if not read.is_complete:
        raise await oversized.refuse(receiver, record, headers, read.data, limit=limit)
    delivery = _Delivery(headers, query, read.data)
    intake = await _take_in(receiver, record, delivery, is_fresh=is_fresh)
    if intake is None:  # what was known of the connection is out of date: decide afresh
        record, _ = await _load(receiver, parsed, fresh=True)
        intake = await _take_in(receiver, record, delivery, is_fresh=True)
    if intake is None:  # its credentials changed again meanwhile: the sender retries later
        raise errors.IntakeUnavailable("The connection changed while the webhook arrived.")
    return intake


@dataclass(frozen=True)
class _Delivery:
    headers: Mapping[str, str]
    query: Mapping[str, str]
    body: bytes


async def _take_in(
    receiver: Receiver, record: ConnectionRecord, delivery: _Delivery, *, is_fresh: bool
) -> service.Intake | None:
    """Verify on the raw bytes, then store; None when ``record`` may be out of date."""
    try:
        connector = receiver.factory.verifier(record)
    except (live.KeysUnavailable, credentials.CredentialsUndecryptable):
        raise errors.IntakeUnavailable("The connection's credentials are unavailable.") from None
    if not isinstance(connector, base.WebhookSource):
        raise errors.UnknownWebhookTarget()
    try:
        event = connector.verify_webhook(
            headers=delivery.headers, body=delivery.body, query=delivery.query
        )
    except connector_errors.WebhookTopicNotHandled as exc:
        metrics.ACCEPTED.labels(service.Intake.IGNORED.value).inc()
        _log.info("webhook topic ignored", connection_id=str(record.id), reason=exc.reason)
        return service.Intake.IGNORED
    except connector_errors.WebhookSignatureInvalid as exc:
        if not is_fresh:  # the secret may have changed since the connection was read
            return None
        metrics.REJECTED.labels("signature").inc()
        _log.warning("webhook signature rejected", connection_id=str(record.id), reason=exc.reason)
        raise errors.SignatureRejected(exc.reason) from None
    except (connector_errors.WebhookMalformed, ValueError) as exc:
        metrics.REJECTED.labels("malformed").inc()
        reason = getattr(exc, "reason", "The webhook body is not valid JSON.")
        _log.warning("malformed webhook rejected", connection_id=str(record.id), reason=reason)
        raise errors.WebhookMalformedBody(reason) from None
    intake = await service.take_in(
        receiver.pool,
        record=record,
        event=cleaning.cleaned(event, delivery.body),
        reads=connector.capabilities.reads,
    )
    if intake is None:
        receiver.forget(record.id)
    return intake
