"""Customers: list, search (`email:`), get, create (unique e-mail), update."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_shopify import bodies, customer_payload
from syncyard_sim_shopify.deps import Simulator, SimulatorDep
from syncyard_sim_shopify.errors import not_found
from syncyard_sim_shopify.filters import apply_common
from syncyard_sim_shopify.pagination import paginate, parse_page, project
from syncyard_sim_shopify.store import Json

router = APIRouter(prefix="/admin/api/{version}")


def _matches(customer: Json, term: str) -> bool:
    """One search term: `field:value` (exact, case-insensitive) or free text in name/e-mail."""
    field, _, value = term.partition(":")
    if value and field in {"email", "first_name", "last_name", "phone", "tag"}:
        actual = customer.get("tags" if field == "tag" else field) or ""
        if field == "tag":
            return value.lower() in [t.strip().lower() for t in actual.split(",")]
        return str(actual).lower() == value.strip('"').lower()
    haystack = " ".join(str(customer.get(k) or "") for k in ("email", "first_name", "last_name"))
    return term.lower() in haystack.lower()


def create_customer(simulator: Simulator, given: Json) -> Json:
    """Validate (unique e-mail), store, and fire customers/create."""
    customer_payload.validate_customer(simulator.store, given)
    customer = customer_payload.build_customer(simulator.store, given)
    simulator.store.customers[customer["id"]] = customer
    simulator.deliverer.fire("customers/create", customer)
    return customer


@router.get("/customers.json")
async def list_customers(simulator: SimulatorDep, request: Request, response: Response) -> Json:
    """Customers page with a `Link` header when more pages exist."""
    page = parse_page(request)
    found = apply_common(list(simulator.store.customers.values()), page.filters)
    chunk, link = paginate(request, page, found)
    if link:
        response.headers["Link"] = link
    return {"customers": [project(c, request) for c in chunk]}


@router.get("/customers/search.json")
async def search_customers(simulator: SimulatorDep, request: Request) -> Json:
    """All terms of `query` must match (AND), e.g. `query=email:jan@example.nl`."""
    terms = request.query_params.get("query", "").split()
    found = [c for c in simulator.store.customers.values() if all(_matches(c, t) for t in terms)]
    limit = int(request.query_params.get("limit", "50"))
    return {"customers": [project(c, request) for c in found[:limit]]}


@router.get("/customers/{customer_id:int}.json")
async def get_customer(simulator: SimulatorDep, request: Request, customer_id: int) -> Json:
    """One customer, or 404."""
    customer = simulator.store.customers.get(customer_id)
    if customer is None:
        raise not_found()
    return {"customer": project(customer, request)}


@router.post("/customers.json", status_code=201)
async def post_customer(simulator: SimulatorDep, request: Request) -> Json:
    """Create a customer; 422 `{"email": ["has already been taken"]}` on a duplicate."""
    given = await bodies.read_root(request, "customer")
    return {"customer": create_customer(simulator, given)}


@router.put("/customers/{customer_id:int}.json")
async def put_customer(simulator: SimulatorDep, request: Request, customer_id: int) -> Json:
    """Update a customer."""
    customer = simulator.store.customers.get(customer_id)
    if customer is None:
        raise not_found()
    given = await bodies.read_root(request, "customer")
    customer_payload.validate_customer(simulator.store, given, except_id=customer_id)
    customer_payload.update_customer(simulator.store, customer, given)
    simulator.deliverer.fire("customers/update", customer)
    return {"customer": customer}
