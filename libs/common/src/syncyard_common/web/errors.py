"""Service errors that know their HTTP status, rendered as application/problem+json."""

from typing import Any


class ServiceError(Exception):
    """A merchant-readable error with a stable machine code and, where it applies, the field."""

    status_code = 500

    def __init__(
        self,
        code: str,
        message: str,
        *,
        status_code: int | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.extra = extra or {}
        if status_code is not None:
            self.status_code = status_code


class BadRequest(ServiceError):
    status_code = 400


class Unauthorized(ServiceError):
    status_code = 401


class Forbidden(ServiceError):
    status_code = 403


class NotFound(ServiceError):
    status_code = 404


class Conflict(ServiceError):
    status_code = 409


class PayloadTooLarge(ServiceError):
    status_code = 413


class Unprocessable(ServiceError):
    status_code = 422


class ServiceUnavailable(ServiceError):
    status_code = 503
