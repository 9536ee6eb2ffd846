"""Reading JSON request bodies and the private-key convention of stored records."""

import json
from typing import Any

from fastapi import Request

from syncyard_sim_ecwid.errors import EcwidError
from syncyard_sim_ecwid.store import Json


def loads(raw: bytes) -> Any:
    """JSON as the vendor reads it: UTF-8 text, where a lone surrogate escape (``\\ud800``)
    stands for no character at all, so the body is invalid (a ValueError, like bad syntax)."""
    value = json.loads(raw.decode("utf-8"))  # UnicodeDecodeError is a ValueError
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError: a lone surrogate
    return value


async def read_json(request: Request) -> Json:
    """The body as a JSON object; 400 when it is not valid JSON, 415 when not JSON at all."""
    content_type = request.headers.get("content-type", "application/json")
    if "json" not in content_type:
        raise EcwidError(415, "Unsupported content-type: expected application/json or text/json")
    try:
        body: Any = loads(await request.body())
    except ValueError:
        raise EcwidError(400, "Request body is not valid JSON", "WRONG_PARAMETER") from None
    if not isinstance(body, dict):
        raise EcwidError(400, "Request body must be a JSON object", "WRONG_PARAMETER")
    return body


def public(record: Json) -> Json:
    """The record without the simulator's private bookkeeping keys (they start with `_`)."""
    return {k: v for k, v in record.items() if not k.startswith("_")}
