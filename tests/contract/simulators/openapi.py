"""Checks simulator answers against a vendor's OpenAPI file (drift = failure)."""

import functools
import json
from typing import Any

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests import vendor_specs

_ROOT = "urn:syncyard:spec"


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


@functools.cache
def load(relative: str) -> "OpenApiSpec":
    """The spec ``<vendor>/<file>``; absent: skipped on a developer's machine, failed in CI."""
    path = vendor_specs.spec_path(relative)
    text = path.read_text(encoding="utf-8")
    document = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return OpenApiSpec(document)


class OpenApiSpec:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource(contents=document, specification=DRAFT4)
        self.registry: Registry[Any] = Registry().with_resource(_ROOT, resource)

    def _response(self, method: str, path: str, status: int) -> tuple[dict[str, Any], str]:
        operation = self.document["paths"][path][method.lower()]
        responses = operation["responses"]
        key = str(status) if str(status) in responses else "default"
        response = responses[key]
        pointer = _pointer("paths", path, method.lower(), "responses", key)
        if "$ref" in response:  # a shared response under components/responses
            pointer = response["$ref"].removeprefix("#/")
            response = self.document
            for part in pointer.split("/"):
                response = response[part.replace("~1", "/").replace("~0", "~")]
        return response, pointer

    def schema_pointer(self, method: str, path: str, status: int) -> str:
        """JSON pointer of the response body schema for ``method path`` answering ``status``."""
        response, pointer = self._response(method, path, status)
        content = response.get("content", {})
        media = next((m for m in content if "json" in m), None)
        if media is None:
            raise AssertionError(f"{method} {path} {status}: the spec documents no JSON body")
        return f"{pointer}/{_pointer('content', media, 'schema')}"

    def errors(self, method: str, path: str, status: int, body: Any) -> list[str]:
        """Every way ``body`` breaks the documented response schema ([] when it conforms)."""
        schema = {"$ref": f"{_ROOT}#/{self.schema_pointer(method, path, status)}"}
        validator = OAS30Validator(schema, registry=self.registry)
        return [
            f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
            for error in validator.iter_errors(body)
        ]

    def assert_valid(self, method: str, path: str, status: int, body: Any) -> None:
        problems = self.errors(method, path, status, body)
        assert not problems, f"{method} {path} {status} drifts from the spec:\n" + "\n".join(
            problems[:20]
        )
