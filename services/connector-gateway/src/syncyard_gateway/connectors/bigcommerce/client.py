"""The only file that calls the BigCommerce API: URLs, token header, quota headers, errors.

Pacing, sending and the common error rules are the kit's (kit/rest_client.py); every answer's
quota headers go back to the pacer (see allowance.py)."""

import contextlib
import json
from dataclasses import dataclass
from typing import Any

import httpx

from syncyard_gateway.connectors.bigcommerce import allowance
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorError,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.kit import paging
from syncyard_gateway.connectors.kit.rest_client import RestClient
from syncyard_gateway.connectors.pacing import Allowance, Pacer

SYSTEM = "BigCommerce"
MAX_PAGE = 250


@dataclass(frozen=True)
class Quota:
    """The store's request quota as the last answer reported it (`X-Rate-Limit-*`)."""

    left: int
    quota: int
    reset_ms: int


class BigCommerceClient(RestClient):
    system = SYSTEM

    def __init__(
        self,
        *,
        base_url: str,
        store_hash: str,
        access_token: str,
        http: httpx.AsyncClient,
        pacer: Pacer,
    ) -> None:
        super().__init__(root=f"{base_url.rstrip('/')}/stores/{store_hash}", http=http, pacer=pacer)
        self._headers = {
            "X-Auth-Token": access_token,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        self.quota: Quota | None = None

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str | int] | None = None,
        body: Any = None,
    ) -> Any:
        """One paced request below /stores/{hash} (path starts with /v2 or /v3); the parsed
        JSON (decimals kept exact), None for 204, or the ConnectorError the answer means."""
        kwargs: dict[str, Any] = {"headers": self._headers, "params": params}
        if body is not None:
            kwargs["content"] = json.dumps(body, default=str).encode()
        response = await self.exchange(method, f"{self._root}{path}", what=path, **kwargs)
        if response.status_code == 204:
            return None
        return self.read_json(response, path, exact=True)

    async def get(self, path: str, **params: str | int) -> Any:
        return await self.call("GET", path, params=params or None)

    async def v3_list(self, path: str, **params: str | int) -> tuple[list[Any], bool]:
        """One v3 page: its `data` and whether `meta.pagination.links.next` exists."""
        answer = await self.get(path, **params)
        links = (answer.get("meta") or {}).get("pagination", {}).get("links", {})
        return list(answer.get("data") or []), bool(links.get("next"))

    async def v3_all(self, path: str, **params: str | int) -> list[Any]:
        """Every page of a v3 list (for short lists: look-ups by SKU, e-mail, name)."""

        async def fetch(page: int) -> tuple[list[Any], bool]:
            return await self.v3_list(path, page=page, limit=MAX_PAGE, **params)

        return await paging.all_by_page_number(fetch)

    async def v2_list(self, path: str, **params: str | int) -> list[Any]:
        """One v2 page: a bare array, or [] for 204 No Content."""
        answer = await self.get(path, **params)
        return list(answer or [])

    def note(self, response: httpx.Response) -> None:
        headers = response.headers
        with contextlib.suppress(KeyError, ValueError):
            self.quota = Quota(
                left=int(headers["X-Rate-Limit-Requests-Left"]),
                quota=int(headers["X-Rate-Limit-Requests-Quota"]),
                reset_ms=int(headers["X-Rate-Limit-Time-Reset-Ms"]),
            )

    def allowance(self, response: httpx.Response) -> Allowance | None:
        return allowance.quota_allowance(response)

    def vendor_error(self, response: httpx.Response, what: str) -> ConnectorError | None:
        status = response.status_code
        if status in (401, 403):
            return ConnectorAuthError(
                "BigCommerce refused the access token of this connection (wrong token, store "
                "hash or missing API scope).",
                code="auth_rejected" if status == 401 else "scope_missing",
            )
        if status == 429:
            reset = response.headers.get("X-Rate-Limit-Time-Reset-Ms")
            # Without the quota headers a 429 means platform overload: let the gateway back off.
            wait = int(reset) / 1000 if reset and reset.isdigit() else None
            return ConnectorTransientError(
                f"BigCommerce's request quota is spent at {what}; will retry.",
                retry_after=wait,
                code="rate_limited",
            )
        return None

    def error_message(self, response: httpx.Response) -> str:
        return vendor_message(response)


def vendor_message(response: httpx.Response) -> str:
    """v3 `title` + `errors`, or v2 `[{message}]`, cut to 300 characters."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, list):
        text = "; ".join(str(e.get("message", e)) for e in body if isinstance(e, dict))
    elif isinstance(body, dict):
        errors = body.get("errors") or {}
        details = (
            "; ".join(f"{k}: {v}" for k, v in errors.items()) if isinstance(errors, dict) else ""
        )
        text = f"{body.get('title', '')} {details}".strip()
    else:
        text = str(body)
    return text[:300]
