"""Request bodies: JSON parsing and the type checks Mailchimp applies to documented fields."""

import json
from typing import Any

from fastapi import Request

from syncyard_sim_mailchimp.problems import MailchimpError, blank, invalid

Json = dict[str, Any]
_TYPE_NAMES = {bool: "boolean", int: "integer", float: "number", str: "string", list: "array"}


def loads(raw: bytes) -> Any:
    """JSON as the vendor reads it: UTF-8 text, where a lone surrogate escape (``\\ud800``)
    stands for no character at all, so the body is invalid (a ValueError, like bad syntax)."""
    value = json.loads(raw.decode("utf-8"))  # UnicodeDecodeError is a ValueError
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError: a lone surrogate
    return value


async def read_json(request: Request) -> Json:
    """The body as a JSON object; 400 JSON Parse Error otherwise."""
    raw = await request.body()
    try:
        body = loads(raw or b"{}")
    except ValueError:
        raise MailchimpError(
            400, "JSON Parse Error", "We encountered an unspecified JSON parsing error."
        ) from None
    if not isinstance(body, dict):
        raise MailchimpError(400, "JSON Parse Error", "The request body must be a JSON object.")
    return body


def require(body: Json, *fields: str) -> None:
    """400 naming every field in `fields` that is missing, null or ""."""
    missing = [name for name in fields if body.get(name) in (None, "")]
    if missing:
        raise blank(missing)


def check_types(body: Json, types: dict[str, type]) -> None:
    """400 "Schema describes number, string found instead" for a mistyped known field."""
    for name, expected in types.items():
        if name not in body or body[name] is None:
            continue
        value = body[name]
        ok = isinstance(value, expected) and not (expected is not bool and isinstance(value, bool))
        if expected is float:
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        if not ok:
            raise invalid(
                name,
                f"Schema describes {_TYPE_NAMES.get(expected, expected.__name__)}, "
                f"{_json_type(value)} found instead",
            )


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def text(value: Any) -> str:
    """A string field as Mailchimp echoes it: "" when absent."""
    return "" if value is None else str(value)
