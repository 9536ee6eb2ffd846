"""Cursor pagination with an opaque `page_info` and the `Link` response header.

Lists come in id order unless the first request asks `order=<field> asc|desc` (`id`,
`created_at`, `updated_at`, `processed_at`); pages are keyset pages on (field, id), so a record
changed while a client pages through moves to its new place instead of shifting the pages."""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from syncyard_sim_shopify.errors import ShopifyError
from syncyard_sim_shopify.store import Json

MAX_LIMIT = 250
DEFAULT_LIMIT = 50
# With page_info, Shopify accepts only these; every other filter is baked into the cursor.
PAGE_INFO_COMPANIONS = {"page_info", "limit", "fields"}
ORDER_FIELDS = {"id", "created_at", "updated_at", "processed_at"}
# Sort key of one record: records without a value for the field come first.
SortKey = tuple[int, datetime | int, int]


@dataclass
class PageRequest:
    """Parsed paging part of a list request."""

    limit: int
    filters: dict[str, str]
    after_id: int | None = None
    before_id: int | None = None
    # The sort field's value of the record the page_info points at (None in id order).
    last_value: str | None = None


def parse_limit(request: Request) -> int:
    """`limit` in 1..250 (default 50); 400 otherwise."""
    raw = request.query_params.get("limit", str(DEFAULT_LIMIT))
    try:
        limit = int(raw)
    except ValueError:
        raise ShopifyError(400, {"limit": "Invalid value."}) from None
    if not 1 <= limit <= MAX_LIMIT:
        raise ShopifyError(400, {"limit": f"must be between 1 and {MAX_LIMIT}"})
    return limit


def _encode(cursor: dict[str, Any]) -> str:
    raw = json.dumps(cursor, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(token: str) -> dict[str, Any]:
    try:
        cursor = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError):
        raise ShopifyError(400, {"page_info": "Invalid value."}) from None
    if not isinstance(cursor, dict) or not isinstance(cursor.get("filters"), dict):
        raise ShopifyError(400, {"page_info": "Invalid value."})
    return cursor


def parse_page(request: Request) -> PageRequest:
    """Limit plus either the request's own filters or the ones stored in `page_info`."""
    limit = parse_limit(request)
    params = request.query_params
    token = params.get("page_info")
    if token is None:
        filters = {k: v for k, v in params.items() if k not in PAGE_INFO_COMPANIONS}
        return PageRequest(limit=limit, filters=filters)
    extra = sorted(set(params) - PAGE_INFO_COMPANIONS)
    if extra:
        raise ShopifyError(400, {"page_info": f"page_info cannot be combined with {extra[0]}"})
    cursor = _decode(token)
    direction, last = cursor.get("direction"), cursor.get("last_id")
    value = cursor.get("last_value")
    if direction not in {"next", "previous"} or not isinstance(last, int):
        raise ShopifyError(400, {"page_info": "Invalid value."})
    page = PageRequest(limit=limit, filters=cursor["filters"], last_value=value)
    if direction == "next":
        page.after_id = last
    else:
        page.before_id = last
    return page


def _order(filters: dict[str, str]) -> tuple[str, bool]:
    """(field, descending) from `order=updated_at asc`; 400 for anything else."""
    parts = filters.get("order", "id asc").replace("+", " ").split()
    field, direction = [*parts, "asc"][:2] if len(parts) in (1, 2) else ["", ""]
    if field not in ORDER_FIELDS or direction.lower() not in {"asc", "desc"}:
        raise ShopifyError(400, {"order": "Invalid value."})
    return field, direction.lower() == "desc"


def _sort_key(field: str, value: object, item_id: int) -> SortKey:
    if field == "id":
        return 1, item_id, item_id
    if not value:
        return 0, 0, item_id
    return 1, datetime.fromisoformat(str(value)), item_id


def paginate(request: Request, page: PageRequest, items: list[Json]) -> tuple[list[Json], str]:
    """Slice ordered `items`; return the page and the `Link` header value ("" if none)."""
    field, descending = _order(page.filters)

    def key(item: Json) -> SortKey:
        return _sort_key(field, item.get(field), item["id"])

    def beyond(item: Json, bound: SortKey) -> bool:
        return key(item) < bound if descending else key(item) > bound

    items = sorted(items, key=key, reverse=descending)
    if page.after_id is not None:
        bound = _sort_key(field, page.last_value, page.after_id)
        items = [i for i in items if beyond(i, bound)]
        chunk, has_before = items[: page.limit], True
        has_after = len(items) > page.limit
    elif page.before_id is not None:
        bound = _sort_key(field, page.last_value, page.before_id)
        items = [i for i in items if key(i) != bound and not beyond(i, bound)]
        chunk, has_after = items[-page.limit :], True
        has_before = len(items) > page.limit
    else:
        chunk, has_before, has_after = items[: page.limit], False, len(items) > page.limit
    links = []
    base = str(request.url.replace(query=""))
    if has_before and chunk:
        links.append(_link(base, page, "previous", chunk[0], field))
    if has_after and chunk:
        links.append(_link(base, page, "next", chunk[-1], field))
    return chunk, ", ".join(links)


def _link(base: str, page: PageRequest, rel: str, last: Json, field: str) -> str:
    cursor = {"direction": rel, "last_id": last["id"], "filters": page.filters}
    if field != "id":
        cursor["last_value"] = last.get(field)
    token = _encode(cursor)
    query = urlencode({"limit": page.limit, "page_info": token})
    return f'<{base}?{query}>; rel="{rel}"'


def project(item: Json, request: Request) -> Json:
    """Apply the `fields=a,b` query parameter (unknown names are ignored, like Shopify)."""
    wanted = request.query_params.get("fields")
    if not wanted:
        return item
    names = {name.strip() for name in wanted.split(",")}
    return {k: v for k, v in item.items() if k in names}
