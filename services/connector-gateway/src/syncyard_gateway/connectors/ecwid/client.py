"""The only file that calls the Ecwid REST API v3: URLs, Bearer token, error bodies, JSON.

Money arrives as JSON numbers; answers are parsed with ``parse_float=Decimal`` so 19.95 is
never a binary float, and Decimals go out as the shortest JSON number text."""

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.kit import paging
from syncyard_gateway.connectors.kit.rest_client import RestClient, read_model
from syncyard_gateway.connectors.pacing import UNPACED, Pacer

SYSTEM = "Ecwid"
# Lists give at most 100 records per call (offset/limit paging).
MAX_PAGE_SIZE = 100
_NUMERIC_ID = re.compile(r"[0-9]{1,19}")  # also keeps an id from changing the URL path
# 402/403/404 codes that mean the connection itself is unusable, not the record.
_CONNECTION_CODES = {
    "NOT_AVAILABLE_ON_CURRENT_PLAN": "plan_required",
    "STORE_IS_SUSPENDED": "store_suspended",
    "STORE_NOT_FOUND": "store_not_found",
    "INSUFFICIENT_APP_SCOPE": "scope_missing",
    "INVALID_API_TOKEN": "auth_rejected",
}

Model = TypeVar("Model", bound=BaseModel)
Json = dict[str, Any]


def numeric_id(value: str, what: str) -> str:
    """An Ecwid id as used in a path; anything else is simply not found."""
    if not _NUMERIC_ID.fullmatch(value):
        raise ConnectorNotFound(f"{value!r} is not an Ecwid {what} id.")
    return value


def parse(model: type[Model], data: Any, what: str) -> Model:
    """Validate a vendor JSON object; a shape we cannot read is a data error, not a crash."""
    return read_model(model, data, what, system=SYSTEM)


def _number(value: object) -> float:
    """json.dumps hook: a Decimal becomes the JSON number with the same digits (19.95)."""
    if isinstance(value, Decimal):
        return float(value)  # only to print it: repr of the float is the Decimal's text
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class EcwidClient(RestClient):
    """HTTP transport for one store: every call is paced, one attempt, errors classified."""

    system = SYSTEM

    def __init__(
        self,
        *,
        base_url: str,
        store_id: int,
        access_token: str,
        http: httpx.AsyncClient,
        pacer: Pacer = UNPACED,
    ) -> None:
        super().__init__(root=f"{base_url.rstrip('/')}/api/v3/{store_id}", http=http, pacer=pacer)
        # The header, not the token= query parameter: tokens in URLs end up in logs.
        self._headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int] | None = None,
        body: Json | None = None,
    ) -> Any:
        """One request below /api/v3/{storeId}; the JSON answer (numbers as Decimal)."""
        headers = dict(self._headers)
        content = None
        if body is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
            content = json.dumps(body, default=_number).encode()
        # Ecwid publishes no budget headers: only a 429 (with Retry-After) says anything.
        response = await self.exchange(
            method,
            f"{self._root}{path}",
            what=path,
            headers=headers,
            params=dict(params) if params else None,
            content=content,
        )
        return self.read_json(response, path, empty={}, exact=True)

    async def get(self, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        return await self.call("GET", path, params=params)

    async def page(self, path: str, params: Mapping[str, str | int], *, offset: int) -> Json:
        """One `{total, count, offset, limit, items}` page of at most 100 records."""
        query = dict(params) | {"offset": offset, "limit": params.get("limit", MAX_PAGE_SIZE)}
        answer = await self.get(path, query)
        if not isinstance(answer, dict) or not isinstance(answer.get("items"), list):
            raise ConnectorDataError(
                f"Ecwid answered {path} without a list envelope.", code="unreadable_answer"
            )
        return answer

    async def get_all(self, path: str, params: Mapping[str, str | int]) -> list[Json]:
        """Every record of a search, paging by offset to `total`."""

        async def fetch(offset: int) -> tuple[list[Json], int]:
            answer = await self.page(path, params, offset=offset)
            return answer["items"], int(answer.get("total", 0))

        return await paging.all_by_offset(fetch)

    def vendor_error(self, response: httpx.Response, what: str) -> ConnectorError | None:  # noqa: ARG002
        message, code = _error_body(response)
        if response.status_code in (401, 403) or code in _CONNECTION_CODES:
            return ConnectorAuthError(
                f"Ecwid refused the connection's access ({code or response.status_code}): "
                f"{message}",
                code=_CONNECTION_CODES.get(code or "", "auth_rejected"),
            )
        return None

    def not_found(self, response: httpx.Response, what: str) -> ConnectorError:
        message, code = _error_body(response)
        return ConnectorNotFound(f"Ecwid has no {what}: {message}", code=code or None)

    def server_error(self, response: httpx.Response, what: str) -> ConnectorError:
        return ConnectorTransientError(f"Ecwid failed on {what} (HTTP {response.status_code}).")

    def refused(self, response: httpx.Response, what: str) -> ConnectorError:
        message, code = _error_body(response)
        status = response.status_code
        return ConnectorDataError(
            f"Ecwid refused {what} (HTTP {status}): {message}", code=code or f"http_{status}"
        )


def _error_body(response: httpx.Response) -> tuple[str, str | None]:
    """(message, errorCode): the JSON body when there is one, else the status line reason."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("errorMessage"):
        code = body.get("errorCode")
        return str(body["errorMessage"])[:300], str(code) if code else None
    return response.reason_phrase or f"HTTP {response.status_code}", None
