"""What the routes that call a connection's remote system live declare besides their own answers.

The remote's failure (down, unreachable, credentials refused, an answer it cannot read) is
answered 502 with the remote's code and scrubbed reason: by design, not a fault of the gateway.
The document says so, and marks these operations ``x-calls-remote`` (tests/openapi's
schemathesis configuration takes their declared 502 as such). A request the connection's kind
cannot serve (an entity it does not read, a look-up it has not, polling a webhook connector)
is 409 naming the field: the request is well formed, the connection is what refuses it; so
are stored credentials that no longer decrypt (409 credentials_unreadable, field credentials).
"""

from typing import Any

from syncyard_common.web import errors as web_errors
from syncyard_gateway.connections.errors import CREDENTIALS_UNREADABLE

REMOTE_FAILED = (
    "The remote system failed, refused the call or could not be reached; the problem's code "
    "(remote_unavailable, unreachable, auth_rejected, …) and detail say which. Try again later."
)
NOT_FOR_THIS_CONNECTION = (
    "The connection's kind cannot do this (the problem names the field and what it can do)."
)

REMOTE_BUSY = (
    "The remote's request budget is spent for now (rate_limited): read again after the "
    "problem's retry_after seconds."
)


def unseals_credentials(also: dict[int, str] | None = None) -> dict[str, Any]:
    """Route keyword arguments of an operation that unseals the connection's credentials (so
    may answer 409 credentials_unreadable), with its other declared answers (status →
    description) in ``also``."""
    answers = dict(also or {})
    conflict = answers.get(409)
    answers[409] = (
        f"{conflict} Or: {CREDENTIALS_UNREADABLE}" if conflict else CREDENTIALS_UNREADABLE
    )
    return {"responses": {status: {"description": text} for status, text in answers.items()}}


def calls_remote(also: dict[int, str] | None = None) -> dict[str, Any]:
    """Route keyword arguments: ``@router.get(path, **calls_remote())``, with the operation's
    other declared answers (status → description) in ``also``."""
    return {
        **unseals_credentials({502: REMOTE_FAILED, **(also or {})}),
        "openapi_extra": {"x-calls-remote": True},
    }


class NotForThisConnection(web_errors.Conflict):
    """The connection's connector cannot serve this well-formed request."""

    def __init__(self, code: str, reason: str, *, field: str) -> None:
        super().__init__(code, reason, field=field)


class RemoteFailed(web_errors.ServiceError):
    """The remote system did not answer as asked; ``detail`` is its (scrubbed) reason."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(code, reason, status_code=502)
