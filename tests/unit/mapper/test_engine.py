"""Compiling, validating and applying mappings: errors name the field, limits hold."""

from typing import Any

import pytest
from pydantic import ValidationError

from syncyard_common import canonical
from syncyard_mapper.engine import apply, cache, compile, preview
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.engine.errors import FieldError, MappingError

ORDER: dict[str, Any] = {
    "source_id": "1",
    "currency": "EUR",
    "billing_address": {"line1": "Keizersgracht 123a"},
    "lines": [{"sku": "100", "quantity": 2, "unit_price": {"amount": 995, "currency": "EUR"}}],
}


def _mapping(fields: dict[str, str]) -> compile.CompiledMapping:
    return compile.compile_mapping(MappingDocument(fields=fields), model=canonical.Order)


class TestCompile:
    def test_a_syntax_error_names_the_field_and_the_position(self) -> None:
        with pytest.raises(FieldError) as caught:
            _mapping({"source_id": "source_id", "number": "number +"})
        assert caught.value.field == "number"
        assert "syntax error" in caught.value.reason

    def test_an_unknown_function_is_refused_before_it_can_fail_at_runtime(self) -> None:
        with pytest.raises(FieldError) as caught:
            _mapping({"email": "$lowercse(email)"})
        assert caught.value.field == "email"
        assert "unknown function $lowercse" in caught.value.reason

    def test_functions_defined_inside_the_expression_are_known(self) -> None:
        _mapping({"email": "($low := function($v){ $lowercase($v) }; $low(email))"})

    def test_a_target_field_the_model_does_not_have_is_refused(self) -> None:
        with pytest.raises(FieldError) as caught:
            _mapping({"billing_address.stret": "'x'"})
        assert caught.value.field == "billing_address.stret"
        assert "no field 'stret'" in caught.value.reason

    def test_list_marker_only_on_list_fields_and_only_at_the_end(self) -> None:
        with pytest.raises(FieldError, match="not a list"):
            _mapping({"email[]": "email"})
        # Syntax, which the document states: refused as the draft is read.
        with pytest.raises(ValidationError, match="may only end"):
            _mapping({"lines[].sku": "sku"})

    def test_free_form_dicts_take_any_key(self) -> None:
        _mapping({"source_id": "source_id", "currency": "currency", "extra.tags": "'vip'"})

    def test_problems_lists_every_bad_field(self) -> None:
        document = MappingDocument(fields={"a": "1", "number": "(", "email": "$nope()"})
        found = compile.problems(document, model=canonical.Order)
        assert [problem.field for problem in found] == ["a", "number", "email"]


class TestApply:
    def test_builds_nested_objects_and_wraps_a_single_line_in_a_list(self) -> None:
        mapping = _mapping(
            {
                "source_id": "source_id",
                "currency": "currency",
                "billing_address.street": "$splitStreet(billing_address.line1).street",
                "billing_address.house_number": "$splitStreet(billing_address.line1).house_number",
                "lines[]": "lines.{'sku': sku, 'quantity': quantity, 'unit_price': unit_price}",
            }
        )
        output = apply.apply(mapping, ORDER)
        assert output["billing_address"] == {"street": "Keizersgracht", "house_number": "123"}
        assert output["lines"] == [
            {"sku": "100", "quantity": 2, "unit_price": {"amount": 995, "currency": "EUR"}}
        ]

    def test_a_failing_expression_raises_with_the_field_and_never_returns_the_input(
        self,
    ) -> None:
        mapping = _mapping({"source_id": "source_id", "currency": "$substring(1, 'x')"})
        with pytest.raises(MappingError) as caught:
            apply.apply(mapping, ORDER)
        assert caught.value.field == "currency"

    def test_invalid_output_names_the_canonical_field(self) -> None:
        mapping = _mapping(
            {"source_id": "source_id", "currency": "currency", "lines[]": "{'quantity': -1}"}
        )
        with pytest.raises(MappingError) as caught:
            apply.apply(mapping, ORDER)
        assert caught.value.field is not None
        assert caught.value.field.startswith("lines[0].")

    def test_a_missing_required_field_is_a_mapping_error(self) -> None:
        with pytest.raises(MappingError) as caught:
            apply.apply(_mapping({"currency": "currency"}), ORDER)
        assert caught.value.field == "source_id"

    def test_a_runaway_expression_is_stopped_by_the_time_limit(self) -> None:
        mapping = _mapping(
            {
                "source_id": "source_id",
                "currency": "($loop := function($n){ $n > 0 ? $loop($n - 1) : 'EUR' }; "
                "$loop(100000))",
            }
        )
        limits = apply.Limits(expression_timeout_ms=50, max_depth=10_000)
        with pytest.raises(MappingError) as caught:
            apply.apply(mapping, ORDER, limits=limits)
        assert caught.value.field == "currency"

    def test_a_cached_expression_gets_a_fresh_time_budget_on_every_evaluation(self) -> None:
        mapping = _mapping({"source_id": "source_id", "currency": "currency"})
        limits = apply.Limits(expression_timeout_ms=20)
        for _ in range(3):
            apply.apply(mapping, ORDER, limits=limits)
            # Longer than the limit between evaluations: must not count against the next one.
            sum(range(2_000_000))
        assert apply.apply(mapping, ORDER, limits=limits)["currency"] == "EUR"

    def test_oversized_output_is_refused(self) -> None:
        mapping = _mapping(
            {"source_id": "source_id", "currency": "currency", "note": "$pad('', 5000, 'x')"}
        )
        with pytest.raises(MappingError, match="exceeds"):
            apply.apply(mapping, ORDER, limits=apply.Limits(max_output_bytes=1024))


class TestPreviewAndCache:
    def test_preview_reports_every_problem_and_no_output(self) -> None:
        document = MappingDocument(
            fields={"source_id": "source_id", "number": "(", "currency": "$missing()"}
        )
        [result] = preview.preview(document, model=canonical.Order, records=[ORDER])
        assert result.output is None
        assert {error.field for error in result.errors} >= {"number", "currency"}

    def test_preview_of_a_good_draft_returns_the_output(self) -> None:
        document = MappingDocument(fields={"source_id": "source_id", "currency": "currency"})
        [result] = preview.preview(document, model=canonical.Order, records=[ORDER])
        assert result.errors == []
        assert result.output is not None
        assert result.output["source_id"] == "1"

    def test_cache_compiles_once_per_mapping_version(self) -> None:
        compiled_cache = cache.CompiledMappingCache(max_entries=1)
        document = MappingDocument(fields={"source_id": "source_id", "currency": "currency"})
        first = compiled_cache.get(
            mapping_id="m", version=1, document=document, model=canonical.Order
        )
        again = compiled_cache.get(
            mapping_id="m", version=1, document=document, model=canonical.Order
        )
        other = compiled_cache.get(
            mapping_id="m", version=2, document=document, model=canonical.Order
        )
        assert first is again
        assert other is not first
        assert len(compiled_cache) == 1
