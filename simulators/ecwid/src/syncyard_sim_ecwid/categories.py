"""Categories: `/api/v3/{storeId}/categories…` with parent/child by `parentId`."""

from typing import Any

from fastapi import APIRouter, Request

from syncyard_sim_ecwid import bodies, paging
from syncyard_sim_ecwid.deps import Simulator, SimulatorDep
from syncyard_sim_ecwid.errors import EcwidError, not_found, wrong_parameter
from syncyard_sim_ecwid.store import Json, Store

router = APIRouter(prefix="/api/v3/{store_id}/categories")

CATEGORY_FIELDS = ("parentId", "orderBy", "name", "nameTranslated", "description", "enabled")


def shown(store: Store, category: Json) -> Json:
    """The category with its product counts (computed from the products' categoryIds)."""
    ids = [p["id"] for p in store.products.values() if category["id"] in p["categoryIds"]]
    enabled = [i for i in ids if store.products[i]["enabled"]]
    counts = {"productIds": ids, "productCount": len(ids), "enabledProductCount": len(enabled)}
    return bodies.public(category) | counts


def apply_category(store: Store, record: Json, given: Json) -> None:
    """Copy writable fields; the parent must exist and must not be the category itself."""
    if "name" in given and not str(given["name"] or "").strip():
        raise wrong_parameter("name", given["name"], "category name must not be empty")
    parent: Any = given.get("parentId")
    if parent not in (None, 0) and (parent not in store.categories or parent == record["id"]):
        raise EcwidError(
            404, "Categories with specified IDs were not found.", "CATEGORIES_NOT_FOUND"
        )
    for name in CATEGORY_FIELDS:
        if name in given:
            record[name] = given[name]
    if not record.get("parentId"):
        record.pop("parentId", None)  # Ecwid leaves parentId out for root categories


def new_category(store: Store, given: Json) -> Json:
    if not str(given.get("name") or "").strip():
        raise wrong_parameter("name", given.get("name"), "category name is required")
    category_id = store.new_id("category")
    record: Json = {
        "id": category_id,
        "orderBy": len(store.categories) * 10,
        "name": "",
        "description": "",
        "enabled": True,
        "url": f"https://store{store.settings.store_id}.company.site/c{category_id}",
    }
    apply_category(store, record, given)
    return record


def category_of(simulator: Simulator, category_id: int) -> Json:
    category = simulator.store.categories.get(category_id)
    if category is None:
        raise not_found("category", category_id)
    return category


@router.get("")
async def search_categories(simulator: SimulatorDep, request: Request) -> Json:
    """`parent` (0 = top level), `hidden_categories`, `productIds`, offset/limit."""
    store = simulator.store
    parent = paging.int_param(request, "parent")
    hidden = paging.bool_param(request, "hidden_categories") or False
    product_ids = paging.id_list(request, "productIds")
    found = []
    for category in sorted(store.categories.values(), key=lambda c: (c["orderBy"], c["id"])):
        if parent is not None and category.get("parentId", 0) != parent:
            continue
        if not hidden and not category["enabled"]:
            continue
        record = shown(store, category)
        if product_ids is not None and not product_ids & set(record["productIds"]):
            continue
        found.append(record)
    return paging.envelope(request, found, default_limit=100)


@router.get("/{category_id}")
async def get_category(simulator: SimulatorDep, category_id: int) -> Json:
    return shown(simulator.store, category_of(simulator, category_id))


@router.post("")
async def create_category(simulator: SimulatorDep, request: Request) -> Json:
    category = new_category(simulator.store, await bodies.read_json(request))
    simulator.store.categories[category["id"]] = category
    simulator.deliverer.fire("category.created", category["id"])
    return {"id": category["id"]}


@router.put("/{category_id}")
async def update_category(simulator: SimulatorDep, category_id: int, request: Request) -> Json:
    category = category_of(simulator, category_id)
    apply_category(simulator.store, category, await bodies.read_json(request))
    simulator.deliverer.fire("category.updated", category_id)
    return {"updateCount": 1}


@router.delete("/{category_id}")
async def delete_category(simulator: SimulatorDep, category_id: int) -> Json:
    """Deletes the category and its subcategories and unassigns their products."""
    store = simulator.store
    category_of(simulator, category_id)
    doomed, frontier = {category_id}, [category_id]
    while frontier:
        parent = frontier.pop()
        children = [c["id"] for c in store.categories.values() if c.get("parentId") == parent]
        doomed.update(children)
        frontier.extend(children)
    for doomed_id in doomed:
        del store.categories[doomed_id]
        simulator.deliverer.fire("category.deleted", doomed_id)
    for product in store.products.values():
        product["categoryIds"] = [c for c in product["categoryIds"] if c not in doomed]
        product["categories"] = [c for c in product["categories"] if c["id"] not in doomed]
    return {"deleteCount": len(doomed)}
