"""BigCommerce-shaped errors: v3 `{status, title, type, errors}`, v2 `[{status, message}]`."""

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

STATUS_CODES_DOC = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"
BAD_CREDENTIALS = (
    "Unauthorized - the v3 Auth client ID or token in the request are not a valid "
    "combination for this store."
)
NO_CREDENTIALS = "No valid credentials were found in this request"
NOT_FOUND = "The requested resource was not found."
TOO_MANY = "Too many requests. The request quota for this store was exceeded."


class ApiError(Exception):
    """An error answered in the shape of the API version the request used."""

    def __init__(self, status: int, title: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {title}")
        self.status = status
        self.title = title
        self.errors = errors or {}


def not_found(title: str = NOT_FOUND) -> ApiError:
    """404 with BigCommerce's wording."""
    return ApiError(404, title)


def invalid(errors: dict[str, str], title: str = "JSON data is missing or invalid") -> ApiError:
    """422 with a field → message map."""
    return ApiError(422, title, errors)


def is_v2(path: str) -> bool:
    """True for `/stores/{hash}/v2/…` paths, which answer errors as arrays."""
    return "/v2/" in path


def error_body(path: str, status: int, title: str, errors: dict[str, str] | None = None) -> Any:
    """The JSON body of an error for this path's API version."""
    if is_v2(path):
        entry: dict[str, Any] = {"status": status, "message": title}
        if errors:
            entry["details"] = errors
        return [entry]
    return {"status": status, "title": title, "type": STATUS_CODES_DOC, "errors": errors or {}}


def error_response(
    path: str,
    status: int,
    title: str,
    errors: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A ready JSONResponse of `error_body`."""
    return JSONResponse(error_body(path, status, title, errors), status, headers=headers)


async def handle_api_error(request: Request, exc: Exception) -> Response:
    """Exception handler for ApiError."""
    assert isinstance(exc, ApiError)
    return error_response(request.url.path, exc.status, exc.title, exc.errors)


async def handle_http_error(request: Request, exc: Exception) -> Response:
    """Starlette's 404/405 in BigCommerce's shape."""
    assert isinstance(exc, HTTPException)
    title = NOT_FOUND if exc.status_code == 404 else str(exc.detail)
    return error_response(request.url.path, exc.status_code, title)


async def handle_validation_error(request: Request, exc: Exception) -> Response:
    """Query/path parameters FastAPI could not parse: 422 with one message per field."""
    assert isinstance(exc, RequestValidationError)
    errors = {".".join(str(p) for p in e["loc"][1:]) or "body": str(e["msg"]) for e in exc.errors()}
    return error_response(request.url.path, 422, "Input is invalid", errors)
