"""The Mplus simulator over a real socket: transport, orders and the control API."""

import time
from collections.abc import Iterator

import httpx
import pytest

from tests.contract.simulators.mplus_soap import (
    CREDS,
    NS,
    SOAP_ENV,
    body_child,
    call,
    envelope,
    running_simulator,
    seed_articles,
    text,
)

pytestmark = pytest.mark.contract


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_simulator() as url:
        yield url


@pytest.fixture
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=10) as http:
        http.post("/_sim/reset").raise_for_status()
        yield http


ORDER_V3 = """<ns1:request><ns1:idempotencyKey>{key}</ns1:idempotencyKey><ns1:order>
<ns1:orderId></ns1:orderId><ns1:extOrderId>{ext}</ns1:extOrderId>
<ns1:employeeNumber>1</ns1:employeeNumber><ns1:relationNumber>{rel}</ns1:relationNumber>
<ns1:lineList><ns1:line><ns1:articleNumber>{art}</ns1:articleNumber>
<ns1:data><ns1:quantity>2</ns1:quantity><ns1:decimalPlaces>0</ns1:decimalPlaces>
<ns1:price>1995</ns1:price></ns1:data></ns1:line></ns1:lineList></ns1:order></ns1:request>"""


class TestTransport:
    def test_rejects_wrong_credentials_with_client_fault(self, client: httpx.Client) -> None:
        for params in ({}, {"ident": "test-ident", "secret": "nope"}):
            response = client.post("/", params=params, content=envelope("getApiVersion", ""))
            assert response.status_code == 500
            fault = body_child(response.content)
            assert fault.tag == f"{{{SOAP_ENV}}}Fault"
            assert fault.findtext("faultcode", "").split(":")[-1].startswith("Client")
            assert "ident" in fault.findtext("faultstring", "")
        requests = client.get("/_sim/requests").json()
        assert [r["credentials_ok"] for r in requests] == [False, False]

    def test_serves_wsdl_and_answers_405_on_plain_get(self, client: httpx.Client) -> None:
        wsdl = client.get("/?wsdl")
        assert wsdl.status_code == 200
        assert wsdl.headers["content-type"].startswith("text/xml")
        assert b'targetNamespace="urn:mplusqapi"' in wsdl.content
        assert client.get("/").status_code == 405

    def test_malformed_xml_and_unknown_operation_are_client_faults(
        self, client: httpx.Client
    ) -> None:
        for payload in ("<not-xml", envelope("fetchEverything", "")):
            response = client.post("/", params=CREDS, content=payload)
            assert response.status_code == 500
            assert "Client" in body_child(response.content).findtext("faultcode", "")

    def test_get_api_version_and_reference_data(self, client: httpx.Client) -> None:
        version = call(client, "getApiVersion")
        assert text(version, "m:majorNumber") == "67"
        call(client, "getBranches")
        call(client, "getVatGroupList")
        employees = call(client, "getEmployees", "<ns1:request/>")
        assert text(employees, "m:employeeList/m:employee/m:employeeNumber") == "1"


