"""Categories: the legacy `/catalog/categories` API and the `/catalog/trees/categories` one."""

import uuid

from fastapi import APIRouter, Request, Response

from syncyard_sim_bigcommerce import bodies, filters, limits
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import ApiError, invalid, not_found
from syncyard_sim_bigcommerce.pagination import envelope
from syncyard_sim_bigcommerce.store import Json, public

router = APIRouter(prefix="/stores/{store_hash}/v3/catalog")

TREE_ID = 1
WRITABLE = {"name": "", "description": "", "views": 0, "sort_order": 0, "page_title": "",
            "meta_keywords": [], "meta_description": "", "layout_file": "category.html",
            "image_url": "", "is_visible": True, "search_keywords": "",
            "default_product_sort": "use_store_settings"}  # fmt: skip


def _check(simulator: Simulator, given: Json, category: Json | None = None) -> None:
    """422 for a missing name/parent, 409 for a name taken among its siblings."""
    name = given.get("name", category["name"] if category else None)
    parent = given.get("parent_id", category["parent_id"] if category else None)
    if not isinstance(name, str) or not name.strip():
        raise invalid({"name": "error.path.missing"})
    if not isinstance(parent, int):
        raise invalid({"parent_id": "error.path.missing"})
    if errors := limits.too_long(given, limits.CATEGORY):
        raise invalid(errors)
    store = simulator.store
    if parent and parent not in store.categories:
        raise invalid({"parent_id": f"Parent category {parent} does not exist."})
    own = category["id"] if category else None
    if any(c["name"] == name and c["parent_id"] == parent and c["id"] != own
           for c in store.categories.values()):  # fmt: skip
        raise ApiError(409, "Category name already exists under this parent",
                       {"name": f"{name} is not unique among its siblings"})  # fmt: skip


def create_category(simulator: Simulator, given: Json) -> Json:
    """Store and announce a new category."""
    _check(simulator, given)
    store = simulator.store
    category_id = store.new_id("category")
    category: Json = {"id": category_id, "parent_id": given["parent_id"]}
    category |= {k: given.get(k, v) for k, v in WRITABLE.items()}
    slug = "-".join(category["name"].lower().split())
    category["custom_url"] = {"url": f"/{slug}/", "is_customized": False}
    category["_uuid"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"category/{category_id}"))
    category["_modified"] = store.clock.now()
    store.categories[category_id] = category
    simulator.deliverer.fire("store/category/created", {"type": "category", "id": category_id})
    return category


def update_category(simulator: Simulator, category: Json, given: Json) -> Json:
    """Change the fields the body names and announce it."""
    _check(simulator, given, category)
    for key in (*WRITABLE, "parent_id"):
        if key in given:
            category[key] = given[key]
    category["_modified"] = simulator.store.clock.now()
    simulator.deliverer.fire("store/category/updated", {"type": "category", "id": category["id"]})
    return category


def _get(simulator: Simulator, category_id: int) -> Json:
    category = simulator.store.categories.get(category_id)
    if category is None:
        raise not_found()
    return category


def _listed(simulator: Simulator, request: Request, *, id_name: str) -> list[Json]:
    params = request.query_params
    items = filters.by_ids(list(simulator.store.categories.values()), request, name=id_name)
    parents = bodies.ids_param(params.get("parent_id") or params.get("parent_id:in"), "parent_id")
    if parents is not None:
        items = [c for c in items if c["parent_id"] in parents]
    if "name" in params:
        items = [c for c in items if c["name"] == params["name"]]
    if "name:like" in params:
        items = [c for c in items if params["name:like"].lower() in c["name"].lower()]
    if "is_visible" in params:
        visible = params["is_visible"].lower() in ("1", "true")
        items = [c for c in items if c["is_visible"] is visible]
    return sorted(items, key=lambda c: c["id"])


def tree_shape(category: Json) -> Json:
    """A category as the trees API prints it."""
    out = {k: v for k, v in public(category).items() if k not in ("id", "custom_url")}
    return out | {"category_id": category["id"], "category_uuid": category["_uuid"],
                  "tree_id": TREE_ID, "url": {"path": category["custom_url"]["url"],
                                               "is_customized": False}}  # fmt: skip


@router.get("/categories")
async def list_categories(simulator: SimulatorDep, request: Request) -> Json:
    """Legacy list: `id:in`, `parent_id`, `name`, `name:like`, `is_visible`."""
    return envelope(request, _listed(simulator, request, id_name="id"), public)


@router.post("/categories")
async def post_category(simulator: SimulatorDep, request: Request) -> Json:
    """Create one category (`name` and `parent_id` required; 0 = top level)."""
    category = create_category(simulator, await bodies.read_object(request))
    return {"data": public(category), "meta": {}}


@router.get("/categories/{category_id:int}")
async def read_category(simulator: SimulatorDep, category_id: int) -> Json:
    """One category, or 404."""
    return {"data": public(_get(simulator, category_id)), "meta": {}}


@router.put("/categories/{category_id:int}")
async def put_category(simulator: SimulatorDep, request: Request, category_id: int) -> Json:
    """Change a category."""
    category = _get(simulator, category_id)
    given = await bodies.read_object(request)
    return {"data": public(update_category(simulator, category, given)), "meta": {}}


@router.delete("/categories/{category_id:int}", status_code=204)
async def delete_category(simulator: SimulatorDep, category_id: int) -> Response:
    """Delete a category (its children move to the top level)."""
    _get(simulator, category_id)
    store = simulator.store
    del store.categories[category_id]
    for child in store.categories.values():
        if child["parent_id"] == category_id:
            child["parent_id"] = 0
    simulator.deliverer.fire("store/category/deleted", {"type": "category", "id": category_id})
    return Response(status_code=204)


@router.get("/trees")
async def list_trees(request: Request) -> Json:
    """The one category tree of the default channel."""
    return envelope(request, [{"id": TREE_ID, "name": "Default", "channels": [1]}])


@router.get("/trees/categories")
async def list_tree_categories(simulator: SimulatorDep, request: Request) -> Json:
    """Trees list: `category_id:in`, `tree_id:in`, `parent_id:in`, `name`, `name:like`."""
    trees = bodies.ids_param(request.query_params.get("tree_id:in"), "tree_id:in")
    found = (
        []
        if trees is not None and TREE_ID not in trees
        else _listed(simulator, request, id_name="category_id")
    )
    return envelope(request, found, tree_shape)


@router.post("/trees/categories", status_code=201)
async def post_tree_categories(simulator: SimulatorDep, request: Request) -> Json:
    """Create categories (array; `parent_id` defaults to 0)."""
    given = await bodies.read_array(request)
    made = [create_category(simulator, {"parent_id": 0} | item) for item in given]
    meta = {"total": len(made), "success": len(made), "failed": 0}
    return {"data": [tree_shape(c) for c in made], "meta": meta}


@router.put("/trees/categories")
async def put_tree_categories(simulator: SimulatorDep, request: Request) -> Json:
    """Update categories named by `category_id`."""
    given = await bodies.read_array(request)
    changed = [update_category(simulator, _get(simulator, int(i.get("category_id", 0))), i)
               for i in given]  # fmt: skip
    meta = {"total": len(changed), "success": len(changed), "failed": 0}
    return {"data": [tree_shape(c) for c in changed], "meta": meta}
