"""Ecwid-shaped errors: an HTTP status and the optional body `{errorMessage, errorCode}`.

Codes and messages follow Ecwid's REST API error table (docs.ecwid.com/api-reference/rest-api/
rest-api-error-codes). Ecwid also puts the message in the status line's reason phrase; ASGI
servers always send the standard phrase, so the simulator carries it in the body only.
"""

from fastapi import Request
from fastapi.responses import JSONResponse


class EcwidError(Exception):
    """An error answered as `{"errorMessage", "errorCode"}` with the given status."""

    def __init__(
        self,
        status_code: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status_code}: {message}")
        self.status_code = status_code
        self.message = message
        self.code = code
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        """The JSON response Ecwid would send."""
        body: dict[str, str] = {"errorMessage": self.message}
        if self.code:
            body["errorCode"] = self.code
        return JSONResponse(body, status_code=self.status_code, headers=self.headers)


def invalid_token() -> EcwidError:
    return EcwidError(403, "Invalid access token in the request.", "INVALID_API_TOKEN")


def missing_scope(scope: str) -> EcwidError:
    return EcwidError(
        403,
        f"Application doesn't have a required scope for the request: {scope}",
        "INSUFFICIENT_APP_SCOPE",
    )


def plan_required() -> EcwidError:
    return EcwidError(402, "Feature not available on current plan", "NOT_AVAILABLE_ON_CURRENT_PLAN")


def store_not_found() -> EcwidError:
    return EcwidError(404, "Store with specified ID was not found.", "STORE_NOT_FOUND")


def not_found(kind: str, record_id: object) -> EcwidError:
    """404 with Ecwid's per-entity code (PRODUCT_NOT_FOUND, ORDER_NOT_FOUND, ...)."""
    return EcwidError(
        404,
        f"{kind.capitalize()} with specified ID was not found: {record_id}",
        f"{kind.upper()}_NOT_FOUND",
    )


def wrong_parameter(name: str, value: object, why: str = "") -> EcwidError:
    """400 `Wrong parameter 'inStock' value: …` as in Ecwid's documented example."""
    detail = f" ({why})" if why else ""
    return EcwidError(400, f"Wrong parameter '{name}' value: {value}{detail}", "WRONG_PARAMETER")


def rate_limited(retry_after_s: int) -> EcwidError:
    return EcwidError(
        429,
        "Too many requests, rate limit exceeded.",
        "RATE_LIMITED",
        headers={"Retry-After": str(retry_after_s)},
    )


async def handle_ecwid_error(_request: Request, exc: Exception) -> JSONResponse:
    """Exception handler turning EcwidError into its response."""
    assert isinstance(exc, EcwidError)
    return exc.response()
