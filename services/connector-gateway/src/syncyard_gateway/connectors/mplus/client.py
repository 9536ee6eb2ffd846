"""The only file that calls MplusKASSA: one POST per SOAP operation, credentials as query."""

import re
from collections.abc import Mapping

import httpx
from lxml import etree

from syncyard_gateway.connectors import http as connector_http
from syncyard_gateway.connectors.errors import (
    ConnectorAuthError,
    ConnectorDataError,
    ConnectorNotFound,
    ConnectorTransientError,
)
from syncyard_gateway.connectors.mplus import payloads, soap

SYSTEM = "MplusKASSA"
AUTH_REJECTED = (
    "MplusKASSA rejected the ident/secret of this connection; check them in the connection "
    "settings."
)
# Client faults about the caller's credentials, as opposed to a malformed request.
_AUTH_FAULT = re.compile(r"ident|secret|credential|authenti|unauthori|login|password", re.I)


class MplusClient:
    def __init__(self, *, base_url: str, ident: str, secret: str, http: httpx.AsyncClient) -> None:
        self._url = base_url
        self._params = {"ident": ident, "secret": secret}
        self._http = http

    async def call(self, operation: str, body: Mapping[str, soap.XmlValue]) -> etree._Element:
        """Send one operation; return the answer element or raise a ConnectorError."""
        response = await connector_http.send(
            self._http,
            "POST",
            self._url,
            system=SYSTEM,
            params=self._params,
            content=soap.build_envelope(operation, body),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": operation},
        )
        return read_answer(response, operation)

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
