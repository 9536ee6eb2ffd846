"""Answers of the webhook intake when it refuses a delivery."""

from syncyard_common.web import errors


class UnknownWebhookTarget(errors.NotFound):
    def __init__(self) -> None:
        super().__init__("connection_not_found", "No connection receives webhooks here.")


class WebhookTooLarge(errors.PayloadTooLarge):
    def __init__(self, limit: int) -> None:
        super().__init__("payload_too_large", f"The webhook body is larger than {limit} bytes.")


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
