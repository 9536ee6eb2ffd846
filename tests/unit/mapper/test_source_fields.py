"""A reference to a source field the canonical model does not have is refused on save."""

import pytest

from syncyard_common import canonical
from syncyard_mapper.engine import compile
from syncyard_mapper.engine.errors import FieldError


def _check(source: str, model: type = canonical.Order) -> None:
    compile.compile_expression("note", source, model=model)


class TestSourceFields:
    @pytest.mark.parametrize(
        "source",
        [
            "billing_address.street",
            "lines.sku",
            'lines.{"sku": sku, "price": unit_price.amount}',
            "lines[quantity > 1].name",
            "lines^(sku).name",
            "extra.anything.deeper",
            "$splitStreet(billing_address.line1).whatever",
            "($f := function($l){ $l.nonsense }; $f(lines))",
            "$$.customer.email",
            "customer.billing_address.city",
        ],
    )
    def test_known_fields_and_unknowable_contexts_pass(self, source: str) -> None:
        _check(source)

    @pytest.mark.parametrize(
        ("source", "missing"),
        [
            ("billing_address.stret", "'stret' in Address"),
            ("lines.skuu", "'skuu' in OrderLine"),
            ('lines.{"sku": sku, "p": unit_price.amunt}', "'amunt' in Money"),
            ("lines[quantityy > 1].sku", "'quantityy' in OrderLine"),
            ("$uppercase(custmer.email)", "'custmer' in Order"),
            ("$$.nope", "'nope' in Order"),
        ],
    )
    def test_unknown_fields_name_the_target_field_and_the_source_field(
        self, source: str, missing: str
    ) -> None:
        with pytest.raises(FieldError) as caught:
            _check(source)
        assert caught.value.field == "note"
        assert missing in caught.value.reason
        assert "position" in caught.value.reason

    def test_each_flow_checks_against_its_own_model(self) -> None:
        compile.compile_expression("sku", "variants.attributes.size", model=canonical.Product)
        with pytest.raises(FieldError, match="'lines' in StockLevel"):
            compile.compile_expression("sku", "lines.sku", model=canonical.StockLevel)
