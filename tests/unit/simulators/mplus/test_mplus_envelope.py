"""Envelope reading/writing of the Mplus simulator, typed by the WSDL."""

import pytest
from lxml import etree

from syncyard_sim_mplus import envelope, faults, schema

WSDL = schema.Wsdl(schema.default_wsdl_path())
SOAP = faults.SOAP_ENV


def wrap(body: str) -> bytes:
    return f'<e:Envelope xmlns:e="{SOAP}"><e:Body>{body}</e:Body></e:Envelope>'.encode()


class TestParse:
    def test_reads_any_prefix_with_typed_values_and_lists(self) -> None:
        raw = wrap(
            '<q:getProducts xmlns:q="urn:mplusqapi"><q:request>'
            "<q:articleNumbers>1</q:articleNumbers><q:articleNumbers>2</q:articleNumbers>"
            "<q:pluNumbers><q:text><q:text>SKU</q:text></q:text></q:pluNumbers>"
            "<q:onlyActive>true</q:onlyActive></q:request></q:getProducts>"
        )
        parsed = envelope.parse(WSDL, raw)
        assert parsed.operation == "getProducts"
        assert parsed.payload == {
            "request": {
                "articleNumbers": [1, 2],
                "pluNumbers": {"text": [{"text": "SKU"}]},
                "onlyActive": True,
            }
        }

    def test_rejects_elements_the_wsdl_does_not_know(self) -> None:
        raw = wrap('<getOrder xmlns="urn:mplusqapi"><orderNo>1</orderNo></getOrder>')
        with pytest.raises(faults.SoapFault) as caught:
            envelope.parse(WSDL, raw)
        assert caught.value.code == "SOAP-ENV:Client"
        assert "orderNo" in caught.value.message

    def test_rejects_non_integer_long(self) -> None:
        raw = wrap(
            '<getRelation xmlns="urn:mplusqapi"><relationNumber>x</relationNumber></getRelation>'
        )
        with pytest.raises(faults.SoapFault):
            envelope.parse(WSDL, raw)


class TestRender:
    def test_writes_schema_order_whatever_the_dict_order(self) -> None:
        raw = envelope.render(WSDL, "setStock", {"stockId": 4, "result": "SET-STOCK-RESULT-OK"})
        response = etree.fromstring(raw)[0][0]
        assert [etree.QName(c).localname for c in response] == ["result", "stockId"]
        assert WSDL.xml_schema.validate(response)

    def test_refuses_fields_that_are_not_in_the_wsdl(self) -> None:
        with pytest.raises(KeyError):
            envelope.render(WSDL, "setStock", {"result": "SET-STOCK-RESULT-OK", "stock": 1})

    def test_schema_catches_drift_in_order_and_enum(self) -> None:
        ns = "urn:mplusqapi"
        wrong_order = etree.fromstring(
            f'<SetStockResponse xmlns="{ns}"><stockId>1</stockId>'
            "<result>SET-STOCK-RESULT-OK</result></SetStockResponse>"
        )
        wrong_enum = etree.fromstring(
            f'<SetStockResponse xmlns="{ns}"><result>SET-STOCK-OK</result></SetStockResponse>'
        )
        assert not WSDL.xml_schema.validate(wrong_order)
        assert not WSDL.xml_schema.validate(wrong_enum)

    def test_find_order_answers_with_get_order_response(self) -> None:
        assert WSDL.operations["findOrder"].output_element == "GetOrderResponse"
