"""The REST client base: the paced exchange (paced_client.py), the error status turned into the
ConnectorError it means, JSON and model reading. A vendor's client sets its root, its auth
(headers, query or httpx auth) and overrides the hooks where its API differs."""

import json
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.kit.paced_client import PacedClient

Model = TypeVar("Model", bound=BaseModel)

# ``read_json(empty=REQUIRED)``: an answer without a body is as unreadable as one without JSON.
REQUIRED: Any = object()


class RestClient(PacedClient):
    """A REST vendor's transport: the paced exchange, the common error rules, JSON answers."""

    # Why 401/403 happened, in the vendor's terms (the merchant reads it).
    auth_rejected: ClassVar[str] = "The remote system rejected the credentials of this connection."

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


def read_model(model: type[Model], data: Any, what: str, *, system: str) -> Model:
    """Validate a vendor JSON object; a shape we cannot read is a data error, not a crash."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConnectorDataError(
            f"{system} answered {what} in a shape this connector cannot read "
            f"({exc.error_count()} problems).",
            code="unreadable_answer",
        ) from None
