"""Fast paths give exactly what JSONata gives, and step aside whenever they cannot."""

from typing import Any

import jsonata
import pytest

from syncyard_mapper.engine import fast_paths, functions

RECORDS: list[dict[str, Any]] = [
    {
        "email": "ANNA@EXAMPLE.NL",
        "customer": {"email": None, "tags": ["a", "b"]},
        "billing_address": {"line1": "Keizersgracht 123a", "country_code": "nl"},
        "lines": [
            {"sku": "1", "quantity": 2, "unit_price": {"amount": 995, "currency": "EUR"}},
            {"sku": "2", "quantity": 1, "name": None},
        ],
        "total": {"amount": 2985, "currency": "EUR"},
    },
    {"email": "", "lines": [{"sku": "9", "quantity": 1}], "billing_address": None},
    {"email": 42, "lines": {"sku": "only", "quantity": 3}},
    {},
]

EXPRESSIONS = [
    "email",
    "total",
    "total.amount",
    "customer.email",
    "customer.tags",
    "lines.sku",
    "billing_address.country_code",
    "$uppercase(billing_address.country_code)",
    "$lowercase(email)",
    "$default(customer.email, email)",
    "$default(customer.email, 'none')",
    "$splitStreet(billing_address.line1).street",
    "$splitStreet(billing_address.line1).suffix",
    '$joinStreet("Laan", 7, "bis")',
    'lines.{"sku": sku, "quantity": quantity, "unit_price": unit_price, "name": name}',
    "$lookup('payment_methods', email)",
]


def _jsonata(source: str, record: dict[str, Any]) -> Any:
    expression = jsonata.Jsonata(source)
    for name, implementation in functions.FUNCTIONS.items():
        expression.register_lambda(name, implementation)
    return expression.evaluate(record)


class TestFastPaths:
    @pytest.mark.parametrize("source", EXPRESSIONS)
    @pytest.mark.parametrize("index", range(len(RECORDS)))
    def test_agrees_with_jsonata_or_falls_back(self, source: str, index: int) -> None:
        record = RECORDS[index]
        plan = fast_paths.plan(jsonata.Jsonata(source).ast)
        assert plan is not None, f"{source} should have a fast path"
        try:
            expected = _jsonata(source, record)
        except Exception:  # JSONata refuses it (e.g. $uppercase(42)); the plan must step aside
            expected = fast_paths.FALL_BACK
        found = plan(record)
        if found is not fast_paths.FALL_BACK:
            assert found == expected

    @pytest.mark.parametrize(
        "source",
        [
            "lines[quantity > 1].sku",
            "email & '!'",
            "$substring(email, 1)",
            "lines{sku: quantity}",
            "($x := email; $x)",
            "$sum(lines.quantity)",
        ],
    )
    def test_anything_else_has_no_fast_path(self, source: str) -> None:
        assert fast_paths.plan(jsonata.Jsonata(source).ast) is None

    def test_a_function_defined_in_the_expression_is_not_taken_for_ours(self) -> None:
        ast = jsonata.Jsonata("($default := function($v){ 'x' }; $default(email))").ast
        assert fast_paths.plan(ast) is None
        assert fast_paths.plan(jsonata.Jsonata("$default(email, 'x')").ast, {"default"}) is None

    def test_lists_on_the_way_fall_back(self) -> None:
        plan = fast_paths.plan(jsonata.Jsonata("lines.sku").ast)
        assert plan is not None
        assert plan({"lines": [{"sku": "1"}]}) is fast_paths.FALL_BACK
