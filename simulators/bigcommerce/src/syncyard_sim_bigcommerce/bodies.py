"""Reading JSON request bodies the way BigCommerce rejects malformed ones."""

import json
from typing import Any

from fastapi import Request

from syncyard_sim_bigcommerce.errors import ApiError
from syncyard_sim_bigcommerce.store import Json


def loads(raw: bytes) -> Any:
    """JSON as the vendor reads it: UTF-8 text, where a lone surrogate escape (``\\ud800``)
    stands for no character at all, so the body is invalid (a ValueError, like bad syntax)."""
    value = json.loads(raw.decode("utf-8"))  # UnicodeDecodeError is a ValueError
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError: a lone surrogate
    return value


async def read_any(request: Request) -> Any:
    """The parsed body; 400 when it is not JSON."""
    try:
        return loads(await request.body())
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON.") from None


async def read_object(request: Request) -> Json:
    """The body as a JSON object; 422 when it is something else."""
    body = await read_any(request)
    if not isinstance(body, dict):
        raise ApiError(422, "JSON data is missing or invalid", {"body": "must be an object"})
    return body


async def read_array(request: Request, *, at_most: int | None = None) -> list[Json]:
    """The body as an array of objects (batch endpoints); 413 above `at_most` items."""
    body = await read_any(request)
    if not isinstance(body, list) or not all(isinstance(i, dict) for i in body):
        raise ApiError(422, "JSON data is missing or invalid", {"body": "must be an array"})
    if at_most is not None and len(body) > at_most:
        raise ApiError(413, f"The request may hold at most {at_most} items.")
    return body


def ids_param(value: str | None, name: str) -> set[int] | None:
    """`1,2,3` as a set of ints (None when absent); 400 when one is not a number."""
    if value is None:
        return None
    try:
        return {int(part) for part in value.split(",") if part.strip()}
    except ValueError:
        raise ApiError(400, f"The {name} parameter must list whole numbers.") from None


def words_param(value: str | None) -> list[str] | None:
    """`a,b` as a list of stripped words (None when absent)."""
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]
