"""Custom collections, collects (product ∈ collection) and owner metafields."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_shopify import bodies, collection_payload
from syncyard_sim_shopify.collection_payload import metafields_of, set_metafield
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import not_found, unprocessable
from syncyard_sim_shopify.filters import apply_common, parse_ids
from syncyard_sim_shopify.pagination import paginate, parse_page, project
from syncyard_sim_shopify.store import Json

router = APIRouter(prefix="/admin/api/{version}")

# REST path segment of a metafield owner -> the store attribute holding the owners.
OWNERS = {"collections": "custom_collections", "products": "products"}


def _filtered(simulator: Simulator, filters: dict[str, str]) -> list[Json]:
    found = list(simulator.store.custom_collections.values())
    for name in ("title", "handle"):
        if name in filters:
            found = [c for c in found if c[name] == filters[name]]
    if "product_id" in filters:
        wanted = parse_ids("product_id", filters["product_id"])
        members = {c["collection_id"] for c in simulator.store.collects.values()
                   if c["product_id"] in wanted}  # fmt: skip
        found = [c for c in found if c["id"] in members]
    return apply_common(found, filters)


def create_collection(simulator: Simulator, given: Json) -> Json:
    """Validate and store a custom collection with its metafields; fire collections/create."""
    store = simulator.store
    collection_payload.validate_collection(given, creating=True)
    collection = collection_payload.build_collection(store, given)
    store.custom_collections[collection["id"]] = collection
    for metafield in given.get("metafields") or []:
        set_metafield(store, "collection", collection["id"], metafield)
    simulator.deliverer.fire("collections/create", collection)
    return collection


def _get(simulator: Simulator, collection_id: int) -> Json:
    collection = simulator.store.custom_collections.get(collection_id)
    if collection is None:
        raise not_found()
    return collection


@router.get("/custom_collections.json")
async def list_collections(simulator: SimulatorDep, request: Request, response: Response) -> Json:
    """Custom collections (`ids, since_id, title, handle, product_id, updated_at_min/max`)."""
    page = parse_page(request)
    chunk, link = paginate(request, page, _filtered(simulator, page.filters))
    if link:
        response.headers["Link"] = link
    return {"custom_collections": [project(c, request) for c in chunk]}


@router.get("/custom_collections/count.json")
async def count_collections(simulator: SimulatorDep, request: Request) -> Json:
    """Number of custom collections matching the list filters."""
    return {"count": len(_filtered(simulator, dict(request.query_params)))}


@router.get("/custom_collections/{collection_id:int}.json")
async def get_collection(simulator: SimulatorDep, request: Request, collection_id: int) -> Json:
    """One custom collection, or 404."""
    return {"custom_collection": project(_get(simulator, collection_id), request)}


@router.post("/custom_collections.json", status_code=201)
async def post_collection(simulator: SimulatorDep, request: Request) -> Json:
    """Create a custom collection (`metafields` may come along)."""
    given = await bodies.read_root(request, "custom_collection")
    return {"custom_collection": create_collection(simulator, given)}


@router.put("/custom_collections/{collection_id:int}.json")
async def put_collection(simulator: SimulatorDep, request: Request, collection_id: int) -> Json:
    """Update title, body_html, handle, sort order; metafields are set by namespace + key."""
    collection = _get(simulator, collection_id)
    given = await bodies.read_root(request, "custom_collection")
    collection_payload.validate_collection(given, creating=False)
    collection_payload.update_collection(simulator.store, collection, given)
    for metafield in given.get("metafields") or []:
        set_metafield(simulator.store, "collection", collection_id, metafield)
    simulator.deliverer.fire("collections/update", collection)
    return {"custom_collection": collection}


@router.delete("/custom_collections/{collection_id:int}.json")
async def delete_collection(simulator: SimulatorDep, collection_id: int) -> Json:
    """Delete a custom collection and its collects."""
    store = simulator.store
    _get(simulator, collection_id)
    store.custom_collections.pop(collection_id)
    for collect_id in [i for i, c in store.collects.items() if c["collection_id"] == collection_id]:
        store.collects.pop(collect_id)
    simulator.deliverer.fire("collections/delete", {"id": collection_id})
    return {}


@router.get("/collects.json")
async def list_collects(simulator: SimulatorDep, request: Request, response: Response) -> Json:
    """Collects, filtered by `product_id` and/or `collection_id`."""
    page = parse_page(request)
    found = list(simulator.store.collects.values())
    for name in ("product_id", "collection_id"):
        if name in page.filters:
            wanted = parse_ids(name, page.filters[name])
            found = [c for c in found if c[name] in wanted]
    chunk, link = paginate(request, page, found)
    if link:
        response.headers["Link"] = link
    return {"collects": [project(c, request) for c in chunk]}


@router.post("/collects.json", status_code=201)
async def post_collect(simulator: SimulatorDep, request: Request) -> Json:
    """Put a product in a custom collection; 422 when it is already there."""
    store = simulator.store
    given = await bodies.read_root(request, "collect")
    product_id, collection_id = given.get("product_id"), given.get("collection_id")
    errors: dict[str, list[str]] = {}
    if product_id not in store.products:
        errors["product"] = ["can't be blank"]
    if collection_id not in store.custom_collections:
        errors["collection"] = ["can't be blank"]
    if errors:
        raise unprocessable(errors)
    product_id, collection_id = int(str(product_id)), int(str(collection_id))
    if any((c["product_id"], c["collection_id"]) == (product_id, collection_id)
           for c in store.collects.values()):  # fmt: skip
        raise unprocessable({"product_id": ["already exists in this collection"]})
    collect = collection_payload.build_collect(store, product_id, collection_id)
    store.collects[collect["id"]] = collect
    return {"collect": collect}


@router.get("/collects/{collect_id:int}.json")
async def get_collect(simulator: SimulatorDep, collect_id: int) -> Json:
    """One collect, or 404."""
    collect = simulator.store.collects.get(collect_id)
    if collect is None:
        raise not_found()
    return {"collect": collect}


@router.delete("/collects/{collect_id:int}.json")
async def delete_collect(simulator: SimulatorDep, collect_id: int) -> Json:
    """Take a product out of a collection."""
    if simulator.store.collects.pop(collect_id, None) is None:
        raise not_found()
    return {}


def _owner(simulator: Simulator, owner: str, owner_id: int) -> str:
    """The metafield `owner_resource` for a REST owner path; 404 for an unknown owner."""
    if owner not in OWNERS or owner_id not in getattr(simulator.store, OWNERS[owner]):
        raise not_found()
    return owner.removesuffix("s")


@router.get("/{owner}/{owner_id:int}/metafields.json")
async def list_metafields(simulator: SimulatorDep, owner: str, owner_id: int) -> Json:
    """Metafields of one collection or product."""
    resource = _owner(simulator, owner, owner_id)
    return {"metafields": metafields_of(simulator.store, resource, owner_id)}


@router.post("/{owner}/{owner_id:int}/metafields.json", status_code=201)
async def post_metafield(
    simulator: SimulatorDep, request: Request, owner: str, owner_id: int
) -> Json:
    """Set one metafield of a collection or product (same namespace + key = update)."""
    resource = _owner(simulator, owner, owner_id)
    given = await bodies.read_root(request, "metafield")
    errors: dict[str, list[str]] = {}
    collection_payload.validate_metafield(given, errors)
    if errors:
        raise unprocessable(errors)
    return {"metafield": set_metafield(simulator.store, resource, owner_id, given)}
