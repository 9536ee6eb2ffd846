"""Mailchimp's error answers: `application/problem+json` with type, title, status, detail."""

import uuid
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

PROBLEM_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"
MEDIA_TYPE = "application/problem+json"
INVALID_DETAIL = (
    "The resource submitted could not be validated. "
    "For field-specific details, see the 'errors' array."
)
# Title and detail Mailchimp uses per status when nothing more specific applies.
STANDARD = {
    400: ("Invalid Resource", INVALID_DETAIL),
    401: ("API Key Invalid", "Your API key may be invalid, or you've attempted to access the "
          "wrong datacenter."),
    403: ("Forbidden", "You don't have permission to access this resource."),
    404: ("Resource Not Found", "The requested resource could not be found."),
    405: ("Method Not Allowed", "The requested method and resource are not compatible."),
    429: ("Too Many Requests", "You have exceeded the limit of 10 simultaneous connections."),
    500: ("Internal Server Error", "An unexpected internal error has occurred. Please contact "
          "Support for more information."),
    502: ("Bad Gateway", "The server received an invalid response from upstream."),
    503: ("Service Unavailable", "This service is temporarily unavailable."),
    504: ("Gateway Timeout", "The server did not answer in time."),
}  # fmt: skip


class MailchimpError(Exception):
    """An error answered as a problem document with the given HTTP status."""

    def __init__(
        self,
        status: int,
        title: str | None = None,
        detail: str | None = None,
        errors: list[dict[str, str]] | None = None,
    ) -> None:
        default_title, default_detail = STANDARD.get(status, ("Error", "An error occurred."))
        self.status = status
        self.title = title or default_title
        self.detail = detail or default_detail
        self.errors = errors
        super().__init__(f"{status} {self.title}: {self.detail}")

    def body(self) -> dict[str, Any]:
        """The problem document; `instance` is a fresh id, as Mailchimp sends per error."""
        body: dict[str, Any] = {
            "type": PROBLEM_TYPE,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": str(uuid.uuid4()),
        }
        if self.errors is not None:
            body["errors"] = self.errors
        return body

    def response(self) -> JSONResponse:
        return JSONResponse(self.body(), status_code=self.status, media_type=MEDIA_TYPE)


def not_found() -> MailchimpError:
    return MailchimpError(404)


def invalid(field: str, message: str) -> MailchimpError:
    """400 Invalid Resource with one field error."""
    return MailchimpError(400, errors=[{"field": field, "message": message}])


def blank(fields: list[str]) -> MailchimpError:
    """400 for required fields that are missing or empty."""
    errors = [{"field": name, "message": "This value should not be blank."} for name in fields]
    return MailchimpError(400, errors=errors)


def already_exists(kind: str) -> MailchimpError:
    """400 a POST answers when the id is taken (use PUT to upsert)."""
    return MailchimpError(
        400, detail=f"A {kind} with the provided ID already exists in the account."
    )


async def handle_mailchimp_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MailchimpError)
    return exc.response()
