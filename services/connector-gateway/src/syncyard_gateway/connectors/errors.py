"""What a connector raises: each error has a machine code and a merchant-readable reason."""

from typing import ClassVar

from syncyard_common.messages.connector_errors import ConnectorErrorKind


class ConnectorError(Exception):
    """Base of every connector failure; ``kind`` says how the gateway reports it (None: retry)."""

    default_code: ClassVar[str] = "connector_error"
    kind: ClassVar[ConnectorErrorKind | None] = ConnectorErrorKind.DATA

    def __init__(self, reason: str, *, code: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code or self.default_code


class ConnectorAuthError(ConnectorError):
    """Credentials rejected (401/403, bad ident/secret): pause the connection, alert once."""

    default_code = "auth_rejected"
    kind = ConnectorErrorKind.AUTH


class ConnectorTransientError(ConnectorError):
    """Worth retrying later: 429, 5xx, timeouts, connection errors."""

    default_code = "transient"
    kind = None

    def __init__(
        self, reason: str, *, retry_after: float | None = None, code: str | None = None
    ) -> None:
        super().__init__(reason, code=code)
        self.retry_after = retry_after


class ConnectorDataError(ConnectorError):
    """The remote system refused the record; retrying the same request will not help."""

    default_code = "data_rejected"
    kind = ConnectorErrorKind.DATA


class ArticleNumberNotNumeric(ConnectorDataError):
    """A SKU has no known target id and cannot be used as a numeric article number."""

    default_code = "article_number_not_numeric"

    def __init__(self, sku: str, reason: str | None = None) -> None:
        super().__init__(
            reason
            or f"SKU {sku!r} is not numeric and no article with this SKU is known in the target."
        )
        self.sku = sku


class ConnectorNotFound(ConnectorError):
    """The record asked for does not exist in the remote system."""

    default_code = "not_found"
    kind = ConnectorErrorKind.NOT_FOUND


class UnsupportedOperation(ConnectorError):
    """The connector cannot do what was asked."""

    default_code = "unsupported"
    kind = ConnectorErrorKind.UNSUPPORTED


class UnknownConnector(ConnectorError, KeyError):
    """No connector is registered under this name."""

    default_code = "unknown_connector"
    kind = ConnectorErrorKind.UNSUPPORTED

    def __str__(self) -> str:
        return self.reason


class WebhookError(Exception):
    """Base of webhook intake failures; answered with 401 (signature) or 400 (body)."""

    default_code: ClassVar[str] = "webhook_rejected"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = self.default_code


class WebhookSignatureInvalid(WebhookError):
    """Missing or wrong signature, or the webhook names another shop than the connection's."""

    default_code = "webhook_signature_invalid"


class WebhookTopicNotHandled(WebhookError):
    """A genuine (signed) webhook about something no flow uses: acknowledge it, do nothing,
    so the vendor does not retry it and eventually delete the subscription."""

    default_code = "webhook_topic_not_handled"


class WebhookMalformed(WebhookError):
    """The signature was valid but the body is not what the vendor documents."""

    default_code = "webhook_malformed"
