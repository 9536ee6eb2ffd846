"""Reading JSON request bodies the way Shopify rejects malformed ones."""

import json
from typing import Any

from fastapi import Request

from syncyard_sim_shopify.errors import ShopifyError, missing_root
from syncyard_sim_shopify.store import Json


def loads(raw: bytes) -> Any:
    """JSON as the vendor reads it: UTF-8 text, where a lone surrogate escape (``\\ud800``)
    stands for no character at all, so the body is invalid (a ValueError, like bad syntax)."""
    value = json.loads(raw.decode("utf-8"))  # UnicodeDecodeError is a ValueError
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError: a lone surrogate
    return value


async def read_json(request: Request) -> Json:
    """The body as a JSON object; 400 when it is not valid JSON or not an object."""
    try:
        body: Any = loads(await request.body())
    except ValueError:
        raise ShopifyError(400, {"error": "822: unexpected token"}) from None
    if not isinstance(body, dict):
        raise ShopifyError(400, {"error": "body must be a JSON object"})
    return body


async def read_root(request: Request, root: str) -> Json:
    """`body[root]` (e.g. the `order` in `{"order": {...}}`); 400 when missing."""
    body = await read_json(request)
    inner = body.get(root)
    if not isinstance(inner, dict):
        raise missing_root(root)
    return inner
