"""`/v{version}/categories…`: category pages, flat (paged) or as a tree."""

from typing import Any

from fastapi import APIRouter, Request

from syncyard_sim_mijnwebwinkel import bodies
from syncyard_sim_mijnwebwinkel.deps import StoreDep
from syncyard_sim_mijnwebwinkel.errors import invalid, not_found
from syncyard_sim_mijnwebwinkel.store import Json, Store

router = APIRouter(prefix="/v{version}")
_TEXT_FIELDS = ("title", "content", "meta_title", "meta_description")


def present(store: Store, category: Json) -> Json:
    """A category with its sorting among its siblings (order of creation, as placed)."""
    siblings = [
        c["id"]
        for c in store.categories.values()
        if c.get("parent_category_id") == category.get("parent_category_id")
    ]
    index = siblings.index(category["id"])
    sorting: Json = {"first": index == 0, "last": index == len(siblings) - 1}
    if index > 0:
        sorting["previous"] = siblings[index - 1]
    if index < len(siblings) - 1:
        sorting["next"] = siblings[index + 1]
    return category | {"sorting": sorting}


def _tree(store: Store, parent: int | None, depth: int) -> list[Json]:
    level = [c for c in store.categories.values() if c.get("parent_category_id") == parent]
    shown = []
    for category in level:
        leafs = _tree(store, category["id"], depth - 1) if depth > 1 else []
        shown.append(present(store, category) | {"leafs": leafs})
    return shown


def _matching(store: Store, request: Request) -> list[Json]:
    windows = {
        name: bodies.date_filter(store, request, name)
        for name in (
            "created_start_date",
            "created_end_date",
            "changed_start_date",
            "changed_end_date",
        )
    }
    found = []
    for category_id, category in store.categories.items():
        created, changed = store.category_times[category_id]
        if bodies.in_window(
            created, windows["created_start_date"], windows["created_end_date"]
        ) and bodies.in_window(changed, windows["changed_start_date"], windows["changed_end_date"]):
            found.append(present(store, category))
    return found


@router.get("/categories")
async def list_categories(store: StoreDep, request: Request) -> list[Json]:
    """Flat and paged, or with `as_tree=true` nested in `leafs` (limit/offset ignored)."""
    if bodies.flag(request, "as_tree"):
        depth = int(request.query_params.get("max_depth") or 5)
        return _tree(store, None, depth)
    limit, offset = bodies.page_window(request)
    return _matching(store, request)[offset : offset + limit]


@router.get("/categories/count")
async def count_categories(store: StoreDep, request: Request) -> Json:
    return {"count": len(_matching(store, request))}


@router.get("/categories/{category_id}")
async def get_category(store: StoreDep, category_id: int) -> Json:
    category = store.categories.get(category_id)
    if category is None:
        raise not_found(f"Category {category_id}")
    return present(store, category)


@router.post("/categories")
async def create_category(store: StoreDep, request: Request) -> Json:
    """Create a category page (title required), last of its branch."""
    body = await bodies.read_object(request)
    if not isinstance(body.get("title"), str) or not body["title"].strip():
        raise invalid("title: This value should not be blank.")
    category_id = store.new_category_id()
    category: Json = {"id": category_id, "hidden": False, "article_order": 5}
    category |= dict.fromkeys(_TEXT_FIELDS, "")
    store.categories[category_id] = category
    now = store.now()
    store.category_times[category_id] = (now, now)
    try:
        _apply(store, category, body)
    except Exception:
        del store.categories[category_id], store.category_times[category_id]
        raise
    return present(store, category)


@router.patch("/categories/{category_id}")
async def patch_category(store: StoreDep, request: Request, category_id: int) -> Json:
    category = store.categories.get(category_id)
    if category is None:
        raise not_found(f"Category {category_id}")
    _apply(store, category, await bodies.read_object(request))
    return present(store, category)


def _apply(store: Store, category: Json, body: Json) -> None:
    for key in _TEXT_FIELDS:
        if key in body:
            if not isinstance(body[key], str):
                raise invalid(f"{key}: This value should be of type string.")
            category[key] = body[key]
    if "hidden" in body:
        category["hidden"] = bool(body["hidden"])
    if "article_order" in body:
        category["article_order"] = _article_order(body["article_order"])
    if "parent_category_id" in body:
        parent: Any = body["parent_category_id"]
        if parent is not None and (parent not in store.categories or parent == category["id"]):
            raise invalid("parent_category_id: Unknown category.")
        if parent is None:
            category.pop("parent_category_id", None)
        else:
            category["parent_category_id"] = parent
    created, _ = store.category_times[category["id"]]
    store.category_times[category["id"]] = (created, store.now())


def _article_order(value: Any) -> int:
    if isinstance(value, bool) or value not in range(1, 7):
        raise invalid("article_order: The value you selected is not a valid choice.")
    return int(value)
