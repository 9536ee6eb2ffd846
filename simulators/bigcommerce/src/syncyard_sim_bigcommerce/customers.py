"""Customers v3: list (filters, page + cursor), batch create/update (≤10), delete, addresses."""

import base64

from fastapi import APIRouter, Request, Response

from syncyard_sim_bigcommerce import bodies, customer_payload, filters
from syncyard_sim_bigcommerce.deps import Simulator, SimulatorDep
from syncyard_sim_bigcommerce.errors import ApiError, invalid
from syncyard_sim_bigcommerce.pagination import envelope, parse_page
from syncyard_sim_bigcommerce.store import Json

router = APIRouter(prefix="/stores/{store_hash}/v3/customers")

BATCH_LIMIT = 10
SORTS = {"date_created", "last_name", "date_modified"}


def create_customers(simulator: Simulator, given: list[Json]) -> list[Json]:
    """Validate all, then store and announce each."""
    for index, item in enumerate(given):
        customer_payload.validate_customer(simulator.store, item, index)
    emails = [str(item.get("email", "")).strip().lower() for item in given]
    if len(set(emails)) != len(emails):
        raise invalid({"email": "The same e-mail address appears twice in the request."})
    made = []
    for item in given:
        customer = customer_payload.build_customer(simulator.store, item)
        simulator.store.customers[customer["id"]] = customer
        data = {"type": "customer", "id": customer["id"]}
        simulator.deliverer.fire("store/customer/created", data)
        made.append(customer)
    return made


def _filtered(simulator: Simulator, request: Request) -> list[Json]:
    store, params = simulator.store, request.query_params
    items = filters.by_ids(list(store.customers.values()), request)
    for name, field in (("email:in", "email"), ("company:in", "company"), ("phone:in", "phone")):
        wanted = bodies.words_param(params.get(name))
        if wanted is not None:
            lowered = {w.lower() for w in wanted}
            items = [c for c in items if str(c[field]).lower() in lowered]
    groups = bodies.ids_param(params.get("customer_group_id:in"), "customer_group_id:in")
    if groups is not None:
        items = [c for c in items if c["customer_group_id"] in groups]
    names = bodies.words_param(params.get("name:in"))
    if names is not None:
        items = [c for c in items if f"{c['first_name']} {c['last_name']}" in names]
    if "name:like" in params:
        like = params["name:like"].lower()
        items = [c for c in items if like in f"{c['first_name']} {c['last_name']}".lower()]
    now = store.clock.now()
    items = filters.in_window(items, request, now, lower="date_modified:min",
                              upper="date_modified:max", moment=filters.modified)  # fmt: skip
    items = filters.in_window(items, request, now, lower="date_created:min",
                              upper="date_created:max", moment=lambda c: c["_created"])  # fmt: skip
    field, _, direction = params.get("sort", "id:asc").partition(":")
    field = field if field in SORTS else "id"
    return filters.sort_items(items, field, descending=direction == "desc", moment=filters.modified)


def _cursor(customer_id: int) -> str:
    return base64.urlsafe_b64encode(str(customer_id).encode()).decode()


def _after(items: list[Json], cursor: str) -> list[Json]:
    try:
        last = int(base64.urlsafe_b64decode(cursor.encode()).decode())
    except ValueError:
        raise ApiError(400, "The after cursor is not valid.") from None
    position = next((n for n, c in enumerate(items) if c["id"] == last), None)
    if position is None:
        raise ApiError(400, "The after cursor is not valid.")
    return items[position + 1 :]


@router.get("")
async def list_customers(simulator: SimulatorDep, request: Request) -> Json:
    """A page of customers; `after` continues from a cursor (`meta.cursor_pagination`)."""
    include = set(bodies.words_param(request.query_params.get("include")) or [])
    items = _filtered(simulator, request)
    after = request.query_params.get("after")
    if after is None:
        answer = envelope(request, items, lambda c: customer_payload.shape_customer(c, include))
        if parse_page(request).number > 1:
            return answer
    else:
        limit = parse_page(request).limit
        chunk = _after(items, after)[:limit]
        data = [customer_payload.shape_customer(c, include) for c in chunk]
        answer = {"data": data, "meta": {}}
    data = answer["data"]
    limit = parse_page(request).limit
    cursor: Json = {"count": len(data), "per_page": limit, "links": {}}
    if data:
        cursor |= {"start_cursor": _cursor(data[0]["id"]), "end_cursor": _cursor(data[-1]["id"])}
        if items and items[-1]["id"] != data[-1]["id"]:
            cursor["links"]["next"] = f"?after={cursor['end_cursor']}&limit={limit}"
    answer["meta"]["cursor_pagination"] = cursor
    return answer


@router.post("")
async def post_customers(simulator: SimulatorDep, request: Request) -> Json:
    """Create up to 10 customers (array body)."""
    given = await bodies.read_array(request, at_most=BATCH_LIMIT)
    made = create_customers(simulator, given)
    return {"data": [customer_payload.shape_customer(c, {"addresses"}) for c in made], "meta": {}}


@router.put("")
async def put_customers(simulator: SimulatorDep, request: Request) -> Json:
    """Update up to 10 customers named by `id`."""
    store = simulator.store
    given = await bodies.read_array(request, at_most=BATCH_LIMIT)
    for index, item in enumerate(given):
        if item.get("id") not in store.customers:
            raise invalid({f"{index}.id": f"Customer {item.get('id')} does not exist."})
        customer_payload.validate_customer(store, item, index, own=item["id"])
    changed = []
    for item in given:
        customer = store.customers[item["id"]]
        customer_payload.update_customer(store, customer, item)
        simulator.deliverer.fire("store/customer/updated", {"type": "customer", "id": item["id"]})
        changed.append(customer_payload.shape_customer(customer, set()))
    return {"data": changed, "meta": {}}


@router.delete("", status_code=204)
async def delete_customers(simulator: SimulatorDep, request: Request) -> Response:
    """Delete the customers of `id:in`."""
    ids = bodies.ids_param(request.query_params.get("id:in"), "id:in")
    if not ids:
        raise invalid({"id:in": "error.path.missing"})
    for customer_id in ids:
        if simulator.store.customers.pop(customer_id, None) is not None:
            data = {"type": "customer", "id": customer_id}
            simulator.deliverer.fire("store/customer/deleted", data)
    return Response(status_code=204)
