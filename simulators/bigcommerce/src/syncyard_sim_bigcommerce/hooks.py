"""Webhook registrations `/v3/hooks`: list, create, get, update (reactivate), delete."""

from urllib.parse import urlsplit

from fastapi import APIRouter, Request

from syncyard_sim_bigcommerce import bodies
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import invalid, not_found
from syncyard_sim_bigcommerce.pagination import envelope
from syncyard_sim_bigcommerce.store import Json, Store

router = APIRouter(prefix="/stores/{store_hash}/v3/hooks")

SCOPE_ROOTS = ("store/order/", "store/product/", "store/sku/", "store/customer/",
               "store/category/", "store/shipment/", "store/app/", "store/cart/",
               "store/channel/", "store/inventory/", "store/information/", "store/subscriber/",
               "store/brand/", "store/metafield/")  # fmt: skip


def _check(store: Store, given: Json, hook: Json | None = None) -> None:
    errors: dict[str, str] = {}
    scope = given.get("scope", hook["scope"] if hook else None)
    destination = given.get("destination", hook["destination"] if hook else None)
    if not isinstance(scope, str) or not scope.startswith(SCOPE_ROOTS):
        errors["scope"] = "A valid webhook scope is required, e.g. store/order/created."
    parts = urlsplit(destination) if isinstance(destination, str) else None
    if parts is None or not parts.hostname:
        errors["destination"] = "A destination URL is required."
    elif not store.config.allow_http_destinations and (
        parts.scheme != "https" or parts.port not in (None, 443)
    ):
        errors["destination"] = "The destination must be an https URL on port 443."
    headers = given.get("headers")
    if headers is not None and not (
        isinstance(headers, dict) and all(isinstance(v, str) for v in headers.values())
    ):
        errors["headers"] = "Headers must be an object of strings."
    if errors:
        raise invalid(errors, title="Webhook is invalid")


def register(simulator: Simulator, given: Json) -> Json:
    """Validate and store a hook (active unless `is_active: false`)."""
    store = simulator.store
    _check(store, given)
    now = int(store.clock.now().timestamp())
    hook = {
        "id": store.new_id("hook"), "client_id": store.settings.client_id,
        "store_hash": store.settings.store_hash, "scope": given["scope"],
        "destination": given["destination"], "headers": given.get("headers"),
        "is_active": bool(given.get("is_active", True)), "created_at": now, "updated_at": now,
    }  # fmt: skip
    store.hooks[hook["id"]] = hook
    return hook


def _get(simulator: Simulator, hook_id: int) -> Json:
    hook = simulator.store.hooks.get(hook_id)
    if hook is None:
        raise not_found()
    return hook


@router.get("")
async def list_hooks(simulator: SimulatorDep, request: Request) -> Json:
    """Hooks; `is_active`, `scope`, `destination` filters."""
    params = request.query_params
    found = sorted(simulator.store.hooks.values(), key=lambda h: h["id"])
    if "is_active" in params:
        active = params["is_active"].lower() in ("1", "true")
        found = [h for h in found if h["is_active"] is active]
    for name in ("scope", "destination"):
        if name in params:
            found = [h for h in found if h[name] == params[name]]
    return envelope(request, found)


@router.post("")
async def post_hook(simulator: SimulatorDep, request: Request) -> Json:
    """Create `{scope, destination, is_active?, headers?}`."""
    hook = register(simulator, await bodies.read_object(request))
    return {"data": hook, "meta": {}}


@router.get("/{hook_id:int}")
async def read_hook(simulator: SimulatorDep, hook_id: int) -> Json:
    """One hook, or 404."""
    return {"data": _get(simulator, hook_id), "meta": {}}


@router.put("/{hook_id:int}")
async def put_hook(simulator: SimulatorDep, request: Request, hook_id: int) -> Json:
    """Change scope, destination, headers or `is_active` (reactivation after failures)."""
    hook = _get(simulator, hook_id)
    given = await bodies.read_object(request)
    _check(simulator.store, given, hook)
    for key in ("scope", "destination", "headers", "is_active"):
        if key in given:
            hook[key] = given[key]
    hook["updated_at"] = int(simulator.store.clock.now().timestamp())
    return {"data": hook, "meta": {}}


@router.delete("/{hook_id:int}")
async def delete_hook(simulator: SimulatorDep, hook_id: int) -> Json:
    """Remove a hook; answers with the removed hook."""
    hook = _get(simulator, hook_id)
    del simulator.store.hooks[hook_id]
    return {"data": hook, "meta": {}}
