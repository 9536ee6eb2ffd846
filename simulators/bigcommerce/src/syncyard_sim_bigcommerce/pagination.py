"""Page/limit pagination: v3 `{data, meta.pagination}` envelopes; v2 bare arrays, 204 if empty."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from syncyard_sim_bigcommerce.errors import ApiError
from syncyard_sim_bigcommerce.store import Json

DEFAULT_LIMIT = 50
MAX_LIMIT = 250


@dataclass(frozen=True)
class Page:
    """The requested page (1-based) and page size."""

    number: int
    limit: int

    def slice(self, items: list[Any]) -> list[Any]:
        """The items on this page."""
        start = (self.number - 1) * self.limit
        return items[start : start + self.limit]


def parse_page(request: Request) -> Page:
    """`page` ≥ 1 and `limit` ≥ 1; a limit above 250 is cut to 250 [mem]."""
    params = request.query_params
    try:
        number = int(params.get("page", "1"))
        limit = int(params.get("limit", str(DEFAULT_LIMIT)))
    except ValueError:
        raise ApiError(400, "The page and limit parameters must be whole numbers.") from None
    if number < 1 or limit < 1:
        raise ApiError(400, "The page and limit parameters must be at least 1.")
    return Page(number=number, limit=min(limit, MAX_LIMIT))


def _link(request: Request, page: int, limit: int) -> str:
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in {"page", "limit"}]
    return "?" + urlencode([*kept, ("page", page), ("limit", limit)])


def envelope(
    request: Request, items: list[Json], shape: Callable[[Json], Json] | None = None
) -> Json:
    """`{"data": [...], "meta": {"pagination": {...}}}` for the requested page of `items`."""
    page = parse_page(request)
    chunk = page.slice(items)
    total_pages = max(1, -(-len(items) // page.limit))
    links: dict[str, str] = {"current": _link(request, page.number, page.limit)}
    if page.number > 1:
        links["previous"] = _link(request, page.number - 1, page.limit)
    if page.number < total_pages:
        links["next"] = _link(request, page.number + 1, page.limit)
    pagination = {
        "total": len(items),
        "count": len(chunk),
        "per_page": page.limit,
        "current_page": page.number,
        "total_pages": total_pages,
        "links": links,
    }
    return {"data": [shape(i) if shape else i for i in chunk], "meta": {"pagination": pagination}}


def v2_list(request: Request, items: list[Json], shape: Callable[[Json], Json]) -> Response:
    """A bare JSON array of the requested page; 204 No Content when it is empty."""
    chunk = parse_page(request).slice(items)
    if not chunk:
        return Response(status_code=204)
    return JSONResponse([shape(i) for i in chunk])
