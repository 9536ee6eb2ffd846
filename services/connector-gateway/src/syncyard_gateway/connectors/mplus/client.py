"""The only file that calls MplusKASSA: one POST per SOAP operation, credentials as query.

Each POST is the kit's paced exchange (kit/paced_client.py); SOAP faults are read here."""

import re
from collections.abc import Mapping, Sequence
from datetime import date

import httpx
from lxml import etree

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.kit.paced_client import PacedClient
from syncyard_gateway.connectors.mplus import article_payloads, order_payloads, payloads, soap
from syncyard_gateway.connectors.pacing import UNPACED, Allowance, Pacer

SYSTEM = "MplusKASSA"
AUTH_REJECTED = (
    "MplusKASSA rejected the ident/secret of this connection; check them in the connection "
    "settings."
)
# Client faults about the caller's credentials, as opposed to a malformed request.
_AUTH_FAULT = re.compile(r"ident|secret|credential|authenti|unauthori|login|password", re.I)


class MplusClient(PacedClient):
    system = SYSTEM

    def __init__(
        self,
        *,
        base_url: str,
        ident: str,
        secret: str,
        http: httpx.AsyncClient,
        pacer: Pacer = UNPACED,
    ) -> None:
        super().__init__(root=base_url, http=http, pacer=pacer)
        self._params = {"ident": ident, "secret": secret}

    async def call(self, operation: str, body: Mapping[str, soap.XmlValue]) -> etree._Element:
        """Send one operation (inside the pacer); return the answer or raise a ConnectorError."""
        response = await self.exchange(
            "POST",
            self._root,
            what=operation,
            params=self._params,
            content=soap.build_envelope(operation, body),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": operation},
        )
        return read_answer(response, operation)

    def allowance(self, response: httpx.Response) -> Allowance | None:  # noqa: ARG002
        """MplusKASSA publishes no budget and meters only concurrent calls: nothing to learn."""
        return None

    async def get_current_sync_markers(self) -> dict[str, int]:
        return article_payloads.read_markers(await self.call("getCurrentSyncMarkers", {}))

    async def get_api_version(self) -> str:
        return payloads.read_api_version(await self.call("getApiVersion", {}))

    async def find_order(self, ext_order_id: str) -> str | None:
        answer = await self.call("findOrder", {"extOrderId": ext_order_id})
        return payloads.read_found_order_id(answer)

    async def find_relation(self, email: str) -> payloads.Relation | None:
        request: dict[str, soap.XmlValue] = {
            "relation": {"email": email.strip()},
            "exactMatch": True,
        }
        answer = await self.call("findRelationV2", {"request": request})
        return payloads.read_found_relation(answer)

    async def get_relations(self, *, since: int, limit: int) -> list[payloads.Relation]:
        request: dict[str, soap.XmlValue] = {"syncMarker": since, "syncMarkerLimit": limit}
        return payloads.read_relations(await self.call("getRelations", {"request": request}))

    async def get_relation(self, relation_number: str) -> payloads.Relation | None:
        answer = await self.call("getRelation", {"relationNumber": relation_number})
        return payloads.read_found_relation(answer)

    async def create_relation(self, relation: Mapping[str, soap.XmlValue]) -> str:
        answer = await self.call("createRelation", {"relation": relation})
        result, number = soap.text(answer, "result"), soap.text(answer, "relationNumber")
        if result != "CREATE-RELATION-RESULT-OK" or number is None:
            raise _refused("create the debtor", result, soap.text(answer, "errorMessage"))
        return number

    async def update_relation(self, relation: Mapping[str, soap.XmlValue]) -> None:
        answer = await self.call("updateRelation", {"relation": relation})
        result = soap.text(answer, "result")
        if result == "UPDATE-RELATION-RESULT-NOT-FOUND":
            raise ConnectorNotFound(
                f"MplusKASSA has no debtor {relation.get('relationNumber')} to update."
            )
        if result != "UPDATE-RELATION-RESULT-OK":
            raise _refused("update the debtor", result, soap.text(answer, "errorMessage"))

    async def get_products(
        self, *, article_numbers: list[int], plu_numbers: list[str]
    ) -> list[payloads.Article]:
        request: dict[str, soap.XmlValue] = {
            "articleNumbers": article_numbers,
            "pluNumbers": {"text": [{"text": plu} for plu in plu_numbers]},
        }
        answer = await self.call("getProducts", {"request": request})
        return payloads.read_articles(answer)

    async def create_order(
        self, *, idempotency_key: str, order: Mapping[str, soap.XmlValue]
    ) -> payloads.OrderAnswer:
        request: dict[str, soap.XmlValue] = {"idempotencyKey": idempotency_key, "order": order}
        answer = await self.call("createOrderV3", {"request": request})
        return payloads.read_create_order(answer)

    async def get_order(self, order_id: str) -> order_payloads.OrderRecord | None:
        answer = await self.call("getOrder", {"orderId": order_id})
        return order_payloads.read_found_order(answer)

    async def get_orders(
        self, *, since: int, limit: int, days: tuple[date, date] | None = None
    ) -> list[order_payloads.OrderRecord]:
        """Orders after the sync marker; ``days``: only those with a financial date in
        [first, last] (both inclusive)."""
        request: dict[str, soap.XmlValue] = {"syncMarker": since, "syncMarkerLimit": limit}
        if days is not None:
            request["fromFinancialDate"] = _soap_date(days[0])
            request["throughFinancialDate"] = _soap_date(days[1])
        request |= {
            "articlePluNumbers": {},
            "articleBarcodes": {},
            "includeLineList": True,
        }
        return order_payloads.read_orders(await self.call("getOrders", {"request": request}))

    async def cancel_order(self, order_id: str, *, branch_number: int) -> str:
        answer = await self.call(
            "cancelOrder", {"orderId": order_id, "request": {"branchNumber": branch_number}}
        )
        return soap.text(answer, "result") or ""

    async def deliver_order(self, order_id: str) -> tuple[str, str | None]:
        answer = await self.call("deliverOrder", {"request": {"orderId": order_id}})
        return soap.text(answer, "result") or "", soap.text(answer, "errorMessage")

    # --- catalogue ------------------------------------------------------------------------

    async def find_products(
        self,
        *,
        article_numbers: Sequence[int] = (),
        plu_numbers: Sequence[str] = (),
        product_numbers: Sequence[int] = (),
    ) -> list[article_payloads.ProductRecord]:
        """getProducts by filters (combined with AND); only the matching articles come back."""
        request: dict[str, soap.XmlValue] = {
            "articleNumbers": list(article_numbers),
            "pluNumbers": {"text": [{"text": plu} for plu in plu_numbers]},
            "productNumbers": list(product_numbers),
        }
        return article_payloads.read_products(await self.call("getProducts", {"request": request}))

    async def changed_products(
        self, *, since: int, limit: int
    ) -> list[article_payloads.ProductRecord]:
        """getProducts by sync marker: only the changed articles of each product."""
        request: dict[str, soap.XmlValue] = {
            "pluNumbers": {},
            "syncMarker": since,
            "syncMarkerLimit": limit,
        }
        return article_payloads.read_products(await self.call("getProducts", {"request": request}))

    async def create_product(self, product: Mapping[str, soap.XmlValue]) -> list[int]:
        """createProduct; the article numbers in the order the articles were sent."""
        answer = await self.call("createProduct", {"product": product})
        result = soap.text(answer, "result")
        if result != "CREATE-PRODUCT-RESULT-OK":
            raise _refused("create the product", result, soap.text(answer, "errorMessage"))
        return [int(n.text or 0) for n in soap.children(answer, "articleNumbers")]

    async def update_product(self, product: Mapping[str, soap.XmlValue]) -> list[int]:
        """updateProduct; the numbers of the articles it added."""
        answer = await self.call("updateProduct", {"product": product})
        result = soap.text(answer, "result")
        if result == "UPDATE-PRODUCT-RESULT-NOT-FOUND":
            raise ConnectorNotFound(
                f"MplusKASSA has no product {product.get('productNumber')} to update."
            )
        if result != "UPDATE-PRODUCT-RESULT-OK":
            raise _refused("update the product", result, soap.text(answer, "errorMessage"))
        return [int(n.text or 0) for n in soap.children(answer, "newArticleNumbers")]

    async def group_changes(self, *, since: int, limit: int) -> list[article_payloads.GroupRecord]:
        request: dict[str, soap.XmlValue] = {"syncMarker": since, "syncMarkerLimit": limit}
        answer = await self.call("getArticleGroupChanges", {"request": request})
        return article_payloads.read_group_changes(answer)

    async def new_article_group(self, *, parent: int, name: str, text: str) -> str:
        request: dict[str, soap.XmlValue] = {
            "parentGroupNumber": parent,
            "name": name,
            "text": text,
        }
        answer = await self.call("newArticleGroup", {"request": request})
        result, number = soap.text(answer, "result"), soap.text(answer, "groupNumber")
        if result == "NEW-ARTICLE-GROUP-RESULT-PARENT-NOTFOUND":
            raise ConnectorNotFound(f"MplusKASSA has no article group {parent} to put {name!r} in.")
        if result != "NEW-ARTICLE-GROUP-RESULT-OK" or number is None:
            raise _refused(f"create article group {name!r}", result, None)
        return number

    async def update_article_group(self, *, number: int, name: str, text: str) -> None:
        request: dict[str, soap.XmlValue] = {"groupNumber": number, "name": name, "text": text}
        result = soap.text(await self.call("updateArticleGroup", {"request": request}), "result")
        if result == "SAVE-ARTICLE-GROUP-RESULT-NOT-FOUND":
            raise ConnectorNotFound(f"MplusKASSA has no article group {number} to update.")
        if result != "SAVE-ARTICLE-GROUP-RESULT-OK":
            raise _refused(f"update article group {number}", result, None)

    # --- stock ----------------------------------------------------------------------------

    async def get_stock(
        self, *, branch: int, article_numbers: list[int]
    ) -> list[article_payloads.StockRecord]:
        request: dict[str, soap.XmlValue] = {
            "branchNumber": branch,
            "articleNumbers": {"articleNumbers": article_numbers},
        }
        return article_payloads.read_stock(await self.call("getStock", {"request": request}))

    async def stock_history(self, *, branch: int, since: int, limit: int) -> list[tuple[int, int]]:
        request: dict[str, soap.XmlValue] = {
            "branchNumber": branch,
            "sinceStockId": since,
            "sinceStockIdLimit": limit,
        }
        answer = await self.call("getStockHistory", {"request": request})
        return article_payloads.read_stock_history(answer)

    async def set_stock(self, request: Mapping[str, soap.XmlValue]) -> None:
        answer = await self.call("setStock", {"request": request})
        result = soap.text(answer, "result")
        if result == "SET-STOCK-RESULT-ARTICLE-NOT-FOUND":
            raise ConnectorNotFound(
                f"MplusKASSA has no article {request.get('articleNumber')} to set stock for."
            )
        if result != "SET-STOCK-RESULT-OK":
            raise _refused("set the stock", result, None)


