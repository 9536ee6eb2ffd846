"""Error answers: `Error {code, message, description}` and RFC 7807 `ApiProblem` for 422."""

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

PROBLEM_MEDIA_TYPE = "application/problem+json"


class ApiError(Exception):
    """An error answered with the spec's `Error` body (or an `ApiProblem` when `problem`)."""

    def __init__(
        self, status: int, message: str, description: str, *, problem: bool = False
    ) -> None:
        super().__init__(f"{status} {message}: {description}")
        self.status = status
        self.message = message
        self.description = description
        self.problem = problem

    def body(self) -> dict[str, Any]:
        """The JSON the API answers with."""
        if self.problem:
            return {
                "type": "https://tools.ietf.org/html/rfc2616#section-10",
                "title": self.message,
                "detail": self.description,
                "status": self.status,
            }
        return {"code": self.status, "message": self.message, "description": self.description}

    def response(self, headers: dict[str, str] | None = None) -> JSONResponse:
        """This error as a response."""
        media_type = PROBLEM_MEDIA_TYPE if self.problem else "application/json"
        return JSONResponse(
            self.body(), status_code=self.status, headers=headers, media_type=media_type
        )


def not_found(what: str) -> ApiError:
    """404 for an unknown record, e.g. `not_found("Article 12")`."""
    return ApiError(404, "Not Found", f"{what} could not be found.")


def bad_request(description: str) -> ApiError:
    """400 for a malformed query parameter."""
    return ApiError(400, "Bad Request", description)


def invalid(detail: str) -> ApiError:
    """422 `ApiProblem` for a body that fails validation."""
    return ApiError(422, "Validation Failed", detail, problem=True)


async def handle_api_error(_request: Request, exc: Exception) -> JSONResponse:
    """Exception handler turning ApiError into its JSON response."""
    assert isinstance(exc, ApiError)
    return exc.response()
