"""The only file that calls the Shopify Admin REST API: URLs, token header, rate headers."""

import re
from dataclasses import dataclass
from typing import Any

import httpx

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.shopify.payloads import ShopifyOrder, ShopifyOrderAnswer

SYSTEM = "Shopify"
CALL_LIMIT_HEADER = "X-Shopify-Shop-Api-Call-Limit"
_CALL_LIMIT = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")
_ORDER_ID = re.compile(r"[0-9]{1,20}")  # also keeps the id from changing the URL path


@dataclass(frozen=True)
class CallLimit:
    """The leaky bucket's fill as Shopify last reported it ("32/40")."""

    used: int
    size: int


class ShopifyClient:
    def __init__(
        self, *, base_url: str, api_version: str, access_token: str, http: httpx.AsyncClient
    ) -> None:
        self._root = f"{base_url.rstrip('/')}/admin/api/{api_version}"
        self._headers = {"X-Shopify-Access-Token": access_token, "Accept": "application/json"}
        self._http = http
        self.call_limit: CallLimit | None = None

    async def get(self, path: str, *, params: dict[str, str] | None = None) -> Any:
        """GET a JSON resource below /admin/api/{version}; raise a ConnectorError on failure."""
        response = await connector_http.send(
            self._http,
            "GET",
            f"{self._root}{path}",
            system=SYSTEM,
            headers=self._headers,
            params=params,
        )
        self._note_call_limit(response)
        raise_for_answer(response, path)
        try:
            return response.json()
        except ValueError:
            raise ConnectorTransientError(
                f"Shopify answered {path} with a body that is not JSON.", code="unreadable_answer"
            ) from None

    async def get_order(self, order_id: str) -> ShopifyOrder:
        if not _ORDER_ID.fullmatch(order_id):
            raise ConnectorNotFound(f"{order_id!r} is not a Shopify order id.")
        return ShopifyOrderAnswer.model_validate(await self.get(f"/orders/{order_id}.json")).order

    async def count_orders(self) -> int:
        answer = await self.get("/orders/count.json", params={"status": "any"})
        return int(answer.get("count", 0))

    def _note_call_limit(self, response: httpx.Response) -> None:
        match = _CALL_LIMIT.fullmatch(response.headers.get(CALL_LIMIT_HEADER, ""))
        if match:
            self.call_limit = CallLimit(used=int(match[1]), size=int(match[2]))


def raise_for_answer(response: httpx.Response, path: str) -> None:
    """Raise the ConnectorError an error status means; 2xx passes."""
    status = response.status_code
    if status < 300:
        return
    if status == 401:
        raise ConnectorAuthError("Shopify rejected the access token of this connection.")
    if status == 403:
        raise ConnectorAuthError(
            f"Shopify refused {path}: the app lacks a permission (scope) it needs.",
            code="scope_missing",
        )
    connector_http.raise_for_status(response, system=SYSTEM)
    if status == 404:
        raise ConnectorNotFound(f"Shopify has no {path.removesuffix('.json')}.")
    if status in (402, 423):
        raise ConnectorTransientError(
            f"Shopify answered HTTP {status}: the shop is frozen or locked.", code="shop_locked"
        )
    raise ConnectorDataError(
        f"Shopify refused {path} (HTTP {status}): {_errors(response)}", code=f"http_{status}"
    )


def _errors(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    errors = body.get("errors", body) if isinstance(body, dict) else body
    return str(errors)[:300]