def _soap_date(day: date) -> dict[str, soap.XmlValue]:
    """A SoapMplusDate (its sequence: day, mon, year)."""
    return {"day": day.day, "mon": day.month, "year": day.year}


def _refused(what: str, result: str | None, message: str | None) -> ConnectorDataError:
    detail = f": {message}" if message else ""
    return ConnectorDataError(
        f"MplusKASSA refused to {what} ({result or 'no result'}){detail}", code=result or None
    )


def read_answer(response: httpx.Response, operation: str) -> etree._Element:
    """The answer element of a response, or the ConnectorError its status or fault means."""
    if response.status_code in (401, 403):
        raise ConnectorAuthError(AUTH_REJECTED)
    try:
        return soap.read_body(response.content)
    except soap.SoapFault as fault:
        if fault.side.startswith("Client"):
            if _AUTH_FAULT.search(fault.message):
                raise ConnectorAuthError(AUTH_REJECTED) from None
            raise ConnectorDataError(
                f"MplusKASSA rejected the {operation} request: {fault.message}", code="soap_fault"
            ) from None
        raise ConnectorTransientError(
            f"MplusKASSA reported a server fault on {operation}: {fault.message}",
            code="soap_server_fault",
        ) from None
    except soap.UnreadableAnswer as exc:
        connector_http.raise_for_status(response, system=SYSTEM)
        if 400 <= response.status_code < 500:
            raise ConnectorDataError(
                f"MplusKASSA answered {operation} with HTTP {response.status_code}; check the "
                "connection's base URL.",
                code="unexpected_status",
            ) from None
        raise ConnectorTransientError(
            f"MplusKASSA answered {operation} with HTTP {response.status_code} and no readable "
            f"SOAP envelope ({exc}).",
            code="unreadable_answer",
        ) from None
