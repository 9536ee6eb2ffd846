"""Products and variants: list, get, count, create, update, delete."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_shopify import bodies, inventory, product_payload
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import not_found
from syncyard_sim_shopify.filters import apply_common
from syncyard_sim_shopify.pagination import paginate, parse_page, project
from syncyard_sim_shopify.store import Json

router = APIRouter(prefix="/admin/api/{version}")

EXACT_FILTERS = ("title", "vendor", "handle", "product_type", "status")


def _filtered(simulator: Simulator, filters: dict[str, str]) -> list[Json]:
    products = list(simulator.store.products.values())
    for name in EXACT_FILTERS:
        if name in filters:
            wanted = set(filters[name].split(",")) if name == "status" else {filters[name]}
            products = [p for p in products if p[name] in wanted]
    return apply_common(products, filters)


def create_product(simulator: Simulator, given: Json) -> Json:
    """Validate, build and store a product; stock variants at the primary location."""
    store = simulator.store
    product_payload.validate_product(given, creating=True)
    product = product_payload.build_product(store, given)
    store.products[product["id"]] = product
    location_id = store.primary_location_id()
    for raw, variant in zip(given.get("variants") or [{}], product["variants"], strict=True):
        if variant["inventory_management"] == "shopify":
            level = inventory.connect(store, variant["inventory_item_id"], location_id)
            level["available"] = int(raw.get("inventory_quantity", 0))
            inventory.sync_variant_quantity(store, variant["inventory_item_id"])
    simulator.deliverer.fire("products/create", product)
    return product


def _get(simulator: Simulator, product_id: int) -> Json:
    product = simulator.store.products.get(product_id)
    if product is None:
        raise not_found()
    return product


@router.get("/products.json")
async def list_products(simulator: SimulatorDep, request: Request, response: Response) -> Json:
    """Products page with a `Link` header when more pages exist."""
    page = parse_page(request)
    chunk, link = paginate(request, page, _filtered(simulator, page.filters))
    if link:
        response.headers["Link"] = link
    return {"products": [project(product, request) for product in chunk]}


@router.get("/products/count.json")
async def count_products(simulator: SimulatorDep, request: Request) -> Json:
    """Number of products matching the list filters."""
    return {"count": len(_filtered(simulator, dict(request.query_params)))}


@router.get("/products/{product_id:int}.json")
async def get_product(simulator: SimulatorDep, request: Request, product_id: int) -> Json:
    """One product, or 404."""
    return {"product": project(_get(simulator, product_id), request)}


@router.post("/products.json", status_code=201)
async def post_product(simulator: SimulatorDep, request: Request) -> Json:
    """Create a product with variants."""
    given = await bodies.read_root(request, "product")
    return {"product": create_product(simulator, given)}


@router.put("/products/{product_id:int}.json")
async def put_product(simulator: SimulatorDep, request: Request, product_id: int) -> Json:
    """Update a product; a `variants` list replaces the variant set (by id)."""
    product = _get(simulator, product_id)
    given = await bodies.read_root(request, "product")
    product_payload.validate_product(given, creating=False)
    product_payload.update_product(simulator.store, product, given)
    simulator.deliverer.fire("products/update", product)
    return {"product": product}


@router.delete("/products/{product_id:int}.json")
async def delete_product(simulator: SimulatorDep, product_id: int) -> Json:
    """Delete a product."""
    _get(simulator, product_id)
    simulator.store.products.pop(product_id)
    simulator.deliverer.fire("products/delete", {"id": product_id})
    return {}


@router.get("/products/{product_id:int}/variants.json")
async def list_variants(simulator: SimulatorDep, product_id: int) -> Json:
    """Variants of one product."""
    return {"variants": _get(simulator, product_id)["variants"]}


@router.get("/variants/{variant_id:int}.json")
async def get_variant(simulator: SimulatorDep, variant_id: int) -> Json:
    """One variant, or 404."""
    variant = simulator.store.find_variant(variant_id)
    if variant is None:
        raise not_found()
    return {"variant": variant}


@router.put("/variants/{variant_id:int}.json")
async def put_variant(simulator: SimulatorDep, request: Request, variant_id: int) -> Json:
    """Update a variant (price, sku, barcode …); inventory_quantity stays read-only."""
    variant = simulator.store.find_variant(variant_id)
    if variant is None:
        raise not_found()
    given = await bodies.read_root(request, "variant")
    product_payload.validate_product({"variants": [given]}, creating=False)
    product_payload.update_variant(simulator.store, variant, given)
    product = simulator.store.products[variant["product_id"]]
    product["updated_at"] = variant["updated_at"]
    simulator.deliverer.fire("products/update", product)
    return {"variant": variant}
