"""Cursor pagination with an opaque `page_info` and the `Link` response header."""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from syncyard_sim_shopify.errors import ShopifyError
from syncyard_sim_shopify.store import Json

MAX_LIMIT = 250
DEFAULT_LIMIT = 50
# With page_info, Shopify accepts only these; every other filter is baked into the cursor.
PAGE_INFO_COMPANIONS = {"page_info", "limit", "fields"}


@dataclass
class PageRequest:
    """Parsed paging part of a list request."""

    limit: int
    filters: dict[str, str]
    after_id: int | None = None
    before_id: int | None = None


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
    if direction not in {"next", "previous"} or not isinstance(last, int):
        raise ShopifyError(400, {"page_info": "Invalid value."})
    if direction == "next":
        return PageRequest(limit=limit, filters=cursor["filters"], after_id=last)
    return PageRequest(limit=limit, filters=cursor["filters"], before_id=last)


def paginate(request: Request, page: PageRequest, items: list[Json]) -> tuple[list[Json], str]:
    """Slice id-ordered `items`; return the page and the `Link` header value ("" if none)."""
    items = sorted(items, key=lambda item: item["id"])
    if page.after_id is not None:
        items = [i for i in items if i["id"] > page.after_id]
        chunk, has_before = items[: page.limit], True
        has_after = len(items) > page.limit
    elif page.before_id is not None:
        items = [i for i in items if i["id"] < page.before_id]
        chunk, has_after = items[-page.limit :], True
        has_before = len(items) > page.limit
    else:
        chunk, has_before, has_after = items[: page.limit], False, len(items) > page.limit
    links = []
    base = str(request.url.replace(query=""))
    if has_before and chunk:
        links.append(_link(base, page, "previous", chunk[0]["id"]))
    if has_after and chunk:
        links.append(_link(base, page, "next", chunk[-1]["id"]))
    return chunk, ", ".join(links)


def _link(base: str, page: PageRequest, rel: str, last_id: int) -> str:
    token = _encode({"direction": rel, "last_id": last_id, "filters": page.filters})
    query = urlencode({"limit": page.limit, "page_info": token})
    return f'<{base}?{query}>; rel="{rel}"'


def project(item: Json, request: Request) -> Json:
    """Apply the `fields=a,b` query parameter (unknown names are ignored, like Shopify)."""
    wanted = request.query_params.get("fields")
    if not wanted:
        return item
    names = {name.strip() for name in wanted.split(",")}
    return {k: v for k, v in item.items() if k in names}
