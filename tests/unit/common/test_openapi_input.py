"""Every service's OpenAPI document says what every service refuses or honours before any
route: text that cannot be stored (a pattern on every request text) and ``Idempotency-Key``
on every authenticated POST (issue 12, points 7 and 9)."""

import json
import re
from typing import Any

import jsonschema
import pytest
from fastapi import FastAPI

from syncyard_common.web import text
from syncyard_common.web.openapi_input import (
    IDEMPOTENCY_KEY,
    STORABLE_JSON,
    STORABLE_PATTERN,
    declare,
)
from tests.unit.common.test_text_check import SERVICES

# The JSON Schema pattern as Python reads it (the \\uXXXX escapes are the same in both).
STORABLE = re.compile(STORABLE_PATTERN)


# Not a lone surrogate (0xD800-0xDFFF): no JSON text a client can send holds one.
@pytest.mark.parametrize("code_point", [*range(0x00, 0x21), 0x7F, 0xFFFE, 0xFFFF, 0xE9, 0x1F600])
def test_the_pattern_takes_exactly_the_text_the_services_store(code_point: int) -> None:
    value = f"a{chr(code_point)}b"
    assert (STORABLE.fullmatch(value) is not None) == text.is_storable(value), hex(code_point)


def test_texts_keys_and_query_values_get_the_pattern_but_enums_formats_and_headers_not() -> None:
    body: dict[str, Any] = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "kind": {"type": "string", "enum": ["a"]},
            "id": {"type": "string", "format": "uuid"},
            "secret": {"type": "string", "format": "password"},
            "code": {"type": "string", "pattern": "^[A-Z]{2}$"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    operation: dict[str, Any] = {
        "security": [{"HTTPBearer": []}],
        "parameters": [
            {"name": "q", "in": "query", "schema": {"type": "string"}},
            {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
        ],
        "requestBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}
        },
    }
    document = {"paths": {"/x": {"post": operation}}, "components": {"schemas": {"In": body}}}
    declare(document)
    fields = body["properties"]
    assert fields["name"]["pattern"] == STORABLE_PATTERN
    assert fields["secret"]["pattern"] == STORABLE_PATTERN  # a hint, not a checked format
    assert fields["tags"]["items"]["pattern"] == STORABLE_PATTERN
    assert "pattern" not in fields["kind"]
    assert "pattern" not in fields["id"]
    assert fields["code"]["pattern"] == "^[A-Z]{2}$"
    assert fields["code"]["allOf"] == [{"pattern": STORABLE_PATTERN}]
    assert body["propertyNames"] == {"pattern": STORABLE_PATTERN}
    query, header, key = operation["parameters"]
    assert query["schema"]["pattern"] == STORABLE_PATTERN
    assert "pattern" not in header["schema"]
    assert key == IDEMPOTENCY_KEY


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_every_authenticated_post_of_every_service_declares_idempotency_key(
    service: str,
) -> None:
    app: FastAPI = SERVICES[service][0]()
    document = app.openapi()
    posts = [
        (path, item["post"])
        for path, item in document["paths"].items()
        if "post" in item and item["post"].get("security")
    ]
    missing = [
        path
        for path, operation in posts
        if not any(p["name"] == "Idempotency-Key" for p in operation.get("parameters", []))
    ]
    assert missing == []


def test_an_optional_header_is_text_not_null() -> None:
    """``str | None`` is "absent or text" for a header; declared nullable, schemathesis sent
    the text ``null`` as a schema-valid If-Match, and its refusal was reported (ST202)."""
    tag = {"type": "string", "pattern": '^"[^"]*"$'}
    null = {"type": "null"}
    operation: dict[str, Any] = {
        "parameters": [
            {
                "name": "If-Match",
                "in": "header",
                "schema": {"anyOf": [tag, null], "title": "If-Match"},
            },
            {"name": "q", "in": "query", "schema": {"anyOf": [{"type": "integer"}, null]}},
        ]
    }
    declare({"paths": {"/x": {"put": operation}}})
    header, query = operation["parameters"]
    assert header["schema"] == {**tag, "title": "If-Match"}
    assert query["schema"] == {"anyOf": [{"type": "integer"}, null]}  # a query may omit it


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_no_header_of_any_service_is_declared_nullable(service: str) -> None:
    app: FastAPI = SERVICES[service][0]()
    headers = [
        (path, parameter["name"], parameter["schema"])
        for path, item in app.openapi()["paths"].items()
        for operation in item.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "header"
    ]
    assert [found for found in headers if "null" in str(found[2])] == []


def test_free_form_json_in_a_request_is_storable_json_at_every_depth() -> None:
    """text_check refuses unstorable text at any depth; "any JSON" said nothing of it, and
    schemathesis' fuzzing sent a control character in a key three objects deep (ST202)."""
    body: dict[str, Any] = {
        "type": "object",
        "properties": {
            "records": {"type": "array", "items": {"type": "object", "additionalProperties": True}},
            "extra": {"title": "Extra"},
            "fixed": {"type": "integer"},
        },
    }
    media = {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}
    operation: dict[str, Any] = {"requestBody": {"content": media}}
    document = {"paths": {"/x": {"post": operation}}, "components": {"schemas": {"In": body}}}
    declare(document)
    ref = {"$ref": "#/components/schemas/StorableJson"}
    records = body["properties"]["records"]["items"]
    assert records["additionalProperties"] == ref
    assert body["properties"]["extra"] == {"title": "Extra", **ref}
    assert body["properties"]["fixed"] == {"type": "integer"}
    storable_json = document["components"]["schemas"]["StorableJson"]
    assert storable_json == STORABLE_JSON
    # The component's own $refs point into components; read them from $defs here.
    text = json.dumps(storable_json).replace("#/components/schemas/", "#/$defs/")
    validator = jsonschema.Draft202012Validator(
        {"$ref": "#/$defs/StorableJson", "$defs": {"StorableJson": json.loads(text)}}
    )
    assert validator.is_valid({"a": [{"b": {"c": ["ok", 1, None, True]}}]})
    assert not validator.is_valid({"a": [{"b": {"c\u0002": 1}}]})
    assert not validator.is_valid({"a": [{"b": ["\u0000"]}]})
