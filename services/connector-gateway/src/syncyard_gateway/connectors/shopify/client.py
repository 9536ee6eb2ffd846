"""The only file that calls the Shopify Admin API: URLs, token header, paging, rate figures.

REST calls are paced on the shop's REST bucket (calls); GraphQL queries on its own bucket of
query-cost points. Every answer's figures go back to the pacer (see allowance.py)."""

import re
import urllib.parse
from typing import Any, ClassVar, TypeVar

import httpx
from pydantic import BaseModel

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.kit import paging
from syncyard_gateway.connectors.kit.rest_client import RestClient, read_model
from syncyard_gateway.connectors.pacing import UNPACED, Allowance, Pacer
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
    return read_model(model, data, what, system=SYSTEM)


class ShopifyClient(RestClient):
    """HTTP transport for one shop: every call is paced, one attempt, errors classified."""

    system = SYSTEM
    auth_rejected = "Shopify rejected the access token of this connection."
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
        root = f"{base_url.rstrip('/')}/admin/api/{api_version}"
        super().__init__(root=root, http=http, pacer=pacer)
        self._headers = {"X-Shopify-Access-Token": access_token, "Accept": "application/json"}
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
        what = url.removeprefix(self._root).split("?", 1)[0]
        return await self.exchange(
            method, url, what=what, headers=self._headers, params=params, json=body
        )

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
        return self.read_json(response, path, empty={})

    async def get(self, path: str, *, params: dict[str, str] | None = None) -> Any:
        """GET a JSON resource below /admin/api/{version}; raise a ConnectorError on failure."""
        return await self.call("GET", path, params=params)

    async def get_all(
        self, path: str, root: str, *, params: dict[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """Every record of a list, following the Link header's rel="next" to the end."""
        query = dict(params or {}) | {"limit": str(self.page_size)}

        async def fetch(link: str | None) -> tuple[list[dict[str, Any]], str | None]:
            if link is None:
                response = await self._send("GET", f"{self._root}{path}", params=query)
            else:
                response = await self._send("GET", link)
            answer = self.read_json(response, path, empty={})
            records = list(answer.get(root, [])) if isinstance(answer, dict) else []
            following = response.links.get("next", {}).get("url")
            if following and not following.startswith(self._root):
                # The token goes with every call: never to a host other than the shop's.
                raise ConnectorDataError(
                    f"Shopify's next-page link for {path} leaves the shop; refused.",
                    code="foreign_page_link",
                )
            return records, following or None

        return await paging.all_by_link(fetch)

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
        answer = self.read_json(response, path, empty={})
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
            self.raise_for_answer(response, path)
            answer = self.read_json(response, path, empty={})
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

    def note(self, response: httpx.Response) -> None:
        self.call_limit = allowance.call_limit(response) or self.call_limit

    def allowance(self, response: httpx.Response) -> Allowance | None:
        return allowance.rest_allowance(response)

    def vendor_error(self, response: httpx.Response, what: str) -> ConnectorError | None:
        status = response.status_code
        if status == 403:
            return ConnectorAuthError(
                f"Shopify refused {what}: the app lacks a permission (scope) it needs.",
                code="scope_missing",
            )
        if status in (402, 423):
            return ConnectorTransientError(
                f"Shopify answered HTTP {status}: the shop is frozen or locked.",
                code="shop_locked",
            )
        return None

    def not_found(self, response: httpx.Response, what: str) -> ConnectorError:  # noqa: ARG002
        return ConnectorNotFound(f"Shopify has no {what.removesuffix('.json')}.")

    def server_error(self, response: httpx.Response, what: str) -> ConnectorError:
        """A 5xx Shopify does not ask to retry (501, 505…) is refused like a 4xx."""
        return self.refused(response, what)

    def refused(self, response: httpx.Response, what: str) -> ConnectorError:
        status, errors = response.status_code, self.error_message(response)
        # A unique field (customer e-mail, order name) taken: the caller looks the record up.
        code = "already_taken" if status == 422 and _TAKEN in errors else f"http_{status}"
        return ConnectorDataError(f"Shopify refused {what} (HTTP {status}): {errors}", code=code)

    def error_message(self, response: httpx.Response) -> str:
        return _errors(response)


def _errors(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    errors = body.get("errors", body) if isinstance(body, dict) else body
    return str(errors)[:300]
