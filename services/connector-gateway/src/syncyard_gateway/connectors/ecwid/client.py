"""The only file that calls the Ecwid REST API v3: URLs, Bearer token, pacing, errors, JSON.

Money arrives as JSON numbers; answers are parsed with ``parse_float=Decimal`` so 19.95 is
never a binary float, and Decimals go out as the shortest JSON number text."""

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
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
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConnectorDataError(
            f"Ecwid answered {what} in a shape this connector cannot read "
            f"({exc.error_count()} problems).",
            code="unreadable_answer",
        ) from None


def _number(value: object) -> float:
    """json.dumps hook: a Decimal becomes the JSON number with the same digits (19.95)."""
    if isinstance(value, Decimal):
        return float(value)  # only to print it: repr of the float is the Decimal's text
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class EcwidClient:
    """HTTP transport for one store: every call is paced, one attempt, errors classified."""

    def __init__(
        self,
        *,
        base_url: str,
        store_id: int,
        access_token: str,
        http: httpx.AsyncClient,
        pacer: Pacer = UNPACED,
    ) -> None:
        self._root = f"{base_url.rstrip('/')}/api/v3/{store_id}"
        # The header, not the token= query parameter: tokens in URLs end up in logs.
        self._headers = {"Authorization": f"Bearer {access_token}", "Accept": "application/json"}
        self._http = http
        self._pacer = pacer

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
        async with self._pacer.request() as call:
            response = await connector_http.send(
                self._http,
                method,
                f"{self._root}{path}",
                system=SYSTEM,
                headers=headers,
                params=dict(params) if params else None,
                content=content,
            )
            # Ecwid publishes no budget headers: only a 429 (with Retry-After) says anything.
            call.learn(connector_http.refusal(response))
            raise_for_answer(response, path)
        try:
            return json.loads(response.content, parse_float=Decimal) if response.content else {}
        except ValueError:
            raise ConnectorTransientError(
                f"Ecwid answered {path} with a body that is not JSON.", code="unreadable_answer"
            ) from None

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
        records: list[Json] = []
        while True:
            answer = await self.page(path, params, offset=len(records))
            records += answer["items"]
            if not answer["items"] or len(records) >= int(answer.get("total", 0)):
                return records


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


def raise_for_answer(response: httpx.Response, path: str) -> None:
    """Raise the ConnectorError an error status means; 2xx passes."""
    status = response.status_code
    if status < 300:
        return
    message, code = _error_body(response)
    if status in (401, 403) or code in _CONNECTION_CODES:
        connection_code = _CONNECTION_CODES.get(code or "", "auth_rejected")
        raise ConnectorAuthError(
            f"Ecwid refused the connection's access ({code or status}): {message}",
            code=connection_code,
        )
    connector_http.raise_for_status(response, system=SYSTEM)
    if status == 404:
        raise ConnectorNotFound(f"Ecwid has no {path}: {message}", code=code or None)
    if status >= 500:
        raise ConnectorTransientError(f"Ecwid failed on {path} (HTTP {status}).")
    raise ConnectorDataError(
        f"Ecwid refused {path} (HTTP {status}): {message}", code=code or f"http_{status}"
    )
