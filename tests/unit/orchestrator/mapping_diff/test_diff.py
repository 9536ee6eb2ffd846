"""The field-level diff of two mapped records: JSON Pointer paths, added/removed/changed."""

from typing import Any

from syncyard_orchestrator.mapping_diff.diff import Change, FieldChange, diff, escape

ORDER: dict[str, Any] = {
    "source_id": "1001",
    "currency": "EUR",
    "billing_address": {"city": "Utrecht", "country": "NL"},
    "lines": [
        {"sku": "1001", "quantity": 2, "unit_price": {"amount": 1250, "currency": "EUR"}},
        {"sku": "1002", "quantity": 1, "unit_price": {"amount": 500, "currency": "EUR"}},
    ],
}


def changed(**changes: Any) -> dict[str, Any]:
    return {**ORDER, **changes}


class TestMappingDiff:
    def test_identical_records_have_no_changes(self) -> None:
        assert diff(ORDER, ORDER) == []

    def test_a_new_constant_field_is_one_addition(self) -> None:
        after = changed(shipping_method="Afhalen")

        assert diff(ORDER, after) == [
            FieldChange("/shipping_method", Change.ADDED, after="Afhalen")
        ]

    def test_a_dropped_object_is_one_removal_holding_its_whole_value(self) -> None:
        after = {key: value for key, value in ORDER.items() if key != "billing_address"}

        assert diff(ORDER, after) == [
            FieldChange(
                "/billing_address", Change.REMOVED, before={"city": "Utrecht", "country": "NL"}
            )
        ]

    def test_a_nested_change_names_the_leaf(self) -> None:
        after = changed(billing_address={"city": "UTRECHT", "country": "NL"})

        assert diff(ORDER, after) == [
            FieldChange("/billing_address/city", Change.CHANGED, before="Utrecht", after="UTRECHT")
        ]

    def test_lines_are_compared_item_by_item(self) -> None:
        lines = [dict(line) for line in ORDER["lines"]]
        lines[1]["sku"] = "0001002"
        lines[0]["note"] = "gift"

        assert diff(ORDER, changed(lines=lines)) == [
            FieldChange("/lines/0/note", Change.ADDED, after="gift"),
            FieldChange("/lines/1/sku", Change.CHANGED, before="1002", after="0001002"),
        ]

    def test_an_extra_or_missing_line_is_added_or_removed_at_its_index(self) -> None:
        third = {"sku": "1003", "quantity": 1}

        grown = diff(ORDER, changed(lines=[*ORDER["lines"], third]))
        shrunk = diff(ORDER, changed(lines=ORDER["lines"][:1]))

        assert grown == [FieldChange("/lines/2", Change.ADDED, after=third)]
        assert shrunk == [FieldChange("/lines/1", Change.REMOVED, before=ORDER["lines"][1])]

    def test_a_value_of_another_type_is_a_change(self) -> None:
        assert diff({"a": {"b": 1}}, {"a": [1]}) == [
            FieldChange("/a", Change.CHANGED, before={"b": 1}, after=[1])
        ]
        assert diff({"a": "1"}, {"a": 1}) == [FieldChange("/a", Change.CHANGED, "1", 1)]

    def test_true_is_not_one_but_ten_is_ten_point_zero(self) -> None:
        assert diff({"a": True}, {"a": 1}) == [FieldChange("/a", Change.CHANGED, True, 1)]
        assert diff({"a": 10}, {"a": 10.0}) == []

    def test_null_and_a_missing_key_differ(self) -> None:
        assert diff({"a": None}, {}) == [FieldChange("/a", Change.REMOVED, before=None)]

    def test_keys_with_slash_or_tilde_are_escaped_as_rfc_6901_says(self) -> None:
        assert escape("a/b~c") == "a~1b~0c"
        assert diff({"extra": {}}, {"extra": {"gift/note": 1}}) == [
            FieldChange("/extra/gift~1note", Change.ADDED, after=1)
        ]

    def test_from_nothing_every_field_is_added(self) -> None:
        assert [item.path for item in diff({}, {"a": 1, "b": {"c": 2}})] == ["/a", "/b"]

    def test_differing_whole_documents_are_one_change_at_the_root(self) -> None:
        assert diff(1, 2) == [FieldChange("", Change.CHANGED, before=1, after=2)]
