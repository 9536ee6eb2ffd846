"""Product variants: per product (list, get, create, update) and `/catalog/variants?sku=`."""

from fastapi import APIRouter, Request

from syncyard_sim_bigcommerce import bodies, filters, product_payload
from syncyard_sim_bigcommerce.catalogue_shapes import shape_variant
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import ApiError, not_found
from syncyard_sim_bigcommerce.pagination import envelope
from syncyard_sim_bigcommerce.products import announce_variant, get_product
from syncyard_sim_bigcommerce.store import Json

router = APIRouter(prefix="/stores/{store_hash}/v3/catalog")


def _variant(product: Json, variant_id: int) -> Json:
    variant: Json | None = next((v for v in product["variants"] if v["id"] == variant_id), None)
    if variant is None:
        raise not_found()
    return variant


def _changed(simulator: Simulator, product: Json, variant: Json, scope: str) -> Json:
    product_payload.touch(simulator.store, product)
    announce_variant(simulator, scope, variant)
    return {"data": shape_variant(simulator.store, product, variant), "meta": {}}


@router.get("/products/{product_id:int}/variants")
async def list_product_variants(simulator: SimulatorDep, request: Request, product_id: int) -> Json:
    """The product's variants (the base variant included)."""
    product = get_product(simulator, product_id)
    return envelope(
        request, product["variants"], lambda v: shape_variant(simulator.store, product, v)
    )


@router.post("/products/{product_id:int}/variants")
async def post_variant(simulator: SimulatorDep, request: Request, product_id: int) -> Json:
    """Add a variant; `option_values` by `{option_display_name, label}` or `{id, option_id}`."""
    product = get_product(simulator, product_id)
    given = await bodies.read_object(request)
    sku = given.get("sku")
    if not sku:
        raise ApiError(422, "JSON data is missing or invalid", {"sku": "error.path.missing"})
    if simulator.store.sku_taken(sku):
        raise ApiError(409, "The variant sku is a duplicate", {"sku": f"Sku {sku} is not unique"})
    variant = product_payload.add_variant(simulator.store, product, given)
    if product["inventory_tracking"] == "product":
        product["inventory_tracking"] = "variant"
    return _changed(simulator, product, variant, "store/sku/created")


@router.get("/products/{product_id:int}/variants/{variant_id:int}")
async def read_variant(simulator: SimulatorDep, product_id: int, variant_id: int) -> Json:
    """One variant, or 404."""
    product = get_product(simulator, product_id)
    variant = _variant(product, variant_id)
    return {"data": shape_variant(simulator.store, product, variant), "meta": {}}


@router.put("/products/{product_id:int}/variants/{variant_id:int}")
async def put_variant(
    simulator: SimulatorDep, request: Request, product_id: int, variant_id: int
) -> Json:
    """Change price, SKU, barcodes …; `inventory_level` sets the default location's stock."""
    product = get_product(simulator, product_id)
    variant = _variant(product, variant_id)
    given = await bodies.read_object(request)
    sku = given.get("sku")
    if sku and simulator.store.sku_taken(sku, except_variant=variant_id):
        raise ApiError(409, "The variant sku is a duplicate", {"sku": f"Sku {sku} is not unique"})
    product_payload.update_variant(variant, given)
    if "inventory_level" in given:
        simulator.store.stock[(variant_id, 1)] = int(given["inventory_level"] or 0)
    if sku and not variant["option_values"]:
        product["sku"] = sku
    return _changed(simulator, product, variant, "store/sku/updated")


@router.get("/variants")
async def list_variants(simulator: SimulatorDep, request: Request) -> Json:
    """All variants; `sku` (exact), `id`, `upc`, `product_id:in` filters."""
    store, params = simulator.store, request.query_params
    pairs = [(p, v) for p in store.products.values() for v in p["variants"]]
    if "sku" in params:
        pairs = [(p, v) for p, v in pairs if v["sku"] == params["sku"]]
    if "upc" in params:
        pairs = [(p, v) for p, v in pairs if v["upc"] == params["upc"]]
    ids = bodies.ids_param(params.get("id"), "id")
    if ids is not None:
        pairs = [(p, v) for p, v in pairs if v["id"] in ids]
    product_ids = bodies.ids_param(params.get("product_id:in"), "product_id:in")
    if product_ids is not None:
        pairs = [(p, v) for p, v in pairs if p["id"] in product_ids]
    ordered = sorted(pairs, key=lambda pv: pv[1]["id"])
    # This endpoint's schema has no nullable prices: unset ones are left out rather than null.
    shaped = [
        {k: val for k, val in shape_variant(store, p, v).items() if val is not None}
        for p, v in ordered
    ]
    return envelope(request, shaped)


@router.get("/products/{product_id:int}/options")
async def list_options(simulator: SimulatorDep, request: Request, product_id: int) -> Json:
    """The product's options (made from its variants' option values)."""
    product = get_product(simulator, product_id)
    return envelope(request, filters.by_ids(product["options"], request))
