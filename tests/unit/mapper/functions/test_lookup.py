"""$lookup: the tenant's value maps, each with its default and its rule for unmapped values."""

import pytest

from syncyard_mapper.engine.functions import lookup
from syncyard_mapper.engine.functions.errors import FunctionError
from syncyard_mapper.engine.value_maps import OnUnmapped, UnmappedValue, ValueMap

PAYMENTS = ValueMap("payment_methods", {"ideal": "IDEAL", "pin": "PIN"}, "OTHER")
STRICT = ValueMap("payment_methods", {"ideal": "IDEAL"}, None, OnUnmapped.FAIL)
TAX = ValueMap("tax_codes", {"NL": "H21", "BE": "B21"}, "EU")


class TestLookup:
    def test_mapped_values_and_the_default_for_unmapped_ones(self) -> None:
        with lookup.using({"payment_methods": PAYMENTS}):
            assert lookup.lookup("payment_methods", "ideal") == "IDEAL"
            assert lookup.lookup("payment_methods", "bitcoin") == "OTHER"

    def test_fail_raises_with_the_value_and_the_map(self) -> None:
        with lookup.using({"payment_methods": STRICT}), pytest.raises(UnmappedValue) as caught:
            lookup.lookup("payment_methods", "bitcoin")
        assert "'bitcoin'" in str(caught.value)
        assert "'payment_methods'" in str(caught.value)

    def test_per_country_maps_ignore_the_case_of_the_code(self) -> None:
        with lookup.using({"tax_codes": TAX}):
            assert lookup.lookup("tax_codes", "nl") == "H21"
            assert lookup.lookup("tax_codes", "DE") == "EU"

    def test_without_a_saved_map_the_value_passes_through(self) -> None:
        assert lookup.lookup("shipping_methods", "PostNL") == "PostNL"
        assert lookup.lookup("shipping_methods", None) is None

    def test_an_unknown_map_name_is_an_error(self) -> None:
        with pytest.raises(FunctionError, match="no value map"):
            lookup.lookup("colours", "red")

    def test_maps_are_only_set_for_the_duration_of_one_record(self) -> None:
        with lookup.using({"payment_methods": PAYMENTS}):
            pass
        assert lookup.lookup("payment_methods", "bitcoin") == "bitcoin"
