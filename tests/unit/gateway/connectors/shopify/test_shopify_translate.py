"""Shopify REST order JSON → canonical Order, from recorded payloads."""

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from syncyard_common.canonical import Money
from syncyard_gateway.connectors.shopify.payloads import ShopifyOrderAnswer
from syncyard_gateway.connectors.shopify.translate import to_canonical_order

pytestmark = pytest.mark.unit
PAYLOADS = Path(__file__).parent / "payloads"


def load(name: str) -> ShopifyOrderAnswer:
    return ShopifyOrderAnswer.model_validate(json.loads((PAYLOADS / name).read_text()))


class TestCompanyOrder:
    order = to_canonical_order(load("order_company.json").order)

    def test_keeps_identity_channel_and_status(self) -> None:
        assert self.order.source_id == "5802345611"
        assert self.order.number == "#1042"
        assert self.order.channel == "web"
        assert self.order.financial_status == "paid"
        assert self.order.created_at == datetime(2025, 3, 14, 9, 21, 7, tzinfo=UTC)

    def test_money_strings_become_minor_units_in_the_order_currency(self) -> None:
        assert self.order.currency == "EUR"
        assert self.order.prices_include_tax is True
        assert self.order.total == Money(amount=12985, currency="EUR")
        assert [line.unit_price.amount for line in self.order.lines] == [495, 11005]

    def test_lines_carry_sku_title_quantity_and_tax_rate(self) -> None:
        first, second = self.order.lines
        assert (first.sku, first.name, first.quantity) == ("8712345", "Roggebrood", 3)
        assert first.tax_rate == Decimal("0.09")
        assert (second.sku, second.name, second.tax_rate) == (
            "MIXER-XL",
            "Deegmixer",
            Decimal("0.21"),
        )
        assert second.source_line_id == "13002"

    def test_addresses_map_shopify_fields(self) -> None:
        billing, shipping = self.order.billing_address, self.order.shipping_address
        assert billing is not None
        assert shipping is not None
        assert billing.line1 == "Dorpsstraat 12a"
        assert billing.line2 is None  # "" is empty
        assert billing.postcode == "3511 AB"
        assert billing.country_code == "NL"
        assert billing.company == "Bakkerij De Vries B.V."
        assert (shipping.line2, shipping.region, shipping.country_code) == ("Unit 4", "UT", "NL")
        assert shipping.full_name == "Piet Jansen"

    def test_customer_takes_company_from_billing_address(self) -> None:
        customer = self.order.customer
        assert customer is not None
        assert customer.id == "7001122"
        assert customer.email == "anna.devries@example.nl"
        assert (customer.first_name, customer.last_name) == ("Anna", "de Vries")
        assert customer.company_name == "Bakkerij De Vries B.V."
        assert customer.phone == "+31612345678"

    def test_shipping_and_payment_methods(self) -> None:
        assert self.order.shipping_method == "PostNL Standaard"
        assert self.order.payment_method == "ideal, gift_card"
        assert self.order.note == "Graag na 17:00 bezorgen"


class TestMinimalPosOrder:
    order = to_canonical_order(load("order_person_minimal.json").order)

    def test_without_customer_object_the_contact_email_makes_the_customer(self) -> None:
        assert self.order.email == "kees@example.com"
        assert self.order.customer is not None
        assert self.order.customer.email == "kees@example.com"
        assert self.order.customer.company_name is None

    def test_prices_excluding_tax_and_lower_case_currency(self) -> None:
        assert self.order.prices_include_tax is False
        assert self.order.currency == "USD"
        assert self.order.lines[0].unit_price == Money(amount=500, currency="USD")
        assert self.order.lines[0].sku is None
        assert self.order.lines[0].tax_rate is None

    def test_pos_channel_and_location(self) -> None:
        assert self.order.channel == "pos"
        assert self.order.extra["location_id"] == "655441491"
        assert self.order.shipping_method is None
        assert self.order.payment_method is None