class TestOrders:
    def test_create_order_v3_replays_same_idempotency_key(self, client: httpx.Client) -> None:
        seed_articles(client, {"articleNumber": 501, "description": "Mug", "priceIncl": 1995})
        inner = ORDER_V3.format(key="shop-1001", ext="1001", rel=0, art=501)
        first = call(client, "createOrderV3", inner)
        assert first.tag == "{urn:mplusqapi}CreateOrderV3Response"
        assert text(first, "m:idempotencyResult") == "IDEMPOTENCY-RESULT-ORIGINAL-RESPONSE"
        assert text(first, "m:result") == "CREATE-ORDER-RESULT-OK"
        again = call(client, "createOrderV3", inner)
        assert text(again, "m:idempotencyResult") == "IDEMPOTENCY-RESULT-REPLAY-RESPONSE"
        assert text(again, "m:info/m:orderId") == text(first, "m:info/m:orderId")
        orders = client.get("/_sim/orders").json()
        assert len(orders) == 1
        assert orders[0]["lines"][0] == {
            "articleNumber": 501,
            "quantity": 2,
            "decimalPlaces": 0,
            "price": 1995,
            "text": "Mug",
        }
        assert orders[0]["totalInclAmount"] == 3990
        found = call(client, "findOrder", "<ns1:extOrderId>1001</ns1:extOrderId>")
        assert found.tag == "{urn:mplusqapi}GetOrderResponse"
        assert text(found, "m:result") == "GET-ORDER-RESULT-OK"
        missing = call(client, "findOrder", "<ns1:extOrderId>nope</ns1:extOrderId>")
        assert text(missing, "m:result") == "GET-ORDER-RESULT-NOT-FOUND"

    def test_orders_need_an_employee_the_till_knows(self, client: httpx.Client) -> None:
        seed_articles(client, {"articleNumber": 501, "description": "Mug", "priceIncl": 1995})
        order = ORDER_V3.format(key="emp-1", ext="emp-1", rel=0, art=501).replace(
            "<ns1:employeeNumber>1</ns1:employeeNumber>",
            "<ns1:employeeNumber>999999</ns1:employeeNumber>",
        )
        refused = call(client, "createOrderV3", order)
        assert text(refused, "m:result") == "CREATE-ORDER-RESULT-FAILED"
        assert "999999" in (text(refused, "m:errorMessage") or "")
        seeded = client.post("/_sim/employees", json=[{"employeeNumber": 999999, "name": "Web"}])
        assert seeded.status_code == 200
        accepted = call(
            client, "createOrderV3", order.replace("emp-1</ns1:idem", "emp-2</ns1:idem")
        )
        assert text(accepted, "m:result") == "CREATE-ORDER-RESULT-OK"
        numbers = [e["employeeNumber"] for e in client.get("/_sim/employees").json()]
        assert numbers == [1, 999999]

    def test_duplicate_ext_order_id_with_new_key_is_refused(self, client: httpx.Client) -> None:
        seed_articles(client, {"articleNumber": 501, "description": "Mug", "priceIncl": 1995})
        call(client, "createOrderV3", ORDER_V3.format(key="k1", ext="1002", rel=0, art=501))
        second = call(
            client, "createOrderV3", ORDER_V3.format(key="k2", ext="1002", rel=0, art=501)
        )
        assert text(second, "m:result") == "CREATE-ORDER-RESULT-EXT-ORDER-ID-ALREADY-EXISTS"
        legacy = call(
            client,
            "createOrder",
            "<ns1:order><ns1:orderId/><ns1:extOrderId>1002"
            "</ns1:extOrderId><ns1:employeeNumber>1</ns1:employeeNumber></ns1:order>",
        )
        assert text(legacy, "m:result") == "CREATE-ORDER-RESULT-EXT-ORDER-ID-ALREADY-EXISTS"

    def test_unknown_article_and_missing_employee_fail(self, client: httpx.Client) -> None:
        unknown = call(client, "createOrderV3", ORDER_V3.format(key="k", ext="9", rel=0, art=777))
        assert text(unknown, "m:result") == "CREATE-ORDER-RESULT-FAILED"
        assert "777" in text(unknown, "m:errorMessage")
        seed_articles(client, {"articleNumber": 501, "description": "Mug", "priceIncl": 1995})
        no_employee = ORDER_V3.format(key="k3", ext="10", rel=0, art=501).replace(
            "<ns1:employeeNumber>1</ns1:employeeNumber>", ""
        )
        assert text(call(client, "createOrderV3", no_employee), "m:result") == (
            "CREATE-ORDER-RESULT-FAILED"
        )
        client.post("/_sim/faults", json={"require_employee_number": False}).raise_for_status()
        relaxed = no_employee.replace("k3", "k4")
        assert text(call(client, "createOrderV3", relaxed), "m:result") == "CREATE-ORDER-RESULT-OK"

    def test_reset_after_commit_commits_then_answers_502(self, client: httpx.Client) -> None:
        seed_articles(client, {"articleNumber": 501, "description": "Mug", "priceIncl": 1995})
        client.post("/_sim/faults", json={"reset_after_commit": True}).raise_for_status()
        inner = ORDER_V3.format(key="retry-1", ext="2001", rel=0, art=501)
        lost = client.post("/", params=CREDS, content=envelope("createOrderV3", inner))
        assert lost.status_code == 502
        retry = call(client, "createOrderV3", inner)
        assert text(retry, "m:idempotencyResult") == "IDEMPOTENCY-RESULT-REPLAY-RESPONSE"
        assert len(client.get("/_sim/orders").json()) == 1

    def test_orders_feed_update_and_cancel(self, client: httpx.Client) -> None:
        seed_articles(client, {"articleNumber": 501, "description": "Mug", "priceIncl": 1995})
        client.post("/_sim/orders", json=[{"extOrderId": "till-1"}, {"extOrderId": "till-2"}])
        page = call(
            client,
            "getOrders",
            "<ns1:request><ns1:syncMarker>0</ns1:syncMarker>"
            "<ns1:syncMarkerLimit>1</ns1:syncMarkerLimit><ns1:articlePluNumbers/>"
            "<ns1:articleBarcodes/></ns1:request>",
        )
        orders = page.findall("m:orderList/m:order", NS)
        assert [text(o, "m:extOrderId") for o in orders] == ["till-1"]
        order_id = text(orders[0], "m:orderId")
        stale = call(
            client,
            "updateOrder",
            f"<ns1:order><ns1:orderId>{order_id}</ns1:orderId>"
            "<ns1:reference>x</ns1:reference><ns1:changeCounter>5</ns1:changeCounter>"
            "</ns1:order>",
        )
        assert text(stale, "m:result") == "UPDATE-ORDER-RESULT-ORDER-HAS-CHANGED"
        got = call(client, "getOrder", f"<ns1:orderId>{order_id}</ns1:orderId>")
        assert text(got, "m:order/m:extOrderId") == "till-1"
        cancel = call(client, "cancelOrder", f"<ns1:orderId>{order_id}</ns1:orderId>")
        assert text(cancel, "m:result") == "CANCEL-ORDER-RESULT-OK"
        v2 = call(
            client,
            "createOrderV2",
            "<ns1:request><ns1:order><ns1:orderId/><ns1:extOrderId>web-3</ns1:extOrderId>"
            "<ns1:employeeNumber>1</ns1:employeeNumber></ns1:order></ns1:request>",
        )
        assert text(v2, "m:result") == "CREATE-ORDER-RESULT-OK"
        by_ext = call(
            client,
            "getOrdersByExtOrderIds",
            "<ns1:request><ns1:extOrderIds><ns1:id>web-3</ns1:id><ns1:id>till-2</ns1:id>"
            "</ns1:extOrderIds></ns1:request>",
        )
        found = by_ext.findall("m:orderList/m:order/m:extOrderId", NS)
        assert sorted(e.text or "" for e in found) == ["till-2", "web-3"]
        markers = call(client, "getCurrentSyncMarkers")
        assert text(markers, "m:orderSyncMarker") == "4"


