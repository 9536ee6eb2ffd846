"""Abandoned-cart carts: `/3.0/ecommerce/stores/{store_id}/carts[/{cart_id}]`."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_mailchimp import bodies, customers, order_payload, paging
from syncyard_sim_mailchimp.bodies import Json, text
from syncyard_sim_mailchimp.deps import Simulator, SimulatorDep
from syncyard_sim_mailchimp.problems import already_exists, not_found
from syncyard_sim_mailchimp.shops import shop
from syncyard_sim_mailchimp.store import EcommerceStore

router = APIRouter(prefix="/3.0/ecommerce/stores/{store_id}/carts")
CART_TYPES: dict[str, type] = {
    "id": str, "currency_code": str, "order_total": float, "tax_total": float, "lines": list,
    "customer": dict,
}  # fmt: skip


def public(request: Request, owner: EcommerceStore, cart: Json) -> Json:
    shown = {k: v for k, v in cart.items() if k != "customer_id"}
    customer = owner.customers.get(cart["customer_id"])
    shown["customer"] = customers.public(request, owner, customer) if customer else {}
    path = f"/ecommerce/stores/{owner.record['id']}/carts/{cart['id']}"
    shown["_links"] = paging.links(request, path, parent=path.rsplit("/", 1)[0])
    return shown


def _build(simulator: Simulator, owner: EcommerceStore, given: Json, old: Json | None) -> Json:
    merged = {**(old or {}), **{k: v for k, v in given.items() if v is not None}}
    if old is None:
        bodies.require(merged, "id", "customer", "currency_code", "order_total", "lines")
    bodies.check_types(given, CART_TYPES)
    lines = given.get("lines")
    built_lines = (
        [order_payload.line(owner, item, i) for i, item in enumerate(lines)]
        if isinstance(lines, list)
        else merged["lines"]
    )
    customer_id = merged.get("customer_id")
    if isinstance(given.get("customer"), dict):
        customer_id = customers.upsert(simulator, owner, given["customer"])["id"]
    now = simulator.store.timestamp()
    return {
        "id": merged["id"],
        "customer_id": customer_id,
        "campaign_id": text(merged.get("campaign_id")),
        "checkout_url": text(merged.get("checkout_url")),
        "currency_code": str(merged["currency_code"]).upper(),
        "order_total": merged["order_total"],
        "tax_total": merged.get("tax_total") or 0,
        "lines": built_lines,
        "created_at": (old or {}).get("created_at", now),
        "updated_at": now,
    }


def _cart(owner: EcommerceStore, cart_id: str) -> Json:
    cart = owner.carts.get(cart_id)
    if cart is None:
        raise not_found()
    return cart


@router.get("")
async def list_carts(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shop(simulator, store_id)
    found = [public(request, owner, c) for c in owner.carts.values()]
    path = f"/ecommerce/stores/{store_id}/carts"
    return paging.answer_list(request, path, "carts", found, store_id=store_id)


@router.post("")
async def add_cart(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shop(simulator, store_id)
    given = await bodies.read_json(request)
    if given.get("id") in owner.carts:
        raise already_exists("cart")
    cart = _build(simulator, owner, given, None)
    owner.carts[cart["id"]] = cart
    return public(request, owner, cart)


@router.get("/{cart_id}")
async def get_cart(simulator: SimulatorDep, request: Request, store_id: str, cart_id: str) -> Json:
    owner = shop(simulator, store_id)
    return paging.project(request, public(request, owner, _cart(owner, cart_id)))


@router.patch("/{cart_id}")
async def patch_cart(
    simulator: SimulatorDep, request: Request, store_id: str, cart_id: str
) -> Json:
    owner = shop(simulator, store_id)
    old = _cart(owner, cart_id)
    given = {**await bodies.read_json(request), "id": cart_id}
    owner.carts[cart_id] = _build(simulator, owner, given, old)
    return public(request, owner, owner.carts[cart_id])


@router.delete("/{cart_id}", status_code=204)
async def delete_cart(simulator: SimulatorDep, store_id: str, cart_id: str) -> Response:
    owner = shop(simulator, store_id)
    _cart(owner, cart_id)
    del owner.carts[cart_id]
    return Response(status_code=204)
