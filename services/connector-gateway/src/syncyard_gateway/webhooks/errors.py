"""Answers of the webhook intake when it refuses a delivery."""

from syncyard_common.web import errors


class UnknownWebhookTarget(errors.NotFound):
    def __init__(self) -> None:
        super().__init__("connection_not_found", "No connection receives webhooks here.")


class WebhookTooLarge(errors.PayloadTooLarge):
    def __init__(self, limit: int, *, read_instead: tuple[str, str] | None = None) -> None:
        message = f"The webhook body is larger than {limit} bytes."
        extra = None
        if read_instead is not None:  # a re-read notice was stored (webhooks/oversized.py)
            entity, record_id = read_instead
            message += f" Its {entity} record {record_id} is read from the source instead."
            extra = {"read_instead": {"entity": entity, "id": record_id}}
        super().__init__("payload_too_large", message, extra=extra)


class SignatureRejected(errors.Unauthorized):
    def __init__(self, reason: str) -> None:
        super().__init__("webhook_signature_invalid", reason)


class WebhookMalformedBody(errors.BadRequest):
    def __init__(self, reason: str) -> None:
        super().__init__("webhook_malformed", reason)


class IntakeUnavailable(errors.ServiceUnavailable):
    """The webhook cannot be verified or stored right now; the sender will retry."""

    def __init__(self, reason: str) -> None:
        super().__init__("temporarily_unavailable", reason)
