"""E-commerce stores: `/3.0/ecommerce/stores[/{store_id}]`; list_id and currency are fixed."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_mailchimp import addresses, bodies, paging
from syncyard_sim_mailchimp.bodies import Json, text
from syncyard_sim_mailchimp.deps import Simulator, SimulatorDep
from syncyard_sim_mailchimp.problems import already_exists, invalid, not_found
from syncyard_sim_mailchimp.store import EcommerceStore

router = APIRouter(prefix="/3.0/ecommerce/stores")
TEXT_FIELDS = (
    "platform", "domain", "email_address", "money_format", "primary_locale", "timezone", "phone",
)  # fmt: skip
IMMUTABLE = ("list_id", "currency_code")


def shop(simulator: Simulator, store_id: str) -> EcommerceStore:
    """The store, or 404 Resource Not Found."""
    found = simulator.store.shop(store_id)
    if found is None:
        raise not_found()
    return found


def public(request: Request, record: Json) -> Json:
    path = f"/ecommerce/stores/{record['id']}"
    return {**record, "_links": paging.links(request, path, parent="/ecommerce/stores")}


def create(simulator: Simulator, given: Json) -> Json:
    """Validate and add a store; 400 when the id is taken or the audience is unknown."""
    bodies.require(given, "id", "list_id", "name", "currency_code")
    bodies.check_types(given, {"id": str, "list_id": str, "name": str, "is_syncing": bool})
    if given["id"] in simulator.store.stores:
        raise already_exists("store")
    if given["list_id"] not in simulator.store.lists:
        raise invalid("list_id", "The list_id provided could not be found.")
    now = simulator.store.timestamp()
    record: Json = {
        "id": given["id"],
        "list_id": given["list_id"],
        "name": given["name"],
        **{name: text(given.get(name)) for name in TEXT_FIELDS},
        "is_syncing": bool(given.get("is_syncing", False)),
        "currency_code": str(given["currency_code"]).upper(),
        "address": addresses.address(
            given.get("address"), addresses.STORE_FIELDS, with_position=True
        ),
        "list_is_active": True,
        "created_at": now,
        "updated_at": now,
    }
    simulator.store.stores[record["id"]] = EcommerceStore(record=record)
    return record


@router.get("")
async def list_stores(simulator: SimulatorDep, request: Request) -> Json:
    records = [public(request, s.record) for s in simulator.store.stores.values()]
    return paging.answer_list(request, "/ecommerce/stores", "stores", records)


@router.post("")
async def add_store(simulator: SimulatorDep, request: Request) -> Json:
    return public(request, create(simulator, await bodies.read_json(request)))


@router.get("/{store_id}")
async def get_store(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    return paging.project(request, public(request, shop(simulator, store_id).record))


@router.patch("/{store_id}")
async def patch_store(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    record = shop(simulator, store_id).record
    given = await bodies.read_json(request)
    bodies.check_types(given, {"name": str, "is_syncing": bool})
    for name in IMMUTABLE:
        if given.get(name) is not None and str(given[name]).upper() != record[name].upper():
            raise invalid(name, f"The {name} of a store cannot be changed.")
    for name in ("name", *TEXT_FIELDS, "is_syncing"):
        if given.get(name) is not None:
            record[name] = given[name]
    if isinstance(given.get("address"), dict):
        merged = {**record["address"], **given["address"]}
        record["address"] = addresses.address(merged, addresses.STORE_FIELDS, with_position=True)
    record["updated_at"] = simulator.store.timestamp()
    return public(request, record)


@router.delete("/{store_id}", status_code=204)
async def delete_store(simulator: SimulatorDep, store_id: str) -> Response:
    shop(simulator, store_id)
    del simulator.store.stores[store_id]
    return Response(status_code=204)
