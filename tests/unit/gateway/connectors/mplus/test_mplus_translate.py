"""Canonical customers and orders → MplusKASSA relation/order bodies, and back."""

from decimal import Decimal
from pathlib import Path

import pytest

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine
from syncyard_common.messages.orders import OrderCreateOptions
from syncyard_gateway.connectors.errors import ArticleNumberNotNumeric, ConnectorDataError
from syncyard_gateway.connectors.mplus import payloads, soap, translate

pytestmark = pytest.mark.unit
PAYLOADS = Path(__file__).parent / "payloads"

SPLIT = Address(
    first_name="Anna",
    last_name="de Vries",
    company="Bakkerij De Vries B.V.",
    line1="ignored when split",
    street="Dorpsstraat",
    house_number="12",
    house_number_suffix="a",
    postcode="3511 AB",
    city="Utrecht",
    country_code="NL",
)
ONE_LINE = Address(first_name="Piet", last_name="Jansen", line1="Havenweg 3", city="Amersfoort")


def eur(cents: int) -> Money:
    return Money(amount=cents, currency="EUR")


class TestAddressLine:
    def test_split_address_joins_street_number_and_suffix(self) -> None:
        assert translate.address_line(SPLIT) == "Dorpsstraat 12a"

    def test_without_street_the_first_line_is_used(self) -> None:
        assert translate.address_line(ONE_LINE) == "Havenweg 3"

    def test_longer_house_number_additions_stand_apart(self) -> None:
        bis = SPLIT.model_copy(update={"house_number_suffix": "bis"})
        assert translate.address_line(bis) == "Dorpsstraat 12 bis"


class TestRelation:
    def test_company_becomes_company_relation_with_the_person_as_contact(self) -> None:
        customer = Customer(
            email="anna@example.nl",
            first_name="Anna",
            last_name="de Vries",
            company_name="Bakkerij De Vries B.V.",
            phone="+3130",
            billing_address=SPLIT,
        )
        relation = translate.to_relation(customer, relation_number=None)
        assert relation["name"] == "Bakkerij De Vries B.V."
        assert relation["companyName"] == "Bakkerij De Vries B.V."
        assert relation["contact"] == "Anna de Vries"
        assert relation["contactList"] == {
            "relation": [{"name": "Anna de Vries", "telephone": "+3130"}]
        }
        assert (relation["address"], relation["zipcode"], relation["country"]) == (
            "Dorpsstraat 12a",
            "3511 AB",
            "NL",
        )
        assert relation["email"] == "anna@example.nl"

    def test_fields_follow_the_wsdl_sequence(self) -> None:
        customer = Customer(email="a@b.nl", first_name="A", company_name="C", billing_address=SPLIT)
        names = list(translate.to_relation(customer, relation_number="7"))
        assert names.index("relationNumber") < names.index("name") < names.index("contact")
        assert names.index("email") < names.index("vatNumber") < names.index("companyName")
        assert names[-1] == "companyName"

    def test_person_becomes_person_relation_without_contacts(self) -> None:
        customer = Customer(email="piet@example.nl", first_name="Piet", last_name="Jansen")
        relation = translate.to_relation(customer, relation_number="12")
        assert relation["name"] == "Piet Jansen"
        assert relation["relationNumber"] == "12"
        assert relation["contact"] is None
        assert relation["companyName"] is None
        assert "contactList" not in relation

    def test_update_of_a_company_sends_no_second_contact(self) -> None:
        customer = Customer(first_name="Anna", company_name="Bakkerij")
        assert "contactList" not in translate.to_relation(customer, relation_number="5")


class TestCustomerFromRelation:
    relation = payloads.read_found_relation(
        soap.read_body((PAYLOADS / "find_relation_company.xml").read_bytes())
    )

    def test_company_relation_reads_back_as_company_customer(self) -> None:
        assert self.relation is not None
        customer = translate.to_customer(self.relation)
        assert customer.id == "1002"
        assert customer.company_name == "Bakkerij De Vries B.V."
        assert (customer.first_name, customer.last_name) == ("Anna", "de Vries")
        assert customer.email == "Anna.deVries@Example.nl"
        assert customer.billing_address is not None
        assert customer.billing_address.line1 == "Dorpsstraat 12 a"
        assert customer.vat_number == "NL001234567B01"
        assert translate.contact_number(self.relation) == "1001"

    def test_not_found_answer_reads_as_none(self) -> None:
        answer = soap.read_body((PAYLOADS / "find_relation_not_found.xml").read_bytes())
        assert payloads.read_found_relation(answer) is None


