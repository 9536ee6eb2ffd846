"""Catalogue products: list (filters, include=variants), get, create, update, delete."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_bigcommerce import bodies, filters, product_payload
from syncyard_sim_bigcommerce.catalogue_shapes import shape_product
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import not_found
from syncyard_sim_bigcommerce.pagination import envelope
from syncyard_sim_bigcommerce.store import Json

router = APIRouter(prefix="/stores/{store_hash}/v3/catalog")

SORTS = {"id", "name", "sku", "price", "date_modified", "date_last_imported", "inventory_level"}


def create_product(simulator: Simulator, given: Json) -> Json:
    """Validate, build, store and announce a product (and its variants)."""
    store = simulator.store
    product_payload.validate_product(store, given)
    product = product_payload.build_product(store, given)
    store.products[product["id"]] = product
    simulator.deliverer.fire("store/product/created", {"type": "product", "id": product["id"]})
    for variant in product["variants"]:
        announce_variant(simulator, "store/sku/created", variant)
    return product


def announce_variant(simulator: Simulator, scope: str, variant: Json) -> None:
    """Fire a `store/sku/…` event for a variant."""
    data = {"type": "sku", "id": variant["sku_id"],
            "sku": {"product_id": variant["product_id"], "variant_id": variant["id"]}}  # fmt: skip
    simulator.deliverer.fire(scope, data)


def get_product(simulator: Simulator, product_id: int) -> Json:
    """The stored product, or 404."""
    product = simulator.store.products.get(product_id)
    if product is None:
        raise not_found()
    return product


def _filtered(simulator: Simulator, request: Request) -> list[Json]:
    store, params = simulator.store, request.query_params
    items = filters.by_ids(list(store.products.values()), request)
    for name in ("name", "sku", "type", "upc", "mpn", "gtin"):
        if name in params:
            items = [p for p in items if str(p.get(name)) == params[name]]
    if "sku:in" in params:
        wanted = set(bodies.words_param(params["sku:in"]) or [])
        items = [p for p in items if p["sku"] in wanted]
    if "is_visible" in params:
        visible = params["is_visible"].lower() in ("1", "true")
        items = [p for p in items if p["is_visible"] is visible]
    wanted_categories = bodies.ids_param(params.get("categories:in"), "categories:in")
    if wanted_categories is not None:
        items = [p for p in items if wanted_categories & set(p["categories"])]
    if "keyword" in params:
        word = params["keyword"].lower()
        items = [p for p in items if word in p["name"].lower() or word in p["sku"].lower()]
    now = store.clock.now()
    items = filters.in_window(
        items, request, now, lower="date_modified:min", upper="date_modified:max",
        moment=filters.modified,
    )  # fmt: skip
    field = params.get("sort", "id")
    field = field if field in SORTS else "id"
    descending = params.get("direction", "asc").lower() == "desc"
    return filters.sort_items(items, field, descending=descending, moment=filters.modified)


@router.get("/products")
async def list_products(simulator: SimulatorDep, request: Request) -> Json:
    """A page of products in the v3 envelope."""
    found = _filtered(simulator, request)
    return envelope(request, found, lambda p: shape_product(simulator.store, p, request))


@router.post("/products")
async def post_product(simulator: SimulatorDep, request: Request) -> Json:
    """Create one product (variants included); 409 on a taken name or SKU."""
    product = create_product(simulator, await bodies.read_object(request))
    return {"data": shape_product(simulator.store, product), "meta": {}}


@router.get("/products/{product_id:int}")
async def read_product(simulator: SimulatorDep, request: Request, product_id: int) -> Json:
    """One product, or 404."""
    product = get_product(simulator, product_id)
    return {"data": shape_product(simulator.store, product, request), "meta": {}}


@router.put("/products/{product_id:int}")
async def put_product(simulator: SimulatorDep, request: Request, product_id: int) -> Json:
    """Change the fields the body names."""
    product = get_product(simulator, product_id)
    given = await bodies.read_object(request)
    product_payload.validate_product(simulator.store, given, product=product)
    product_payload.update_product(simulator.store, product, given)
    simulator.deliverer.fire("store/product/updated", {"type": "product", "id": product_id})
    return {"data": shape_product(simulator.store, product), "meta": {}}


@router.delete("/products/{product_id:int}", status_code=204)
async def delete_product(simulator: SimulatorDep, product_id: int) -> Response:
    """Remove the product and its stock."""
    product = get_product(simulator, product_id)
    del simulator.store.products[product_id]
    variant_ids = {v["id"] for v in product["variants"]}
    store = simulator.store
    store.stock = {k: q for k, q in store.stock.items() if k[0] not in variant_ids}
    simulator.deliverer.fire("store/product/deleted", {"type": "product", "id": product_id})
    return Response(status_code=204)
