"""What every service refuses before any route, said in its OpenAPI document.

``text_check`` refuses (422 ``text_not_storable``) a body value or key, a query value or a path
holding a NUL, another C0 control but tab, LF and CR, a lone surrogate, U+FFFE or U+FFFF;
``idempotency`` honours an ``Idempotency-Key`` on every authenticated POST. Without these
lines the documents promise more than the services take, and a client generated from them
(or schemathesis) sends text that is refused although the schema allowed it.
"""

from typing import Any

# The characters ``text.is_storable`` refuses, as a JSON Schema (ECMA-262) pattern. A lone
# surrogate is not in it: it is no Unicode scalar value, so no conforming JSON string (nor
# any UTF-8 client, nor Rust's or schemathesis' validator of the pattern) can hold one.
STORABLE_PATTERN = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]*$"
IDEMPOTENCY_KEY: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique text (a UUID will do). The same key and body within 24 hours "
    "replay the first answer (Idempotent-Replayed: true) and create nothing more; the same key "
    "with another body is 422 idempotency_key_reused; while the first request still runs, 409 "
    "idempotency_request_in_progress.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
_CHECKED_LOCATIONS = ("query", "path")  # text_check reads these; headers it does not
# Free-form JSON (``Any``, ``dict[str, Any]``): text_check refuses unstorable text at any
# depth, so "any JSON" in a request is any JSON whose every text and key is storable.
STORABLE_JSON_NAME = "StorableJson"
_STORABLE_JSON_REF = {"$ref": f"#/components/schemas/{STORABLE_JSON_NAME}"}
STORABLE_JSON: dict[str, Any] = {
    "title": STORABLE_JSON_NAME,
    "description": "Any JSON whose every text and key is storable (no NUL, no other C0 "
    "control but tab, LF and CR, no U+FFFE or U+FFFF).",
    "anyOf": [
        {"type": ["null", "boolean", "number"]},
        {"type": "string", "pattern": STORABLE_PATTERN},
        {"type": "array", "items": _STORABLE_JSON_REF},
        {
            "type": "object",
            "propertyNames": {"pattern": STORABLE_PATTERN},
            "additionalProperties": _STORABLE_JSON_REF,
        },
    ],
}
_ANNOTATIONS = frozenset({"title", "description", "default", "examples"})


def declare(document: dict[str, Any]) -> None:
    """Constrain every request text to storable text and declare Idempotency-Key."""
    schemas = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") in _CHECKED_LOCATIONS and "schema" in parameter:
                    _storable(parameter["schema"], schemas, seen)
                if parameter.get("in") == "header" and "schema" in parameter:
                    parameter["schema"] = _not_null(parameter["schema"])
            for media in operation.get("requestBody", {}).get("content", {}).values():
                if "schema" in media:
                    _storable(media["schema"], schemas, seen)
            if method == "post" and operation.get("security"):
                _add_idempotency_key(operation)
    if STORABLE_JSON_NAME in seen:
        document.setdefault("components", {}).setdefault("schemas", {})[STORABLE_JSON_NAME] = (
            STORABLE_JSON
        )


def _not_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional header (``str | None``) is text or absent: JSON null is no value a header
    can carry, so a client (or schemathesis) that sends one sends the text ``null``."""
    options = schema.get("anyOf")
    if not isinstance(options, list):
        return schema
    text = [option for option in options if option != {"type": "null"}]
    if len(text) != 1 or len(text) == len(options):
        return schema
    rest = {key: value for key, value in schema.items() if key != "anyOf"}
    return {**text[0], **rest}


def _add_idempotency_key(operation: dict[str, Any]) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("name", "").lower() == "idempotency-key" for p in parameters):
        parameters.append(dict(IDEMPOTENCY_KEY))


def _storable(schema: Any, schemas: dict[str, Any], seen: set[str]) -> None:
    """Walk a schema (through $refs, once each) and constrain every text and key in it."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[1]
        if name not in seen and name in schemas:
            seen.add(name)
            _storable(schemas[name], schemas, seen)
        return
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    if "string" in kinds and not _fixed_or_formatted(schema):
        if "pattern" in schema:  # both must hold; an existing one stays as written
            schema.setdefault("allOf", []).append({"pattern": STORABLE_PATTERN})
        else:
            schema["pattern"] = STORABLE_PATTERN
    if "object" in kinds or "properties" in schema or "additionalProperties" in schema:
        schema.setdefault("propertyNames", {"pattern": STORABLE_PATTERN})
    _any_json_storable(schema, seen)
    for key in ("properties", "patternProperties", "$defs"):
        for child in schema.get(key, {}).values():
            _storable(child, schemas, seen)
    for key in ("items", "additionalProperties", "not", "contains"):
        _storable(schema.get(key), schemas, seen)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for child in schema.get(key, []):
            _storable(child, schemas, seen)


def _is_any(schema: Any) -> bool:
    return schema is True or (isinstance(schema, dict) and set(schema) <= _ANNOTATIONS)


def _any_json_storable(schema: dict[str, Any], seen: set[str]) -> None:
    """Point every free-form child (a property, the items, the additional properties that may
    be any JSON) at ``StorableJson``, keeping its annotations."""
    children = [(schema, key) for key in ("items", "additionalProperties") if key in schema]
    children += [(schema["properties"], name) for name in schema.get("properties", {})]
    for parent, key in children:
        child = parent[key]
        if _is_any(child):
            parent[key] = {**(child if isinstance(child, dict) else {}), **_STORABLE_JSON_REF}
            seen.add(STORABLE_JSON_NAME)


# Formats the services validate (pydantic), which allow no such text anyway; "password"
# (a SecretStr) is only a hint and does not count.
_VALIDATED_FORMATS = frozenset(
    {"uuid", "date-time", "date", "time", "duration", "email", "uri", "ipv4", "ipv6"}
)


def _fixed_or_formatted(schema: dict[str, Any]) -> bool:
    return "enum" in schema or "const" in schema or schema.get("format") in _VALIDATED_FORMATS
