"""Errors of channels: API errors that know their status, and delivery outcomes."""

import uuid

from syncyard_common.web import errors


class ChannelNotFound(errors.NotFound):
    def __init__(self, channel_id: uuid.UUID) -> None:
        super().__init__("channel_not_found", f"No channel {channel_id}.")


class FieldRequired(errors.Unprocessable):
    def __init__(self, field: str, kind: str) -> None:
        super().__init__("field_required", f"A {kind} channel needs {field}.", field=field)


class FieldNotAllowed(errors.Unprocessable):
    def __init__(self, field: str, kind: str) -> None:
        super().__init__("field_not_allowed", f"A {kind} channel has no {field}.", field=field)


class KindConflict(errors.Conflict):
    """An edit that a channel of another kind would take (its kind never changes)."""

    def __init__(self, detail: str, field: str) -> None:
        super().__init__("field_not_for_kind", detail, field=field)


class WebhookUrlRefused(errors.Unprocessable):
    def __init__(self, reason: str) -> None:
        super().__init__(
            "webhook_url_refused", f"This webhook URL is refused: {reason}.", field="url"
        )


class ChannelTestFailed(errors.ServiceError):
    def __init__(self, alert_id: uuid.UUID, reason: str) -> None:
        super().__init__(
            "channel_test_failed",
            f"The test alert could not be delivered: {reason}",
            status_code=502,
            extra={"alert_id": str(alert_id)},
        )


class DeliveryFailed(Exception):
    """A send that did not go through; retried with backoff up to the attempt limit."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ChannelGone(DeliveryFailed):
    """The receiver answered 410 Gone: the channel is disabled, no more retries."""
