"""The only file that calls the Shopify Admin API: URLs, token header, paging, rate figures.

REST calls are paced on the shop's REST bucket (calls); GraphQL queries on its own bucket of
query-cost points. Every answer's figures go back to the pacer (see allowance.py)."""

import re
import urllib.parse
from typing import Any, ClassVar, TypeVar

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
from syncyard_gateway.connectors.shopify import allowance, graphql_answers
from syncyard_gateway.connectors.shopify.allowance import CallLimit
from syncyard_gateway.connectors.shopify.graphql_answers import QueryCost

SYSTEM = "Shopify"
# REST lists give at most 250 records per page.
MAX_PAGE_SIZE = 250
# Points a GraphQL query is charged before its first answer says what it costs.
FIRST_QUERY_COST_GUESS = 50.0
_NUMERIC_ID = re.compile(r"[0-9]{1,20}")  # also keeps an id from changing the URL path
_TAKEN = "has already been taken"

Model = TypeVar("Model", bound=BaseModel)


def is_numeric_id(value: str) -> bool:
    return _NUMERIC_ID.fullmatch(value) is not None


def numeric_id(value: str, what: str) -> str:
    """A Shopify id as used in a path; anything else is simply not found."""
    if not _NUMERIC_ID.fullmatch(value):
        raise ConnectorNotFound(f"{value!r} is not a Shopify {what} id.")
    return value


def parse(model: type[Model], data: Any, what: str) -> Model:
    """Validate a vendor JSON object; a shape we cannot read is a data error, not a crash."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ConnectorDataError(
            f"Shopify answered {what} in a shape this connector cannot read "
            f"({exc.error_count()} problems).",
            code="unreadable_answer",
        ) from None


class ShopifyClient:
    """HTTP transport for one shop: every call is paced, one attempt, errors classified."""

    # What each query (document, page size) was last charged: the next one is paced on it.
    _query_costs: ClassVar[dict[tuple[str, object], float]] = {}

    def __init__(
        self,
        *,
        base_url: str,
        api_version: str,
        access_token: str,
        http: httpx.AsyncClient,
        pacer: Pacer = UNPACED,
    ) -> None:
        self._root = f"{base_url.rstrip('/')}/admin/api/{api_version}"
        self._headers = {"X-Shopify-Access-Token": access_token, "Accept": "application/json"}
        self._http = http
        self._pacer = pacer
        self._points = pacer.bucket(allowance.GRAPHQL_BUCKET, allowance.GRAPHQL_POLICY)
        self.call_limit: CallLimit | None = None
        self.query_cost: QueryCost | None = None
        self.page_size = MAX_PAGE_SIZE

    async def _send(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> httpx.Response:
        async with self._pacer.request() as call:
            response = await connector_http.send(
                self._http,
                method,
                url,
                system=SYSTEM,
                headers=self._headers,
                params=params,
                json=body,
            )
            self.call_limit = allowance.call_limit(response) or self.call_limit
            call.learn(allowance.rest_allowance(response))
            raise_for_answer(response, url.removeprefix(self._root).split("?", 1)[0])
        return response

    async def call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
    ) -> Any:
        """One request below /admin/api/{version}; the JSON answer ({} when empty)."""
        response = await self._send(method, f"{self._root}{path}", params=params, body=body)
        return _json(response, path)

    async def get(self, path: str, *, params: dict[str, str] | None = None) -> Any:
        """GET a JSON resource below /admin/api/{version}; raise a ConnectorError on failure."""
        return await self.call("GET", path, params=params)

    async def get_all(
        self, path: str, root: str, *, params: dict[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """Every record of a list, following the Link header's rel="next" to the end."""
        query = dict(params or {}) | {"limit": str(self.page_size)}
        response = await self._send("GET", f"{self._root}{path}", params=query)
        records: list[dict[str, Any]] = []
        while True:
            answer = _json(response, path)
            records += list(answer.get(root, [])) if isinstance(answer, dict) else []
            following = response.links.get("next", {}).get("url")
            if not following:
                return records
            if not following.startswith(self._root):
                # The token goes with every call: never to a host other than the shop's.
                raise ConnectorDataError(
                    f"Shopify's next-page link for {path} leaves the shop; refused.",
                    code="foreign_page_link",
                )
            response = await self._send("GET", following)

    async def get_page(
        self,
        path: str,
        root: str,
        *,
        params: dict[str, str] | None = None,
        page_info: str | None = None,
        limit: int,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page of a list and the next page's `page_info` (None on the last page).

        With ``page_info`` only ``limit`` goes along: Shopify keeps the filters inside it."""
        query = {"page_info": page_info} if page_info else dict(params or {})
        query["limit"] = str(limit)
        response = await self._send("GET", f"{self._root}{path}", params=query)
        answer = _json(response, path)
        records = list(answer.get(root, [])) if isinstance(answer, dict) else []
        following = response.links.get("next", {}).get("url")
        if not following:
            return records, None
        found = urllib.parse.parse_qs(urllib.parse.urlsplit(following).query).get("page_info")
        if not found:
            raise ConnectorDataError(
                f"Shopify's next-page link for {path} has no page_info.", code="unreadable_answer"
            )
        return records, found[0]

    async def query(self, document: str, variables: dict[str, Any]) -> dict[str, Any]:
        """Run one GraphQL query; its `data`. THROTTLED → ConnectorTransientError (rate_limited)."""
        path = "/graphql.json"
        shape = (document, variables.get("first"))
        charged = self._query_costs.get(shape, FIRST_QUERY_COST_GUESS)
        async with self._points.request(cost=charged) as call:
            response = await connector_http.send(
                self._http,
                "POST",
                f"{self._root}{path}",
                system=SYSTEM,
                headers=self._headers,
                json={"query": document, "variables": variables},
            )
            raise_for_answer(response, path)
            answer = _json(response, path)
            cost = graphql_answers.query_cost(answer)
            self.query_cost = cost or self.query_cost
            throttled = graphql_answers.is_throttled(answer)
            call.learn(allowance.graphql_allowance(cost, charged=charged, throttled=throttled))
            if cost is not None:
                self._remember_cost(shape, float(cost.requested))
            graphql_answers.raise_for_errors(answer, cost)
        data = answer.get("data") if isinstance(answer, dict) else None
        if not isinstance(data, dict):
            raise ConnectorDataError(
                "Shopify answered a GraphQL query without data.", code="unreadable_answer"
            )
        return data

    @classmethod
    def _remember_cost(cls, shape: tuple[str, object], requested: float) -> None:
        if len(cls._query_costs) > 1000:  # documents are constants: this never grows, but
            cls._query_costs.clear()  # a caller building queries on the fly must not leak
        cls._query_costs[shape] = requested


def _json(response: httpx.Response, path: str) -> Any:
    if not response.content:
        return {}
    try:
        return response.json()
    except ValueError:
        raise ConnectorTransientError(
            f"Shopify answered {path} with a body that is not JSON.", code="unreadable_answer"
        ) from None


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
    errors = _errors(response)
    # A unique field (customer e-mail, order name) taken: the caller looks the record up.
    code = "already_taken" if status == 422 and _TAKEN in errors else f"http_{status}"
    raise ConnectorDataError(f"Shopify refused {path} (HTTP {status}): {errors}", code=code)


def _errors(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    errors = body.get("errors", body) if isinstance(body, dict) else body
    return str(errors)[:300]
