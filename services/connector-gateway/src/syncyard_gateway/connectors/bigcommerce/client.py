"""The only file that calls the BigCommerce API: URLs, token header, pacing, quota headers.

Every answer's quota headers go back to the pacer (see allowance.py)."""

import contextlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.bigcommerce import allowance
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.pacing import Pacer

SYSTEM = "BigCommerce"
MAX_PAGE = 250


@dataclass(frozen=True)
class Quota:
    """The store's request quota as the last answer reported it (`X-Rate-Limit-*`)."""

    left: int
    quota: int
    reset_ms: int


class BigCommerceClient:
    def __init__(
        self,
        *,
        base_url: str,
        store_hash: str,
        access_token: str,
        http: httpx.AsyncClient,
        pacer: Pacer,
    ) -> None:
        self._root = f"{base_url.rstrip('/')}/stores/{store_hash}"
        self._headers = {
            "X-Auth-Token": access_token,
            "Accept": "application/json",
            "Content-Type": "application/json",
        }
        self._http = http
        self._pacer = pacer
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
        async with self._pacer.request() as call:
            response = await connector_http.send(
                self._http, method, f"{self._root}{path}", system=SYSTEM, **kwargs
            )
            self._note_quota(response)
            call.learn(allowance.quota_allowance(response))
            raise_for_answer(response, path)
        if response.status_code == 204 or not response.content:
            return None
        try:
            return json.loads(response.content, parse_float=Decimal)
        except ValueError:
            raise ConnectorTransientError(
                f"BigCommerce answered {path} with a body that is not JSON.",
                code="unreadable_answer",
            ) from None

    async def get(self, path: str, **params: str | int) -> Any:
        return await self.call("GET", path, params=params or None)

    async def v3_list(self, path: str, **params: str | int) -> tuple[list[Any], bool]:
        """One v3 page: its `data` and whether `meta.pagination.links.next` exists."""
        answer = await self.get(path, **params)
        links = (answer.get("meta") or {}).get("pagination", {}).get("links", {})
        return list(answer.get("data") or []), bool(links.get("next"))

    async def v3_all(self, path: str, **params: str | int) -> list[Any]:
        """Every page of a v3 list (for short lists: look-ups by SKU, e-mail, name)."""
        found, page = [], 1
        while True:
            data, more = await self.v3_list(path, page=page, limit=MAX_PAGE, **params)
            found += data
            if not more:
                return found
            page += 1

    async def v2_list(self, path: str, **params: str | int) -> list[Any]:
        """One v2 page: a bare array, or [] for 204 No Content."""
        answer = await self.get(path, **params)
        return list(answer or [])

    def _note_quota(self, response: httpx.Response) -> None:
        headers = response.headers
        with contextlib.suppress(KeyError, ValueError):
            self.quota = Quota(
                left=int(headers["X-Rate-Limit-Requests-Left"]),
                quota=int(headers["X-Rate-Limit-Requests-Quota"]),
                reset_ms=int(headers["X-Rate-Limit-Time-Reset-Ms"]),
            )


def raise_for_answer(response: httpx.Response, path: str) -> None:
    """Raise the ConnectorError an error status means; 2xx passes."""
    status = response.status_code
    if status < 300:
        return
    if status in (401, 403):
        raise ConnectorAuthError(
            "BigCommerce refused the access token of this connection (wrong token, store hash "
            "or missing API scope).",
            code="auth_rejected" if status == 401 else "scope_missing",
        )
    if status == 429:
        reset = response.headers.get("X-Rate-Limit-Time-Reset-Ms")
        # Without the quota headers a 429 means platform overload: let the gateway back off.
        wait = int(reset) / 1000 if reset and reset.isdigit() else None
        raise ConnectorTransientError(
            f"BigCommerce's request quota is spent at {path}; will retry.",
            retry_after=wait,
            code="rate_limited",
        )
    connector_http.raise_for_status(response, system=SYSTEM)
    if status >= 500:
        raise ConnectorTransientError(
            f"BigCommerce answered HTTP {status} at {path}; will retry.", code="remote_unavailable"
        )
    if status == 404:
        raise ConnectorNotFound(f"BigCommerce has no {path}.")
    raise ConnectorDataError(
        f"BigCommerce refused {path} (HTTP {status}): {vendor_message(response)}",
        code=f"http_{status}",
    )


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
