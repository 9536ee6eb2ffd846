"""A target path's syntax as the OpenAPI document states it (``paths.PATTERN``) is the one the
engine parses: a key the document allows is parsed, one it refuses is refused on save too."""

import re

import pytest
from pydantic import ValidationError

from syncyard_mapper.engine import paths
from syncyard_mapper.engine.document import MappingDocument
from syncyard_mapper.engine.errors import FieldError
from tests.unit.common.test_text_check import SERVICES

STATED = re.compile(paths.PATTERN)


@pytest.mark.parametrize(
    "path", ["note", "customer.email", "line_items[]", "billing_address.first_name", "_x.y1"]
)
def test_a_path_the_document_allows_is_parsed(path: str) -> None:
    assert STATED.fullmatch(path)
    assert [s.name for s in paths.parse(path)] == path.removesuffix("[]").split(".")


@pytest.mark.parametrize(
    "path", ["", "1x", "a..b", "a.", "lines[].sku", "a[]b", "a-b", "note\n", "é"]
)
def test_a_path_the_document_refuses_is_refused(path: str) -> None:
    assert not STATED.fullmatch(path)
    with pytest.raises(FieldError):
        paths.parse(path)


def test_the_document_states_the_syntax_of_every_path() -> None:
    properties = MappingDocument.model_json_schema()["properties"]
    for keyed in ("fields", "constants"):
        assert properties[keyed]["propertyNames"] == {"pattern": paths.PATTERN}
    assert properties["drop"]["items"] == {"type": "string", "pattern": paths.PATTERN}


def test_the_save_is_marked_as_checked_beyond_its_schema() -> None:
    """A draft valid by the schema may still be refused on save (fields of the flow's model,
    JSONata, stored tests): the document says so, and schemathesis' positive-data check takes
    that 422 there (tests/openapi/schemathesis.toml)."""
    app = SERVICES["mapper"][0]()
    marked = [
        (method, path)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
        if operation.get("x-checked-beyond-schema") is True
    ]
    assert marked == [("put", "/v1/integrations/{integration_id}/mappings/{flow}")]


@pytest.mark.parametrize(
    "draft", [{"drop": [""]}, {"fields": {"a..b": "1"}}, {"constants": {"1x": 1}}]
)
def test_a_draft_that_breaks_the_stated_syntax_is_refused_wherever_it_is_sent(
    draft: dict[str, object],
) -> None:
    """A preview too (it answered 200 with per-record errors: schemathesis ST201)."""
    with pytest.raises(ValidationError):
        MappingDocument.model_validate(draft)
