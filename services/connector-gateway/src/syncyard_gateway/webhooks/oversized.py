"""A webhook body over the limit: refused with 413, but the record it names is still read.

The signature covers bytes we never keep, so the delivery is not verified: the connector reads
the record's id from the headers and the body's first bytes (``OversizedWebhookSource``) and the
intake stores the same messages as for any webhook, deduplicated on the event key. Nothing of
the body is trusted: the run reads the record afresh from the shop with the connection's own
credentials, so a forged notice costs at most one read."""

from collections.abc import Mapping

from syncyard_common.telemetry import get_logger
from syncyard_gateway.connections import credentials, live
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base
from syncyard_gateway.webhooks import cleaning, errors, metrics, service
from syncyard_gateway.webhooks.receiver import Receiver

_log = get_logger(__name__)


async def refuse(
    receiver: Receiver,
    record: ConnectionRecord,
    headers: Mapping[str, str],
    head: bytes,
    *,
    limit: int,
) -> errors.WebhookTooLarge:
    """Store a re-read notice when the connector can name the record; the 413 to raise."""
    metrics.REJECTED.labels("too_large").inc()
    try:
        connector = receiver.factory.verifier(record)
    except (live.KeysUnavailable, credentials.CredentialsUndecryptable):
        raise errors.IntakeUnavailable("The connection's credentials are unavailable.") from None
    event = None
    if isinstance(connector, base.OversizedWebhookSource):
        event = connector.webhook_notice(headers=headers, head=head)
    if event is None:
        _log.warning("oversized webhook refused", connection_id=str(record.id), limit=limit)
        return errors.WebhookTooLarge(limit)
    event = cleaning.cleaned(event, b"")
    intake = await service.take_in(
        receiver.pool, record=record, event=event, reads=connector.capabilities.reads
    )
    if intake is None:  # the connection changed meanwhile: the sender's retry decides afresh
        receiver.forget(record.id)
        return errors.WebhookTooLarge(limit)
    _log.warning(
        "oversized webhook refused, its record is read from the source instead",
        connection_id=str(record.id),
        topic=event.topic,
        record_id=event.entity_id,
        intake=intake.value,
        limit=limit,
    )
    return errors.WebhookTooLarge(limit, read_instead=(event.entity.value, event.entity_id))
