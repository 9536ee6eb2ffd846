"""POST /v1/webhooks/{connection_id}: no auth header, the signature is the authentication."""

import uuid

from fastapi import APIRouter, Request

from syncyard_common.telemetry import get_logger
from syncyard_gateway.connections import crypto, live, repository
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, registry
from syncyard_gateway.connectors import errors as connector_errors
from syncyard_gateway.deps import FactoryDep, SettingsDep
from syncyard_gateway.webhooks import errors, metrics, service

_log = get_logger(__name__)
router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])


async def _load(request: Request, connection_id: str) -> ConnectionRecord:
    try:
        parsed = uuid.UUID(connection_id)
    except ValueError:
        parsed = None
    record = None
    if parsed is not None:
        async with request.state.sessionmaker() as session, session.begin():
            record = await repository.get_unscoped(session, connection_id=parsed)
    if record is None or not issubclass(registry.get(record.connector), base.WebhookSource):
        metrics.REJECTED.labels("unknown_connection").inc()
        raise errors.UnknownWebhookTarget()
    return record


async def _read_body(request: Request, limit: int) -> bytes:
    """Count streamed bytes: Content-Length may be absent or lie."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            metrics.REJECTED.labels("too_large").inc()
            raise errors.WebhookTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


@router.get("/{connection_id}")
async def confirm_webhook_url(connection_id: str, request: Request) -> dict[str, str]:
    """Some vendors check a webhook URL with a GET before they send anything."""
    await _load(request, connection_id)
    return {"status": "ok"}


@router.post("/{connection_id}")
async def receive_webhook(
    connection_id: str, request: Request, factory: FactoryDep, settings: SettingsDep
) -> dict[str, str]:
    record = await _load(request, connection_id)
    body = await _read_body(request, settings.webhook_max_body_bytes)
    try:
        connector = factory.verifier(record)
    except (live.KeysUnavailable, crypto.CredentialsUndecryptable):
        raise errors.IntakeUnavailable("The connection's credentials are unavailable.") from None
    if not isinstance(connector, base.WebhookSource):
        raise errors.UnknownWebhookTarget()
    try:
        event = connector.verify_webhook(
            headers=request.headers, body=body, query=request.query_params
        )
    except connector_errors.WebhookTopicNotHandled as exc:
        metrics.ACCEPTED.labels(service.Intake.IGNORED.value).inc()
        _log.info("webhook topic ignored", connection_id=str(record.id), reason=exc.reason)
        return {"status": service.Intake.IGNORED.value}
    except connector_errors.WebhookSignatureInvalid as exc:
        metrics.REJECTED.labels("signature").inc()
        _log.warning("webhook signature rejected", connection_id=str(record.id), reason=exc.reason)
        raise errors.SignatureRejected(exc.reason) from None
    except (connector_errors.WebhookMalformed, ValueError) as exc:
        metrics.REJECTED.labels("malformed").inc()
        reason = getattr(exc, "reason", "The webhook body is not valid JSON.")
        _log.warning("malformed webhook rejected", connection_id=str(record.id), reason=reason)
        raise errors.WebhookMalformedBody(reason) from None
    intake = await service.take_in(
        sessionmaker=request.state.sessionmaker,
        record=record,
        event=event,
        reads=connector.capabilities.reads,
    )
    return {"status": intake.value}
