"""Reading JSON request bodies and common query parameters the way the API checks them."""

import json
from datetime import datetime
from typing import Any

from fastapi import Request

from syncyard_sim_mijnwebwinkel.clock import parse_filter
from syncyard_sim_mijnwebwinkel.errors import bad_request, invalid
from syncyard_sim_mijnwebwinkel.store import Store

MAX_LIMIT = 100
DEFAULT_LIMIT = 10


def loads(raw: bytes) -> Any:
    """JSON as the vendor reads it: UTF-8 text, where a lone surrogate escape (``\\ud800``)
    stands for no character at all, so the body is invalid (a ValueError, like bad syntax)."""
    value = json.loads(raw.decode("utf-8"))  # UnicodeDecodeError is a ValueError
    json.dumps(value, ensure_ascii=False).encode("utf-8")  # UnicodeEncodeError: a lone surrogate
    return value


async def read_object(request: Request) -> dict[str, Any]:
    """The body as a JSON object; 400 when it is not JSON, 422 when it is not an object."""
    try:
        body = loads(await request.body() or b"null")
    except ValueError:
        raise bad_request("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise invalid("The request body must be a JSON object.")
    return body


async def read_any(request: Request) -> Any:
    """The body as any JSON value (lists of ids or names for some endpoints)."""
    try:
        return loads(await request.body() or b"null")
    except ValueError:
        raise bad_request("The request body is not valid JSON.") from None


def page_window(request: Request) -> tuple[int, int]:
    """`limit` (default 10, at most 100) and `offset` (default 0) from the query."""
    limit = _integer(request, "limit", DEFAULT_LIMIT)
    offset = _integer(request, "offset", 0)
    if limit < 1 or limit > MAX_LIMIT:
        raise bad_request(f"limit: This value should be between 1 and {MAX_LIMIT}.")
    if offset < 0:
        raise bad_request("offset: This value should be 0 or more.")
    return limit, offset


def _integer(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise bad_request(f"{name}: This value should be of type int.") from None


def date_filter(store: Store, request: Request, name: str) -> datetime | None:
    """A `yyyy-mm-dd hh:mm:ss` (or `yyyy-mm-dd`) filter in store time; 400 when malformed."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    moment = parse_filter(raw, store.time_zone)
    if moment is None:
        raise bad_request(f"{name}: Invalid datetime, expected format yyyy-mm-dd hh:mm:ss.")
    return moment


def in_window(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    """Both bounds are inclusive, as the API applies them."""
    return (start is None or moment >= start) and (end is None or moment <= end)


def flag(request: Request, name: str) -> bool | None:
    """A boolean query parameter (`true`/`false`/`1`/`0`), None when absent."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise bad_request(f"{name}: This value should be of type bool.")
