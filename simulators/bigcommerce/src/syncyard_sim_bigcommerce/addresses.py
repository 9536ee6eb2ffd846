"""Customer addresses v3: list, batch create, batch update."""

from fastapi import APIRouter, Request

from syncyard_sim_bigcommerce import bodies, customer_payload, limits
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import invalid
from syncyard_sim_bigcommerce.pagination import envelope
from syncyard_sim_bigcommerce.store import Json

router = APIRouter(prefix="/stores/{store_hash}/v3/customers")

REQUIRED = (*customer_payload.ADDRESS_REQUIRED, "state_or_province", "postal_code")


def _announce(simulator: Simulator, scope: str, address: Json) -> None:
    customer = simulator.store.customers[address["customer_id"]]
    customer_payload.touch(simulator.store, customer)
    data = {"type": "customer", "id": address["id"],
            "address": {"customer_id": address["customer_id"]}}  # fmt: skip
    simulator.deliverer.fire(scope, data)


@router.get("/addresses")
async def list_addresses(simulator: SimulatorDep, request: Request) -> Json:
    """Addresses; `customer_id:in`, `id:in`."""
    params = request.query_params
    customers = bodies.ids_param(params.get("customer_id:in"), "customer_id:in")
    ids = bodies.ids_param(params.get("id:in"), "id:in")
    found = [
        a for c in simulator.store.customers.values() for a in c["_addresses"]
        if (customers is None or a["customer_id"] in customers) and (ids is None or a["id"] in ids)
    ]  # fmt: skip
    return envelope(request, sorted(found, key=lambda a: a["id"]))


@router.post("/addresses")
async def post_addresses(simulator: SimulatorDep, request: Request) -> Json:
    """Add addresses to customers (array; each names its `customer_id`)."""
    store = simulator.store
    given = await bodies.read_array(request, at_most=10)
    for index, item in enumerate(given):
        missing = {f"{index}.{n}": "error.path.missing" for n in REQUIRED if not item.get(n)}
        if item.get("customer_id") not in store.customers:
            missing[f"{index}.customer_id"] = "The customer does not exist."
        missing |= limits.too_long(item, limits.ADDRESS, f"{index}.")
        if missing:
            raise invalid(missing)
    made = []
    for item in given:
        address = customer_payload.add_address(store, store.customers[item["customer_id"]], item)
        _announce(simulator, "store/customer/address/created", address)
        made.append(address)
    return {"data": made, "meta": {}}


@router.put("/addresses")
async def put_addresses(simulator: SimulatorDep, request: Request) -> Json:
    """Change addresses named by `id`."""
    store = simulator.store
    given = await bodies.read_array(request, at_most=10)
    by_id = {a["id"]: a for c in store.customers.values() for a in c["_addresses"]}
    for index, item in enumerate(given):
        if item.get("id") not in by_id:
            raise invalid({f"{index}.id": f"Address {item.get('id')} does not exist."})
        if errors := limits.too_long(item, limits.ADDRESS, f"{index}."):
            raise invalid(errors)
    for item in given:
        customer_payload.update_address(by_id[item["id"]], item)
        _announce(simulator, "store/customer/address/updated", by_id[item["id"]])
    return {"data": [by_id[item["id"]] for item in given], "meta": {}}
