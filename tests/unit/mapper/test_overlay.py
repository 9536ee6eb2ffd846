"""A tenant's overlay on a default: fields override and add, then constants, then drops."""

from typing import Any

import pytest
from pydantic import ValidationError

from syncyard_common import canonical
from syncyard_mapper.engine import apply, compile, overlay
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.engine.errors import MappingError
from syncyard_mapper.engine.value_maps import OnUnmapped, ValueMap

BASE = MappingDocument(
    fields={
        "source_id": "source_id",
        "currency": "currency",
        "note": "note",
        "payment_method": "$lookup('payment_methods', payment_method)",
        "shipping_address.city": "shipping_address.city",
        "shipping_address.postcode": "shipping_address.postcode",
    }
)
ORDER: dict[str, Any] = {
    "source_id": "7",
    "currency": "EUR",
    "note": "ring twice",
    "payment_method": "ideal",
    "shipping_address": {"city": "Utrecht", "postcode": "3511 AA"},
}


def _apply(draft: MappingDocument, **kwargs: Any) -> dict[str, Any]:
    mapping = compile.compile_mapping(overlay.effective(BASE, draft), model=canonical.Order)
    return apply.apply(mapping, ORDER, **kwargs)


class TestOverlay:
    def test_changes_exactly_the_fields_it_names(self) -> None:
        plain = _apply(MappingDocument(fields={"note": "'x'"}))
        changed = _apply(
            MappingDocument(
                fields={"note": "$uppercase(note)", "extra.channel_name": "'webshop'"},
                constants={"shipping_method": "PostNL"},
                drop=["shipping_address"],
            )
        )
        assert changed["note"] == "RING TWICE"
        assert changed["extra"] == {"channel_name": "webshop"}
        assert changed["shipping_method"] == "PostNL"
        assert "shipping_address" not in changed
        named = ("note", "shipping_address", "extra", "shipping_method")
        untouched = {k: v for k, v in plain.items() if k not in named}
        assert {k: changed[k] for k in untouched} == untouched

    def test_a_constant_replaces_the_expression_of_its_field(self) -> None:
        found = overlay.effective(BASE, MappingDocument(constants={"note": "fixed"}))
        assert "note" not in found.fields
        assert _apply(MappingDocument(constants={"note": "fixed"}))["note"] == "fixed"

    def test_dropping_a_nested_field_keeps_its_siblings(self) -> None:
        output = _apply(MappingDocument(drop=["shipping_address.city"]))
        assert output["shipping_address"] == {"postcode": "3511 AA"}

    def test_without_an_overlay_the_default_applies(self) -> None:
        assert overlay.effective(BASE, None) is BASE

    def test_an_empty_document_is_refused(self) -> None:
        with pytest.raises(ValidationError, match="at least one"):
            MappingDocument()


class TestValueMapsInAMapping:
    def test_use_default_and_fail_behave_per_setting(self) -> None:
        draft = MappingDocument(constants={"currency": "EUR"})
        lenient = ValueMap("payment_methods", {"pin": "PIN"}, "OTHER")
        strict = ValueMap("payment_methods", {"pin": "PIN"}, None, OnUnmapped.FAIL)
        assert _apply(draft, value_maps={"payment_methods": lenient})["payment_method"] == "OTHER"
        with pytest.raises(MappingError) as caught:
            _apply(draft, value_maps={"payment_methods": strict})
        assert caught.value.field == "payment_method"
        assert "'ideal'" in caught.value.reason
        assert "'payment_methods'" in caught.value.reason

    def test_the_compiled_mapping_knows_which_maps_it_reads(self) -> None:
        mapping = compile.compile_mapping(BASE, model=canonical.Order)
        assert mapping.value_maps == {"payment_methods"}