class TestControl:
    def test_injected_5xx_latency_and_reset(self, client: httpx.Client) -> None:
        client.post("/_sim/faults", json={"error_rate_5xx": 1.0}).raise_for_status()
        failed = client.post("/", params=CREDS, content=envelope("getApiVersion", ""))
        assert failed.status_code == 500
        assert "Server" in body_child(failed.content).findtext("faultcode", "")
        switches = client.post("/_sim/faults", json={"error_rate_5xx": 0, "latency_ms": 150}).json()
        assert switches["latency_ms"] == 150
        started = time.monotonic()
        call(client, "getApiVersion")
        assert time.monotonic() - started >= 0.15
        client.post("/_sim/relations", json=[{"name": "Seeded", "email": "s@x.nl"}])
        assert [r["name"] for r in client.get("/_sim/relations").json()] == ["Seeded"]
        assert client.post("/_sim/relations", json=[{"nickname": "x"}]).status_code == 422
        client.post("/_sim/reset").raise_for_status()
        assert client.get("/_sim/relations").json() == []
        assert client.get("/_sim/faults").json()["latency_ms"] == 0
        assert client.get("/_sim/requests").json() == []

    def test_strict_requests_rejects_bodies_that_break_the_xsd(self, client: httpx.Client) -> None:
        client.post("/_sim/faults", json={"strict_requests": True}).raise_for_status()
        # GetProductsRequest.pluNumbers is required by the XSD, even when empty.
        lax = client.post("/", params=CREDS, content=envelope("getProducts", "<ns1:request/>"))
        assert lax.status_code == 500
        assert "WSDL" in body_child(lax.content).findtext("faultstring", "")
        call(client, "getProducts", "<ns1:request><ns1:pluNumbers/></ns1:request>")
