"""The only file that calls the Mailchimp Marketing API: URLs, Basic auth, problem answers."""

from typing import Any
from urllib.parse import quote

import httpx

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.pacing import Pacer

SYSTEM = "Mailchimp"
# Mailchimp's 429 (too many simultaneous connections) carries no Retry-After; a slot frees
# as soon as one of our own requests finishes, so a short pause is enough.
CONCURRENCY_RETRY_AFTER = 1.0
PAGE_SIZE = 1000  # the largest `count` Mailchimp accepts


def segment(value: str) -> str:
    """One URL path segment (our ids are SKUs and order references: anything may be in them)."""
    return quote(value, safe="")


class MailchimpClient:
    def __init__(
        self, *, base_url: str, api_key: str, http: httpx.AsyncClient, pacer: Pacer
    ) -> None:
        self._root = f"{base_url.rstrip('/')}/3.0"
        # Any user name works; the key is the password.
        self._auth = httpx.BasicAuth("syncyard", api_key)
        self._http = http
        self._pacer = pacer

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """One request below /3.0; the decoded answer (None for 204) or a ConnectorError."""
        async with self._pacer.request():
            response = await connector_http.send(
                self._http,
                method,
                f"{self._root}{path}",
                system=SYSTEM,
                auth=self._auth,
                params=params,
                json=body,
                headers={"Accept": "application/json"},
            )
        raise_for_answer(response, f"{method} {path}")
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise ConnectorTransientError(
                f"Mailchimp answered {path} with a body that is not JSON.",
                code="unreadable_answer",
            ) from None

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
        items: list[Any] = []
        while True:
            params = {"count": str(PAGE_SIZE), "offset": str(len(items))}
            if fields:
                params["fields"] = f"{fields},total_items"
            page = await self.get(path, params)
            found = page.get(key) or []
            items += found
            if not found or len(items) >= int(page.get("total_items", 0)):
                return items


def raise_for_answer(response: httpx.Response, what: str) -> None:
    """Raise the ConnectorError an error status means; 2xx passes."""
    status = response.status_code
    if status < 300:
        return
    problem = _problem(response)
    if status == 403 and problem is None:
        # Under very heavy load Mailchimp throttles with a bare 403 instead of a 429.
        raise ConnectorTransientError(
            "Mailchimp throttled the request (HTTP 403 without a body); will retry.",
            retry_after=CONCURRENCY_RETRY_AFTER,
            code="rate_limited",
        )
    if status in (401, 403):
        raise ConnectorAuthError(
            "Mailchimp rejected the API key of this connection "
            f"({(problem or {}).get('title', f'HTTP {status}')})."
        )
    if status == 429:
        raise ConnectorTransientError(
            "Mailchimp refused the request: too many simultaneous connections; will retry.",
            retry_after=connector_http.retry_after(response) or CONCURRENCY_RETRY_AFTER,
            code="rate_limited",
        )
    connector_http.raise_for_status(response, system=SYSTEM)
    if status >= 500:
        raise ConnectorTransientError(
            f"Mailchimp answered HTTP {status}; will retry.", code="remote_unavailable"
        )
    if status == 404:
        raise ConnectorNotFound(f"Mailchimp has no such record ({what}).")
    raise ConnectorDataError(
        f"Mailchimp refused {what} (HTTP {status}): {describe(problem, response)}",
        code=f"http_{status}",
    )


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
