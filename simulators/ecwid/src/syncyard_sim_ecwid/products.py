"""Products, combinations and inventory: `/api/v3/{storeId}/products…`."""

from collections.abc import Callable
from decimal import Decimal

from fastapi import APIRouter, Request

from syncyard_sim_ecwid import bodies, paging, product_records
from syncyard_sim_ecwid.deps import Simulator, SimulatorDep
from syncyard_sim_ecwid.errors import not_found, wrong_parameter
from syncyard_sim_ecwid.store import Json

router = APIRouter(prefix="/api/v3/{store_id}/products")

_SORTS = {
    "ADDED_TIME_ASC": (lambda p: (p["createTimestamp"], p["id"]), False),
    "ADDED_TIME_DESC": (lambda p: (p["createTimestamp"], p["id"]), True),
    "UPDATED_TIME_ASC": (lambda p: (p["_updated"], p["id"]), False),
    "UPDATED_TIME_DESC": (lambda p: (p["_updated"], p["id"]), True),
    "NAME_ASC": (lambda p: (p["name"].lower(), p["id"]), False),
    "NAME_DESC": (lambda p: (p["name"].lower(), p["id"]), True),
    "PRICE_ASC": (lambda p: (p["price"], p["id"]), False),
    "PRICE_DESC": (lambda p: (p["price"], p["id"]), True),
    "SKU_ASC": (lambda p: (p["sku"], p["id"]), False),
    "SKU_DESC": (lambda p: (p["sku"], p["id"]), True),
    "RELEVANCE": (lambda p: (p["id"],), False),
}


def product_of(simulator: Simulator, product_id: int) -> Json:
    product = simulator.store.products.get(product_id)
    if product is None:
        raise not_found("product", product_id)
    return product


def combination_of(product: Json, combination_id: int) -> Json:
    combination: Json
    for combination in product["combinations"]:
        if combination["id"] == combination_id:
            return combination
    raise not_found("combination", combination_id)


def changed(simulator: Simulator, product: Json) -> None:
    """Stamp the product as updated and tell the app (stock changes are product updates)."""
    simulator.store.stamp(product)
    simulator.deliverer.fire("product.updated", product["id"])


def product_filter(request: Request) -> Callable[[Json], bool]:
    """Parse every filter first (a bad value is 400 even when nothing would match)."""
    params = request.query_params
    sku, keyword = params.get("sku"), (params.get("keyword") or "").lower()
    ids, category = paging.id_list(request, "productId"), paging.int_param(request, "category")
    flags = {name: paging.bool_param(request, name) for name in ("enabled", "inStock")}
    low, high = paging.decimal_param(request, "priceFrom"), paging.decimal_param(request, "priceTo")
    created_from = paging.date_param(request, "createdFrom")
    created_to = paging.date_param(request, "createdTo")
    updated = paging.updated_between(request)

    def matches(product: Json) -> bool:
        skus = {product["sku"], *(c.get("sku") for c in product["combinations"])}
        texts = [str(product.get(f, "")).lower() for f in ("name", "sku", "description")]
        price = Decimal(str(product["price"]))
        created = product["createTimestamp"]
        return (
            (sku is None or sku in skus)
            and (not keyword or any(keyword in text for text in texts))
            and (ids is None or product["id"] in ids)
            and (category is None or category in product["categoryIds"])
            and all(wanted is None or product[name] == wanted for name, wanted in flags.items())
            and (low is None or price >= low)
            and (high is None or price <= high)
            and (created_from is None or created >= created_from)
            and (created_to is None or created <= created_to)
            and updated(product)
        )

    return matches


@router.get("")
async def search_products(simulator: SimulatorDep, request: Request) -> Json:
    """Search; `sku` is exact on the product or any combination and returns the parent."""
    sort_by = request.query_params.get("sortBy", "RELEVANCE")
    if sort_by not in _SORTS:
        raise wrong_parameter("sortBy", sort_by)
    key, reverse = _SORTS[sort_by]
    matches = product_filter(request)
    found = [p for p in simulator.store.products.values() if matches(p)]
    found.sort(key=key, reverse=reverse)  # type: ignore[arg-type]
    return paging.envelope(request, found, default_limit=100)


