"""The only file that calls the MijnWebwinkel API: URLs, both tokens as query parameters, errors."""

from typing import Any

import httpx

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.pacing import Pacer

SYSTEM = "MijnWebwinkel"
DEFAULT_BASE_URL = "https://api.myonlinestore.com"
API_VERSION = "1"  # 2-beta drops fields and changes shapes; pin v1
PAGE_SIZE = 100  # the API's maximum `limit`
AUTH_REJECTED = (
    "MijnWebwinkel rejected the store token or partner token of this connection; check the "
    "token under Settings → API in the MijnWebwinkel admin."
)


class MijnWebwinkelClient:
    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        partner_token: str,
        language: str,
        http: httpx.AsyncClient,
        pacer: Pacer,
    ) -> None:
        self._root = f"{base_url.rstrip('/')}/v{API_VERSION}"
        self._params = {
            "token": token,
            "partner_token": partner_token,
            "format": "json",
            "language": language,
        }
        self._http = http
        self._pacer = pacer

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str | int] | None = None,
        json: Any = None,
    ) -> Any:
        """One paced request below /v1; the decoded JSON answer or the ConnectorError it means."""
        query: dict[str, str | int] = {**self._params, **(params or {})}
        async with self._pacer.request() as call:
            response = await connector_http.send(
                self._http,
                method,
                f"{self._root}{path}",
                system=SYSTEM,
                params=query,
                json=json,
                headers={"Accept": "application/json"},
            )
            # The allowance is not published: only a 429 (with Retry-After) says anything.
            call.learn(connector_http.refusal(response))
            raise_for_answer(response, f"{method} {path}")
        try:
            return response.json()
        except ValueError:
            raise ConnectorTransientError(
                f"MijnWebwinkel answered {method} {path} with a body that is not JSON.",
                code="unreadable_answer",
            ) from None

    async def get(self, path: str, **params: str | int) -> Any:
        return await self.call("GET", path, params=params)

    async def post(self, path: str, body: Any, **params: str | int) -> Any:
        return await self.call("POST", path, params=params, json=body)

    async def patch(self, path: str, body: Any, **params: str | int) -> Any:
        return await self.call("PATCH", path, params=params, json=body)

    async def page(self, path: str, *, offset: int, limit: int = PAGE_SIZE, **params: str) -> Any:
        """One page of a list endpoint (a bare JSON array)."""
        answer = await self.get(path, limit=min(limit, PAGE_SIZE), offset=offset, **params)
        if not isinstance(answer, list):
            raise ConnectorTransientError(
                f"MijnWebwinkel answered {path} with something other than a list.",
                code="unreadable_answer",
            )
        return answer


def raise_for_answer(response: httpx.Response, what: str) -> None:
    """Raise the ConnectorError an error status means; 2xx passes."""
    status = response.status_code
    if status < 300:
        return
    if status in (401, 403):
        raise ConnectorAuthError(AUTH_REJECTED)
    if status == 402:
        raise ConnectorAuthError(
            "MijnWebwinkel says the API module of this store is not active; the merchant must "
            "enable it in the MijnWebwinkel admin.",
            code="api_module_inactive",
        )
    connector_http.raise_for_status(response, system=SYSTEM)
    if status == 404:
        raise ConnectorNotFound(f"MijnWebwinkel has no such record ({what}): {_message(response)}")
    if 500 <= status < 600:
        raise ConnectorTransientError(
            f"MijnWebwinkel answered HTTP {status} to {what}; will retry.", code="remote_error"
        )
    raise ConnectorDataError(
        f"MijnWebwinkel refused {what} (HTTP {status}): {_message(response)}",
        code=f"http_{status}",
    )


def _message(response: httpx.Response) -> str:
    """The vendor's own words: `Error {message, description}` or `ApiProblem {title, detail}`."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        parts = [body.get(key) for key in ("message", "description", "title", "detail")]
        text = " - ".join(str(part) for part in parts if part)
        if text:
            return text[:300]
    return str(body)[:300]
