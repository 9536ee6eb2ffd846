"""Mapping tests compare only the fields the expectation names, and show the difference."""

from syncyard_common import canonical
from syncyard_mapper.engine import compile, expectations
from syncyard_mapper.engine.document import MappingDocument


class TestDifferences:
    def test_fields_not_named_are_ignored(self) -> None:
        assert expectations.differences({"a": 1}, {"a": 1, "b": 2}) == []

    def test_nested_fields_and_list_items_are_named_by_path(self) -> None:
        found = expectations.differences(
            {"billing_address": {"city": "Utrecht"}, "lines": [{"sku": "1"}, {"sku": "2"}]},
            {"billing_address": {"city": "UTRECHT"}, "lines": [{"sku": "1"}, {"sku": "3"}]},
        )
        assert [(d.field, d.expected, d.actual) for d in found] == [
            ("billing_address.city", "Utrecht", "UTRECHT"),
            ("lines[1].sku", "2", "3"),
        ]

    def test_a_missing_field_and_a_list_of_another_length_differ(self) -> None:
        found = expectations.differences({"note": "x", "lines": [1]}, {"lines": [1, 2]})
        assert [d.field for d in found] == ["note", "lines"]


class TestRunCase:
    def test_a_failing_mapping_fails_the_case_with_the_field(self) -> None:
        mapping = compile.compile_mapping(
            MappingDocument(fields={"source_id": "source_id", "currency": "currency"}),
            model=canonical.Order,
        )
        result = expectations.run_case(
            mapping, name="no currency", record={"source_id": "1"}, expected={}
        )
        assert not result.passed
        assert result.errors[0].field == "currency"
