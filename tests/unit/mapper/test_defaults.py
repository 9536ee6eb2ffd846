"""Every shipped default mapping is valid and reproduces its expected output."""

import json
from importlib import resources
from typing import Any

import pytest

from syncyard_common import canonical
from syncyard_mapper import defaults
from syncyard_mapper.engine import apply, compile, document

ROOT = resources.files("syncyard_mapper.defaults")


def _load(flow: str, name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / flow / name).read_text("utf-8"))
    return loaded


def _compiled(shipped: defaults.DefaultMapping) -> compile.CompiledMapping:
    return compile.compile_mapping(shipped.document, model=document.FLOW_MODELS[shipped.flow])


ALL = defaults.load_all()


SHOPS = ("shopify", "bigcommerce", "ecwid", "mijnwebwinkel")


class TestShippedDefaults:
    def test_the_order_defaults_of_both_directions_are_shipped(self) -> None:
        names = {shipped.name for shipped in ALL}
        assert {"orders/shopify_to_mplus", "orders/mplus_to_shopify"} <= names

    @pytest.mark.parametrize("flow", ["orders", "products", "stock", "customers", "categories"])
    def test_every_shop_gets_the_till_s_records(self, flow: str) -> None:
        # The shop → till direction is shipped where the shop can read the flow's records
        # (test_defaults_accepted.py: every default is accepted, every accepted pair has one).
        names = {shipped.name for shipped in ALL}
        for shop in SHOPS:
            assert f"{flow}/mplus_to_{shop}" in names

    def test_mailchimp_gets_what_it_can_hold_and_no_categories(self) -> None:
        names = {shipped.name for shipped in ALL}
        for flow in ("orders", "products", "stock", "customers"):
            assert f"{flow}/mplus_to_mailchimp" in names
        assert "customers/mailchimp_to_mplus" in names
        assert not [
            name for name in names if name.startswith("categories/") and "mailchimp" in name
        ]

    @pytest.mark.parametrize("shipped", ALL, ids=lambda shipped: shipped.name)
    def test_is_readable_with_a_description(self, shipped: defaults.DefaultMapping) -> None:
        assert shipped.document.description
        assert shipped.document.description.startswith("Default mapping for")

    @pytest.mark.parametrize("shipped", ALL, ids=lambda shipped: shipped.name)
    def test_passes_the_checks_a_saved_mapping_must_pass(
        self, shipped: defaults.DefaultMapping
    ) -> None:
        model = document.FLOW_MODELS[shipped.flow]
        assert compile.problems(shipped.document, model=model) == []

    @pytest.mark.parametrize("shipped", ALL, ids=lambda shipped: shipped.name)
    def test_reproduces_the_expected_output_of_its_sample(
        self, shipped: defaults.DefaultMapping
    ) -> None:
        assert apply.apply(_compiled(shipped), shipped.sample()) == shipped.expected()


class TestShopifyToMplusDefault:
    def test_is_found_by_its_connector_pair(self) -> None:
        found = defaults.find("orders", "shopify", "mplus")
        assert found is not None
        assert found.mapping_id == "default:orders/shopify_to_mplus"
        assert defaults.find("orders", "mplus", "nowhere") is None

    def test_without_a_pair_an_ambiguous_flow_has_no_default(self) -> None:
        assert defaults.find("orders", None, None) is None

    def test_splits_addresses_and_keeps_lines_sku_quantity_price(self) -> None:
        expected = canonical.Order.model_validate(_load("orders", "shopify_to_mplus.expected.json"))
        assert expected.billing_address is not None
        assert (
            expected.billing_address.street,
            expected.billing_address.house_number,
            expected.billing_address.house_number_suffix,
        ) == ("Keizersgracht", "123", "a")
        assert [(line.sku, line.quantity, line.unit_price.amount) for line in expected.lines] == [
            ("100200", 2, 1295),
            ("100300", 1, 2450),
        ]
        assert expected.customer is not None
        assert expected.customer.company_name == "Bloemen de Vries B.V."

    def test_maps_an_order_with_one_line_to_a_list_of_one(self) -> None:
        found = defaults.find("orders", "shopify", "mplus")
        assert found is not None
        sample = _load("orders", "shopify_to_mplus.sample.json")
        sample["lines"] = sample["lines"][:1]
        output = apply.apply(_compiled(found), sample)
        assert [line["sku"] for line in output["lines"]] == ["100200"]


class TestMplusToShopifyDefault:
    def test_joins_street_number_and_suffix_into_one_line(self) -> None:
        expected = _load("orders", "mplus_to_shopify.expected.json")
        assert expected["billing_address"]["line1"] == "Prinsengracht 263-2"


class TestTillBookingPerCountry:
    """Orders into the till: tax code and revenue account per country from the value maps."""

    @pytest.mark.parametrize("shop", [*SHOPS, "mailchimp"])
    def test_the_countrys_codes_come_from_the_maps_and_nothing_without_them(
        self, shop: str
    ) -> None:
        from syncyard_mapper.engine.value_maps import ValueMap

        shipped = defaults.find("orders", shop, "mplus")
        assert shipped is not None
        sample = shipped.sample()
        country = (sample.get("shipping_address") or sample["billing_address"])["country_code"]
        maps = {
            "tax_codes": ValueMap("tax_codes", {country.upper(): "2"}, "1"),
            "revenue_accounts": ValueMap("revenue_accounts", {country.upper(): "40"}, None),
        }
        mapped = apply.apply(_compiled(shipped), sample, value_maps=maps)
        assert mapped["extra"]["tax_code"] == "2"
        assert mapped["extra"]["revenue_account"] == "40"
        plain = apply.apply(_compiled(shipped), sample)
        assert "tax_code" not in plain.get("extra", {})
        assert "revenue_account" not in plain.get("extra", {})
