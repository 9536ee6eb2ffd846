"""`count`/`offset` windows, `fields`/`exclude_fields` projection and `_links` on answers."""

from typing import Any

from fastapi import Request

from syncyard_sim_mailchimp.problems import invalid

Json = dict[str, Any]
DEFAULT_COUNT = 10
MAX_COUNT = 1000


def _int_param(request: Request, name: str, default: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise invalid(name, f"Schema describes integer, string found instead: {raw}") from None
    if value < 0:
        raise invalid(name, "This value should be greater than or equal to 0.")
    return value


def window(request: Request) -> tuple[int, int]:
    """(count, offset): count defaults to 10 and may not exceed 1000."""
    count = _int_param(request, "count", DEFAULT_COUNT)
    if count > MAX_COUNT:
        raise invalid("count", f"This value should be less than or equal to {MAX_COUNT}.")
    return count, _int_param(request, "offset", 0)


def page(request: Request, items: list[Json]) -> list[Json]:
    """The slice of `items` the request's count/offset select."""
    count, offset = window(request)
    return items[offset : offset + count]


def _tree(paths: str) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for path in paths.split(","):
        node = tree
        for part in (p for p in path.strip().split(".") if p):
            node = node.setdefault(part, {})
    return tree


def _keep(value: Any, tree: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [_keep(item, tree) for item in value]
    if not isinstance(value, dict):
        return value
    return {k: (_keep(v, tree[k]) if tree[k] else v) for k, v in value.items() if k in tree}


def _drop(value: Any, tree: dict[str, Any]) -> Any:
    if isinstance(value, list):
        return [_drop(item, tree) for item in value]
    if not isinstance(value, dict):
        return value
    kept = {}
    for key, item in value.items():
        if key in tree and not tree[key]:
            continue
        kept[key] = _drop(item, tree[key]) if key in tree else item
    return kept


def trim(body: Json, *, fields: str | None, exclude_fields: str | None) -> Json:
    """Keep only `fields` (comma-separated dot paths), then drop `exclude_fields`."""
    if fields:
        body = _keep(body, _tree(fields))
    if exclude_fields:
        body = _drop(body, _tree(exclude_fields))
    return body


def project(request: Request, body: Json) -> Json:
    """Apply the request's `fields` / `exclude_fields` query parameters."""
    params = request.query_params
    return trim(body, fields=params.get("fields"), exclude_fields=params.get("exclude_fields"))


def links(request: Request, path: str, *, parent: str | None = None) -> list[Json]:
    """`_links` as Mailchimp sends them: self (and parent) with absolute hrefs."""
    root = f"https://{request.app.state.simulator.store.settings.dc}.api.mailchimp.com/3.0"
    found = [{"rel": "self", "href": f"{root}{path}", "method": "GET", "targetSchema": ""}]
    if parent is not None:
        found.append({"rel": "parent", "href": f"{root}{parent}", "method": "GET"})
    return found


def answer_list(request: Request, path: str, key: str, items: list[Json], **extra: Any) -> Json:
    """A list answer: the page under `key`, total_items, extra fields, _links; projected."""
    body: Json = {key: page(request, items), **extra, "total_items": len(items)}
    body["_links"] = links(request, path)
    return project(request, body)
