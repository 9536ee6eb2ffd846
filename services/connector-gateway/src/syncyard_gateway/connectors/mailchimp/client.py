"""The only file that calls the Mailchimp Marketing API: URLs, Basic auth, problem answers.

Pacing, sending and the common error rules are the kit's (kit/rest_client.py)."""

from typing import Any
from urllib.parse import quote

import httpx

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.kit import paging
from syncyard_gateway.connectors.kit.rest_client import RestClient
from syncyard_gateway.connectors.pacing import Allowance, Pacer

SYSTEM = "Mailchimp"
# Mailchimp's 429 (too many simultaneous connections) carries no Retry-After; a slot frees
# as soon as one of our own requests finishes, so a short pause is enough.
CONCURRENCY_RETRY_AFTER = 1.0
PAGE_SIZE = 1000  # the largest `count` Mailchimp accepts


def segment(value: str) -> str:
    """One URL path segment (our ids are SKUs and order references: anything may be in them)."""
    return quote(value, safe="")


class MailchimpClient(RestClient):
    system = SYSTEM

    def __init__(
        self, *, base_url: str, api_key: str, http: httpx.AsyncClient, pacer: Pacer
    ) -> None:
        super().__init__(root=f"{base_url.rstrip('/')}/3.0", http=http, pacer=pacer)
        # Any user name works; the key is the password.
        self._auth = httpx.BasicAuth("syncyard", api_key)

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """One request below /3.0; the decoded answer (None for 204) or a ConnectorError."""
        response = await self.exchange(
            method,
            f"{self._root}{path}",
            what=f"{method} {path}",
            auth=self._auth,
            params=params,
            json=body,
            headers={"Accept": "application/json"},
        )
        if response.status_code == 204:
            return None
        return self.read_json(response, path)

    async def get(self, path: str, params: dict[str, str] | None = None) -> Any:
        return await self.call("GET", path, params=params)

    async def find(self, path: str, params: dict[str, str] | None = None) -> Any:
        """GET, but None instead of ConnectorNotFound."""
        try:
            return await self.call("GET", path, params=params)
        except ConnectorNotFound:
            return None

    async def get_all(self, path: str, key: str, fields: str | None = None) -> list[Any]:
        """Every item of a list endpoint, paging with count/offset (1000 at a time)."""

        async def fetch(offset: int) -> tuple[list[Any], int]:
            params = {"count": str(PAGE_SIZE), "offset": str(offset)}
            if fields:
                params["fields"] = f"{fields},total_items"
            page = await self.get(path, params)
            return page.get(key) or [], int(page.get("total_items", 0))

        return await paging.all_by_offset(fetch)

    def allowance(self, response: httpx.Response) -> Allowance | None:  # noqa: ARG002
        """Mailchimp meters concurrent connections only: its answers say nothing to learn."""
        return None

    def vendor_error(self, response: httpx.Response, what: str) -> ConnectorError | None:  # noqa: ARG002
        status = response.status_code
        problem = _problem(response)
        if status == 403 and problem is None:
            # Under very heavy load Mailchimp throttles with a bare 403 instead of a 429.
            return ConnectorTransientError(
                "Mailchimp throttled the request (HTTP 403 without a body); will retry.",
                retry_after=CONCURRENCY_RETRY_AFTER,
                code="rate_limited",
            )
        if status in (401, 403):
            return ConnectorAuthError(
                "Mailchimp rejected the API key of this connection "
                f"({(problem or {}).get('title', f'HTTP {status}')})."
            )
        if status == 429:
            return ConnectorTransientError(
                "Mailchimp refused the request: too many simultaneous connections; will retry.",
                retry_after=connector_http.retry_after(response) or CONCURRENCY_RETRY_AFTER,
                code="rate_limited",
            )
        return None

    def not_found(self, response: httpx.Response, what: str) -> ConnectorError:  # noqa: ARG002
        return ConnectorNotFound(f"Mailchimp has no such record ({what}).")

    def server_error(self, response: httpx.Response, what: str) -> ConnectorError:  # noqa: ARG002
        return ConnectorTransientError(
            f"Mailchimp answered HTTP {response.status_code}; will retry.",
            code="remote_unavailable",
        )

    def error_message(self, response: httpx.Response) -> str:
        return describe(_problem(response), response)


def _problem(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def describe(problem: dict[str, Any] | None, response: httpx.Response) -> str:
    """The vendor's detail plus its field errors, short enough for an audit entry."""
    if problem is None:
        return response.text[:300]
    text = str(problem.get("detail") or problem.get("title") or "")
    errors = problem.get("errors") or []
    if isinstance(errors, list) and errors:
        fields = "; ".join(
            f"{e.get('field', '')}: {e.get('message', '')}" for e in errors if isinstance(e, dict)
        )
        text = f"{text} ({fields})"
    return text[:500]