class TestSkuMatches:
    articles = payloads.read_articles(soap.read_body((PAYLOADS / "get_products.xml").read_bytes()))

    def test_plu_numbers_and_numeric_article_numbers_are_found_missing_skus_absent(self) -> None:
        found = translate.sku_matches(["MIXER-XL", "8712345", "NOPE", "4242"], self.articles)
        assert found == {"MIXER-XL": "5001", "8712345": "8712345"}


def order(*lines: OrderLine, include_tax: bool = True) -> Order:
    return Order(
        source_id="5802345611",
        number="#1042",
        currency="EUR",
        prices_include_tax=include_tax,
        billing_address=SPLIT,
        shipping_address=ONE_LINE,
        lines=list(lines),
    )


class TestOrder:
    options = OrderCreateOptions(
        employee_number=42, customer_id="1002", product_ids={"MIXER-XL": "5001"}
    )

    def build(self, value: Order) -> dict[str, soap.XmlValue]:
        return translate.to_order_body(
            value, external_reference="syncyard-1", options=self.options, branch_number=3
        )

    def test_order_carries_reference_type_employee_debtor_and_branch(self) -> None:
        body = self.build(order(OrderLine(sku="MIXER-XL", quantity=1, unit_price=eur(11005))))
        assert body["extOrderId"] == "syncyard-1"
        assert body["orderType"] == "ORDER-TYPE-EXTERNAL-SALES-ORDER"
        assert body["employeeNumber"] == 42
        assert body["relationNumber"] == "1002"
        assert body["entryBranchNumber"] == body["financialBranchNumber"] == 3
        assert body["vatMethod"] == "VAT-METHOD-INCLUSIVE"
        assert body["reference"] == "#1042"

    def test_lines_use_known_article_numbers_and_numeric_skus_prices_in_cents(self) -> None:
        body = self.build(
            order(
                OrderLine(sku="MIXER-XL", name="Deegmixer", quantity=1, unit_price=eur(11005)),
                OrderLine(sku="8712345", quantity=3, unit_price=eur(495), tax_rate=Decimal("0.09")),
            )
        )
        assert body["lineList"] == {
            "line": [
                {
                    "articleNumber": 5001,
                    "text": "Deegmixer",
                    "data": {"quantity": 1, "decimalPlaces": 0, "price": 11005},
                },
                {
                    "articleNumber": 8712345,
                    "text": None,
                    "data": {"quantity": 3, "decimalPlaces": 0, "price": 495},
                },
            ]
        }

    def test_prices_excluding_tax_say_so(self) -> None:
        body = self.build(
            order(OrderLine(sku="1", quantity=1, unit_price=eur(100)), include_tax=False)
        )
        assert body["vatMethod"] == "VAT-METHOD-EXCLUSIVE"

    def test_addresses_are_one_line_with_company_and_contact(self) -> None:
        body = self.build(order(OrderLine(sku="1", quantity=1, unit_price=eur(100))))
        assert body["invoiceAddress"] == {
            "name": "Bakkerij De Vries B.V.",
            "contact": "Anna de Vries",
            "address": "Dorpsstraat 12a",
            "zipcode": "3511 AB",
            "city": "Utrecht",
            "country": "NL",
            "companyName": "Bakkerij De Vries B.V.",
        }
        delivery = body["deliveryAddress"]
        assert isinstance(delivery, dict)
        assert (delivery["name"], delivery["contact"], delivery["address"]) == (
            "Piet Jansen",
            None,
            "Havenweg 3",
        )

    def test_unknown_sku_that_is_not_numeric_names_the_sku(self) -> None:
        line = OrderLine(sku="TSHIRT-RED", quantity=1, unit_price=eur(100))
        with pytest.raises(ArticleNumberNotNumeric, match="TSHIRT-RED") as caught:
            self.build(order(line))
        assert caught.value.sku == "TSHIRT-RED"
        assert caught.value.code == "article_number_not_numeric"

    def test_line_without_sku_is_refused(self) -> None:
        line = OrderLine(name="Gift wrap", quantity=1, unit_price=eur(100))
        with pytest.raises(ConnectorDataError, match="Gift wrap"):
            self.build(order(line))

    def test_currency_without_cents_is_refused(self) -> None:
        yen = Order(
            source_id="1",
            currency="JPY",
            lines=[OrderLine(sku="1", quantity=1, unit_price=Money(amount=500, currency="JPY"))],
        )
        with pytest.raises(ConnectorDataError, match="JPY"):
            self.build(yen)
