"""Products and variants: `/3.0/ecommerce/stores/{store_id}/products[/{id}/variants[/{id}]]`."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_mailchimp import bodies, paging, product_payload
from syncyard_sim_mailchimp.bodies import Json
from syncyard_sim_mailchimp.deps import SimulatorDep
from syncyard_sim_mailchimp.problems import already_exists, invalid, not_found
from syncyard_sim_mailchimp.shops import shop
from syncyard_sim_mailchimp.store import EcommerceStore

router = APIRouter(prefix="/3.0/ecommerce/stores/{store_id}/products")


def _path(store_id: str, product_id: str = "", variant_id: str = "") -> str:
    path = f"/ecommerce/stores/{store_id}/products"
    if product_id:
        path += f"/{product_id}"
    if variant_id:
        path += f"/variants/{variant_id}"
    return path


def public_variant(request: Request, store_id: str, product_id: str, variant: Json) -> Json:
    path = _path(store_id, product_id, variant["id"])
    return {**variant, "_links": paging.links(request, path, parent=path.rsplit("/", 1)[0])}


def public(request: Request, store_id: str, product: Json) -> Json:
    variants = [public_variant(request, store_id, product["id"], v) for v in product["variants"]]
    images = [{**i, "_links": []} for i in product["images"]]
    path = _path(store_id, product["id"])
    links = paging.links(request, path, parent=_path(store_id))
    return {**product, "variants": variants, "images": images, "_links": links}


def _product(owner: EcommerceStore, product_id: str) -> Json:
    product = owner.products.get(product_id)
    if product is None:
        raise not_found()
    return product


@router.get("")
async def list_products(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shop(simulator, store_id)
    records = [public(request, store_id, p) for p in owner.products.values()]
    return paging.answer_list(request, _path(store_id), "products", records, store_id=store_id)


@router.post("")
async def add_product(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shop(simulator, store_id)
    given = await bodies.read_json(request)
    product_payload.check_product(given, creating=True)
    if given["id"] in owner.products:
        raise already_exists("product")
    product = product_payload.new_product(simulator.store, given, owner.record["currency_code"])
    owner.products[product["id"]] = product
    return public(request, store_id, product)


@router.get("/{product_id}")
async def get_product(
    simulator: SimulatorDep, request: Request, store_id: str, product_id: str
) -> Json:
    product = _product(shop(simulator, store_id), product_id)
    return paging.project(request, public(request, store_id, product))


@router.put("/{product_id}")
async def put_product(
    simulator: SimulatorDep, request: Request, store_id: str, product_id: str
) -> Json:
    """Upsert: a new product needs title and variants; an existing one is replaced."""
    owner = shop(simulator, store_id)
    given = {**await bodies.read_json(request), "id": product_id}
    product = product_payload.new_product(simulator.store, given, owner.record["currency_code"])
    owner.products[product_id] = product
    return public(request, store_id, product)


@router.patch("/{product_id}")
async def patch_product(
    simulator: SimulatorDep, request: Request, store_id: str, product_id: str
) -> Json:
    product = _product(shop(simulator, store_id), product_id)
    product_payload.merge_product(simulator.store, product, await bodies.read_json(request))
    return public(request, store_id, product)


@router.delete("/{product_id}", status_code=204)
async def delete_product(simulator: SimulatorDep, store_id: str, product_id: str) -> Response:
    owner = shop(simulator, store_id)
    _product(owner, product_id)
    del owner.products[product_id]
    return Response(status_code=204)


@router.get("/{product_id}/variants")
async def list_variants(
    simulator: SimulatorDep, request: Request, store_id: str, product_id: str
) -> Json:
    product = _product(shop(simulator, store_id), product_id)
    records = [public_variant(request, store_id, product_id, v) for v in product["variants"]]
    path = f"{_path(store_id, product_id)}/variants"
    extra = {"store_id": store_id, "product_id": product_id}
    return paging.answer_list(request, path, "variants", records, **extra)


@router.post("/{product_id}/variants")
async def add_variant(
    simulator: SimulatorDep, request: Request, store_id: str, product_id: str
) -> Json:
    product = _product(shop(simulator, store_id), product_id)
    given = product_payload.check_variant(await bodies.read_json(request), "id")
    if product_payload.find_variant(product, given["id"]) is not None:
        raise already_exists("variant")
    variant = product_payload.new_variant(simulator.store, given)
    product["variants"].append(variant)
    return public_variant(request, store_id, product_id, variant)


@router.get("/{product_id}/variants/{variant_id}")
async def get_variant(
    simulator: SimulatorDep, request: Request, store_id: str, product_id: str, variant_id: str
) -> Json:
    product = _product(shop(simulator, store_id), product_id)
    variant = product_payload.find_variant(product, variant_id)
    if variant is None:
        raise not_found()
    return paging.project(request, public_variant(request, store_id, product_id, variant))


@router.put("/{product_id}/variants/{variant_id}")
async def put_variant(
    simulator: SimulatorDep, request: Request, store_id: str, product_id: str, variant_id: str
) -> Json:
    """Upsert one variant: replaced when it exists, added otherwise."""
    product = _product(shop(simulator, store_id), product_id)
    given = {**await bodies.read_json(request), "id": variant_id}
    variant = product_payload.new_variant(simulator.store, product_payload.check_variant(given))
    existing = product_payload.find_variant(product, variant_id)
    if existing is None:
        product["variants"].append(variant)
    else:
        variant["created_at"] = existing["created_at"]
        existing.clear()
        existing.update(variant)
        variant = existing
    return public_variant(request, store_id, product_id, variant)


@router.patch("/{product_id}/variants/{variant_id}")
async def patch_variant(
    simulator: SimulatorDep, request: Request, store_id: str, product_id: str, variant_id: str
) -> Json:
    product = _product(shop(simulator, store_id), product_id)
    variant = product_payload.find_variant(product, variant_id)
    if variant is None:
        raise not_found()
    product_payload.merge_variant(simulator.store, variant, await bodies.read_json(request))
    return public_variant(request, store_id, product_id, variant)


@router.delete("/{product_id}/variants/{variant_id}", status_code=204)
async def delete_variant(
    simulator: SimulatorDep, store_id: str, product_id: str, variant_id: str
) -> Response:
    product = _product(shop(simulator, store_id), product_id)
    if product_payload.find_variant(product, variant_id) is None:
        raise not_found()
    if len(product["variants"]) == 1:
        raise invalid("variant_id", "A product must keep at least one variant.")
    product["variants"] = [v for v in product["variants"] if v["id"] != variant_id]
    return Response(status_code=204)
