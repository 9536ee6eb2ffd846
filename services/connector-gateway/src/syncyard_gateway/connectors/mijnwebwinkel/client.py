"""The only file that calls the MijnWebwinkel API: URLs, both tokens as query parameters, errors.

Pacing, sending and the common error rules are the kit's (kit/rest_client.py)."""

from typing import Any

import httpx

from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.kit.rest_client import REQUIRED, RestClient
from syncyard_gateway.connectors.pacing import Pacer

SYSTEM = "MijnWebwinkel"
DEFAULT_BASE_URL = "https://api.myonlinestore.com"
API_VERSION = "1"  # 2-beta drops fields and changes shapes; pin v1
PAGE_SIZE = 100  # the API's maximum `limit`


class MijnWebwinkelClient(RestClient):
    system = SYSTEM
    auth_rejected = (
        "MijnWebwinkel rejected the store token or partner token of this connection; check the "
        "token under Settings → API in the MijnWebwinkel admin."
    )

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
        super().__init__(root=f"{base_url.rstrip('/')}/v{API_VERSION}", http=http, pacer=pacer)
        self._params = {
            "token": token,
            "partner_token": partner_token,
            "format": "json",
            "language": language,
        }

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
        # The allowance is not published: only a 429 (with Retry-After) says anything.
        what = f"{method} {path}"
        response = await self.exchange(
            method,
            f"{self._root}{path}",
            what=what,
            params=query,
            json=json,
            headers={"Accept": "application/json"},
        )
        return self.read_json(response, what, empty=REQUIRED)

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

    def vendor_error(self, response: httpx.Response, what: str) -> ConnectorError | None:  # noqa: ARG002
        if response.status_code == 402:
            return ConnectorAuthError(
                "MijnWebwinkel says the API module of this store is not active; the merchant "
                "must enable it in the MijnWebwinkel admin.",
                code="api_module_inactive",
            )
        return None

    def not_found(self, response: httpx.Response, what: str) -> ConnectorError:
        return ConnectorNotFound(f"MijnWebwinkel has no such record ({what}): {_message(response)}")

    def server_error(self, response: httpx.Response, what: str) -> ConnectorError:
        return ConnectorTransientError(
            f"MijnWebwinkel answered HTTP {response.status_code} to {what}; will retry.",
            code="remote_error",
        )

    def error_message(self, response: httpx.Response) -> str:
        return _message(response)


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
