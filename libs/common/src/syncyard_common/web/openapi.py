"""Complete OpenAPI documents: every operation declares the errors it can answer.

FastAPI only declares what a route's signature shows (its success and a 422 as plain JSON);
every error of ours is ``application/problem+json`` (see ``problems``). ``complete`` derives
the error answers for every route of an app, including routes added later, so no service
has to list them by hand.
"""

from typing import Any

from fastapi import FastAPI

from syncyard_common.web import openapi_input
from syncyard_common.web.problems import PROBLEM_JSON

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "An error (RFC 9457): a stable code, the reason and the field it is about.",
    "required": ["type", "title", "status", "code", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string", "description": "Stable machine code, e.g. not_found."},
        "detail": {"type": "string", "description": "What went wrong, for a merchant."},
        "field": {"type": "string", "description": "The field the error is about."},
    },
    "additionalProperties": True,
}
DESCRIPTIONS = {
    "400": "Malformed request (not JSON, or text that cannot be stored).",
    "401": "Missing, expired or invalid credentials.",
    "403": "The role may not do this.",
    "404": "Not found (or another tenant's).",
    "409": "Conflicts with the current state.",
    "412": "If-Match names another version than the current one (etag_mismatch).",
    "413": "Request body too large.",
    "422": "A field is invalid: the problem names it and the reason.",
    "503": "A dependency (database, broker) is unavailable; retry after Retry-After.",
}
_WRITES = frozenset({"post", "put", "patch", "delete"})
_METHODS = frozenset({"get", "head", "options", *_WRITES})


def error_statuses(method: str, operation: dict[str, Any]) -> list[str]:
    """The error answers an operation can give, from its method, parameters and body."""
    statuses = ["400", "404", "503"]
    if operation.get("security"):
        statuses += ["401", "403"]
    if method in _WRITES:
        statuses.append("409")
    if "requestBody" in operation:
        statuses.append("413")
    if any(p.get("name", "").lower() == "if-match" for p in operation.get("parameters", [])):
        statuses.append("412")  # etag_mismatch (web/etag.py)
    if "requestBody" in operation or operation.get("parameters"):
        statuses.append("422")
    return sorted(statuses)


def _problem_response(status: str, existing: dict[str, Any] | None) -> dict[str, Any]:
    description = (existing or {}).get("description") or DESCRIPTIONS.get(status, "Error.")
    if description == "Validation Error":
        description = DESCRIPTIONS["422"]
    return {"description": description, "content": {PROBLEM_JSON: {"schema": PROBLEM_REF}}}


def complete_document(document: dict[str, Any]) -> dict[str, Any]:
    """Add the Problem schema and every operation's error answers (as problem+json), and what
    every service refuses or honours before any route (``openapi_input``)."""
    openapi_input.declare(document)
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for item in document.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            wanted = set(error_statuses(method, operation))
            wanted |= {code for code in responses if code[:1] in ("4", "5")}
            for status in sorted(wanted):
                responses[status] = _problem_response(status, responses.get(status))
    for unused in ("HTTPValidationError", "ValidationError"):
        if unused in schemas and unused not in str(document.get("paths")):
            del schemas[unused]
    return document


def complete(app: FastAPI) -> None:
    """Make ``app.openapi()`` return the completed document (built once, on first use)."""

    generate = app.openapi  # FastAPI's own: builds and caches app.openapi_schema

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = complete_document(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
