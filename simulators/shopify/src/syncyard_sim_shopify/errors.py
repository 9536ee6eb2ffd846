"""Shopify-shaped REST errors: every error body is `{"errors": ...}`."""

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

BAD_LOGIN = "[API] Invalid API key or access token (unrecognized login or wrong password)"


class ShopifyError(Exception):
    """An error answered as `{"errors": errors}` with the given HTTP status."""

    def __init__(self, status_code: int, errors: Any) -> None:
        super().__init__(f"{status_code}: {errors}")
        self.status_code = status_code
        self.errors = errors


def not_found() -> ShopifyError:
    """404 `{"errors": "Not Found"}`."""
    return ShopifyError(404, "Not Found")


def unprocessable(field_errors: dict[str, list[str]]) -> ShopifyError:
    """422 with a field → messages map."""
    return ShopifyError(422, field_errors)


def missing_root(root: str) -> ShopifyError:
    """400 Shopify answers when the wrapping key (`order`, `product` …) is absent."""
    return ShopifyError(400, {root: "Required parameter missing or invalid"})


async def handle_shopify_error(_request: Request, exc: Exception) -> JSONResponse:
    """Exception handler turning ShopifyError into its JSON response."""
    assert isinstance(exc, ShopifyError)
    return JSONResponse({"errors": exc.errors}, status_code=exc.status_code)