@router.get("/deleted")
async def deleted_products(simulator: SimulatorDep, request: Request) -> Json:
    """`{total, count, offset, limit, items: [{id, date, type}]}` filtered by from/to_date."""
    return paging.deleted_page(simulator.store, request, "products")


@router.get("/{product_id}")
async def get_product(simulator: SimulatorDep, product_id: int) -> Json:
    return bodies.public(product_of(simulator, product_id))


@router.post("")
async def create_product(simulator: SimulatorDep, request: Request) -> Json:
    """`{id}` of the new product."""
    product = product_records.new_product(simulator.store, await bodies.read_json(request))
    simulator.store.products[product["id"]] = product
    simulator.deliverer.fire("product.created", product["id"])
    return {"id": product["id"]}


@router.put("/{product_id}")
async def update_product(simulator: SimulatorDep, product_id: int, request: Request) -> Json:
    """Omitted fields keep their value; `quantity` here is the absolute stock write."""
    product = product_of(simulator, product_id)
    product_records.apply_product(simulator.store, product, await bodies.read_json(request))
    changed(simulator, product)
    return {"updateCount": 1}


@router.delete("/{product_id}")
async def delete_product(simulator: SimulatorDep, product_id: int) -> Json:
    product_of(simulator, product_id)
    del simulator.store.products[product_id]
    simulator.store.log_deleted("products", product_id, "PRODUCT")
    simulator.deliverer.fire("product.deleted", product_id)
    return {"deleteCount": 1}


@router.put("/{product_id}/inventory")
async def adjust_inventory(simulator: SimulatorDep, product_id: int, request: Request) -> Json:
    """Relative stock change `{quantityDelta}` → `{updateCount[, warning]}`."""
    product = product_of(simulator, product_id)
    given = await bodies.read_json(request)
    warning = product_records.adjust_stock(product, given.get("quantityDelta"))
    changed(simulator, product)
    return {"updateCount": 1} | ({"warning": warning} if warning else {})


@router.get("/{product_id}/combinations")
async def list_combinations(simulator: SimulatorDep, product_id: int) -> list[Json]:
    """A bare array, as Ecwid answers this endpoint."""
    return list(product_of(simulator, product_id)["combinations"])


@router.post("/{product_id}/combinations")
async def create_combination(simulator: SimulatorDep, product_id: int, request: Request) -> Json:
    product = product_of(simulator, product_id)
    given = await bodies.read_json(request)
    combination = product_records.new_combination(simulator.store, product, given)
    product["combinations"].append(combination)
    changed(simulator, product)
    return {"id": combination["id"]}


@router.get("/{product_id}/combinations/{combination_id}")
async def get_combination(simulator: SimulatorDep, product_id: int, combination_id: int) -> Json:
    return combination_of(product_of(simulator, product_id), combination_id)


@router.put("/{product_id}/combinations/{combination_id}")
async def update_combination(
    simulator: SimulatorDep, product_id: int, combination_id: int, request: Request
) -> Json:
    product = product_of(simulator, product_id)
    combination = combination_of(product, combination_id)
    given = await bodies.read_json(request)
    product_records.apply_combination(simulator.store, product, combination, given)
    changed(simulator, product)
    return {"updateCount": 1}


@router.delete("/{product_id}/combinations/{combination_id}")
async def delete_combination(simulator: SimulatorDep, product_id: int, combination_id: int) -> Json:
    product = product_of(simulator, product_id)
    product["combinations"].remove(combination_of(product, combination_id))
    changed(simulator, product)
    return {"deleteCount": 1}


@router.put("/{product_id}/combinations/{combination_id}/inventory")
async def adjust_combination_inventory(
    simulator: SimulatorDep, product_id: int, combination_id: int, request: Request
) -> Json:
    product = product_of(simulator, product_id)
    combination = combination_of(product, combination_id)
    given = await bodies.read_json(request)
    warning = product_records.adjust_stock(combination, given.get("quantityDelta"))
    changed(simulator, product)
    return {"updateCount": 1} | ({"warning": warning} if warning else {})
