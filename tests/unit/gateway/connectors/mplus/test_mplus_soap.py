"""SOAP envelopes: built with lxml in WSDL order, escaped, and read back with faults."""

from pathlib import Path

import pytest
from lxml import etree

from syncyard_gateway.connectors.mplus import soap

pytestmark = pytest.mark.unit
PAYLOADS = Path(__file__).parent / "payloads"
NS = {"s": soap.SOAP_ENV, "m": soap.NS}


def parse(raw: bytes) -> etree._Element:
    return etree.fromstring(raw)


def test_envelope_wraps_the_operation_in_the_mplus_namespace() -> None:
    root = parse(soap.build_envelope("getApiVersion", {}))
    operation = root.find("s:Body/m:getApiVersion", NS)
    assert operation is not None
    assert len(operation) == 0


def test_user_text_is_escaped_not_concatenated() -> None:
    hostile = "</ns1:email><ns1:relationNumber>1</ns1:relationNumber>&amp;"
    raw = soap.build_envelope("findRelationV2", {"request": {"relation": {"email": hostile}}})
    email = parse(raw).find("s:Body/m:findRelationV2/m:request/m:relation/m:email", NS)
    assert email is not None
    assert email.text == hostile
    assert parse(raw).find(".//m:relationNumber", NS) is None


def test_characters_xml_cannot_carry_are_dropped() -> None:
    raw = soap.build_envelope("findOrder", {"extOrderId": "A\x00B\x1fC"})
    assert parse(raw).findtext(".//m:extOrderId", namespaces=NS) == "AB" + "C"


def test_lists_repeat_elements_and_keep_order_booleans_are_lowercase() -> None:
    body: dict[str, soap.XmlValue] = {
        "request": {
            "articleNumbers": [1, 2],
            "pluNumbers": {"text": [{"text": "A"}, {"text": "B"}]},
            "onlyActive": False,
            "syncMarker": None,
        }
    }
    request = parse(soap.build_envelope("getProducts", body)).find(".//m:request", NS)
    assert request is not None
    names = [etree.QName(node).localname for node in request]
    assert names == ["articleNumbers", "articleNumbers", "pluNumbers", "onlyActive"]
    assert request.findtext("m:onlyActive", namespaces=NS) == "false"
    plus = request.findall("m:pluNumbers/m:text/m:text", NS)
    assert [node.text for node in plus] == ["A", "B"]


def test_empty_list_still_writes_the_required_wrapper() -> None:
    raw = soap.build_envelope("getProducts", {"request": {"pluNumbers": {"text": []}}})
    assert parse(raw).find(".//m:pluNumbers", NS) is not None


def test_read_body_returns_the_answer_element() -> None:
    answer = soap.read_body((PAYLOADS / "find_relation_company.xml").read_bytes())
    assert etree.QName(answer).localname == "FindRelationV2Response"
    assert soap.text(answer, "result") == "FIND-RELATION-RESULT-OK"
    assert soap.text(soap.path(answer, "relation", "contactList", "relation"), "name") == (
        "Anna de Vries"
    )


def test_fault_is_raised_with_its_side_and_message() -> None:
    with pytest.raises(soap.SoapFault) as caught:
        soap.read_body((PAYLOADS / "fault_server.xml").read_bytes())
    assert (caught.value.side, caught.value.message) == ("Server", "Database unavailable")


@pytest.mark.parametrize("raw", [b"<html>Bad gateway</html>", b"not xml at all", b""])
def test_anything_but_an_envelope_is_unreadable(raw: bytes) -> None:
    with pytest.raises(soap.UnreadableAnswer):
        soap.read_body(raw)


def test_external_entities_are_not_resolved() -> None:
    raw = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>'
        b"<r>&e;</r></S:Body></S:Envelope>"
    )
    answer = soap.read_body(raw)
    assert "root:" not in etree.tostring(answer).decode()
