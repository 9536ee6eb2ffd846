"""Offset/limit paging with Ecwid's envelope, and the query filters shared by every list."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from fastapi import Request

from syncyard_sim_ecwid.bodies import public
from syncyard_sim_ecwid.dates import parse_filter
from syncyard_sim_ecwid.errors import wrong_parameter
from syncyard_sim_ecwid.store import Json, Store

MAX_LIMIT = 100


def int_param(request: Request, name: str, default: int | None = None) -> int | None:
    """A non-negative integer query parameter; 400 WRONG_PARAMETER otherwise."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise wrong_parameter(name, raw) from None
    if value < 0:
        raise wrong_parameter(name, raw, "must not be negative")
    return value


def bool_param(request: Request, name: str) -> bool | None:
    """`true`/`false` (any case); 400 WRONG_PARAMETER for other values."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in ("true", "false"):
        raise wrong_parameter(name, raw)
    return raw.lower() == "true"


def date_param(request: Request, name: str) -> int | None:
    """A date filter in any documented format, as UNIX seconds."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    parsed = parse_filter(raw)
    if parsed is None:
        raise wrong_parameter(name, raw, "expected UNIX timestamp or yyyy-MM-dd HH:mm:ss Z")
    return parsed


def decimal_param(request: Request, name: str) -> Decimal | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise wrong_parameter(name, raw) from None


def id_list(request: Request, name: str) -> set[int] | None:
    """A comma-separated id list (`productId=1,2,3`)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        return {int(part) for part in raw.split(",") if part.strip()}
    except ValueError:
        raise wrong_parameter(name, raw) from None


def updated_between(request: Request) -> Callable[[Json], bool]:
    """Filter on `updatedFrom`/`updatedTo` (inclusive bounds, as Ecwid documents them)."""
    low, high = date_param(request, "updatedFrom"), date_param(request, "updatedTo")
    return lambda record: (
        (low is None or record["_updated"] >= low) and (high is None or record["_updated"] <= high)
    )


def envelope(request: Request, items: list[Json], *, default_limit: int) -> Json:
    """`{total, count, offset, limit, items}` of the requested slice; limit 1..100."""
    offset = int_param(request, "offset", 0) or 0
    limit = int_param(request, "limit", default_limit)
    assert limit is not None
    if limit > MAX_LIMIT:
        raise wrong_parameter("limit", limit, f"maximum allowed value is {MAX_LIMIT}")
    chunk = items[offset : offset + limit]
    return {
        "total": len(items),
        "count": len(chunk),
        "offset": offset,
        "limit": limit,
        "items": [public(item) for item in chunk],
    }


def deleted_page(store: Store, request: Request, kind: str) -> Json:
    """`GET /<kind>/deleted`: `[{id, date, type}]` filtered by `from_date`/`to_date`."""
    low, high = date_param(request, "from_date"), date_param(request, "to_date")
    items = [
        entry
        for entry in store.deleted.get(kind, [])
        if (low is None or entry["_at"] >= low) and (high is None or entry["_at"] <= high)
    ]
    return envelope(request, items, default_limit=100)
