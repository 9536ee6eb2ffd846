"""The REST client base: one paced attempt per call, the answer's budget figures learnt, the
error status turned into the ConnectorError it means. A vendor's client sets its root, its
auth (headers, query or httpx auth) and overrides the hooks where its API differs."""

import json
from decimal import Decimal
from typing import Any, ClassVar

import httpx

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.pacing import UNPACED, Allowance, Pacer

# ``read_json(empty=REQUIRED)``: an answer without a body is as unreadable as one without JSON.
REQUIRED: Any = object()


class RestClient:
    """HTTP transport for one remote account; subclasses hold only their vendor's facts."""

    system: ClassVar[str] = "The remote system"
    # Why 401/403 happened, in the vendor's terms (the merchant reads it).
    auth_rejected: ClassVar[str] = "The remote system rejected the credentials of this connection."

    def __init__(self, *, root: str, http: httpx.AsyncClient, pacer: Pacer = UNPACED) -> None:
        self._root = root
        self._http = http
        self._pacer = pacer

    async def exchange(self, method: str, url: str, *, what: str, **kwargs: Any) -> httpx.Response:
        """One paced request (``kwargs`` as for httpx): sent, its figures learnt, its error
        status raised (inside the pacer, so a 429 reaches the budget)."""
        async with self._pacer.request() as call:
            response = await connector_http.send(
                self._http, method, url, system=self.system, **kwargs
            )
            self.note(response)
            call.learn(self.allowance(response))
            self.raise_for_answer(response, what)
        return response

    def note(self, response: httpx.Response) -> None:
        """Hook: keep what an answer tells about the account (quota figures); default nothing."""

    def allowance(self, response: httpx.Response) -> Allowance | None:
        """Hook: what an answer says about the budget; default only a 429's Retry-After."""
        return connector_http.refusal(response)

    def raise_for_answer(self, response: httpx.Response, what: str) -> None:
        """Raise the ConnectorError an error status means; 2xx passes.

        Order: the vendor's own cases (``vendor_error``), 401/403, the retryable statuses,
        404, other 5xx, and any other status as a refusal with the vendor's message."""
        status = response.status_code
        if status < 300:
            return
        error = self.vendor_error(response, what)
        if error is None and status in (401, 403):
            error = ConnectorAuthError(self.auth_rejected)
        if error is not None:
            raise error
        connector_http.raise_for_status(response, system=self.system)
        if status == 404:
            raise self.not_found(response, what)
        if status >= 500:
            raise self.server_error(response, what)
        raise self.refused(response, what)

    def vendor_error(self, response: httpx.Response, what: str) -> ConnectorError | None:  # noqa: ARG002
        """Hook: the error a vendor-specific answer means, before the common rules."""
        return None

    def not_found(self, response: httpx.Response, what: str) -> ConnectorError:  # noqa: ARG002
        return ConnectorNotFound(f"{self.system} has no {what}.")

    def server_error(self, response: httpx.Response, what: str) -> ConnectorError:
        return ConnectorTransientError(
            f"{self.system} answered HTTP {response.status_code} at {what}; will retry.",
            code="remote_unavailable",
        )

    def refused(self, response: httpx.Response, what: str) -> ConnectorError:
        status = response.status_code
        return ConnectorDataError(
            f"{self.system} refused {what} (HTTP {status}): {self.error_message(response)}",
            code=f"http_{status}",
        )

    def error_message(self, response: httpx.Response) -> str:
        """Hook: the vendor's error body in a few words; default the body's first 300 chars."""
        return response.text[:300]

    def read_json(
        self, response: httpx.Response, what: str, *, empty: Any = None, exact: bool = False
    ) -> Any:
        """The decoded answer; ``empty`` for a body-less one; ``exact``: numbers as Decimal."""
        if not response.content and empty is not REQUIRED:
            return empty
        try:
            return json.loads(response.content, parse_float=Decimal) if exact else response.json()
        except ValueError:
            raise ConnectorTransientError(
                f"{self.system} answered {what} with a body that is not JSON.",
                code="unreadable_answer",
            ) from None


def body_of(response: httpx.Response) -> Any:
    """The error answer's JSON, or None when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None
