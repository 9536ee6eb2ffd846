"""Customers: `/api/v3/{storeId}/customers…` (`email` is a search term, not an exact match)."""

from collections.abc import Callable

from fastapi import APIRouter, Request

from syncyard_sim_ecwid import bodies, paging
from syncyard_sim_ecwid.deps import Simulator, SimulatorDep
from syncyard_sim_ecwid.errors import EcwidError, not_found, wrong_parameter
from syncyard_sim_ecwid.store import Json, Store

router = APIRouter(prefix="/api/v3/{store_id}/customers")

CUSTOMER_FIELDS = (
    "email",
    "name",
    "billingPerson",
    "shippingAddresses",
    "customerGroupId",
    "taxId",
    "taxExempt",
    "acceptMarketing",
    "b2b_b2c",
    "lang",
    "privateAdminNotes",
)
_SORTS = {
    "NAME_ASC": (lambda c: (c["name"].lower(), c["id"]), False),
    "NAME_DESC": (lambda c: (c["name"].lower(), c["id"]), True),
    "EMAIL_ASC": (lambda c: (c["email"].lower(), c["id"]), False),
    "EMAIL_DESC": (lambda c: (c["email"].lower(), c["id"]), True),
    "REGISTERED_DATE_ASC": (lambda c: (c["_created"], c["id"]), False),
    "REGISTERED_DATE_DESC": (lambda c: (c["_created"], c["id"]), True),
    "UPDATED_DATE_ASC": (lambda c: (c["_updated"], c["id"]), False),
    "UPDATED_DATE_DESC": (lambda c: (c["_updated"], c["id"]), True),
}


def apply_customer(store: Store, record: Json, given: Json) -> None:
    """Copy writable fields; e-mail must look like one and be unique in the store."""
    if "email" in given:
        email = given["email"]
        if not isinstance(email, str) or "@" not in email:
            raise wrong_parameter("email", email, "not a valid e-mail address")
        taken = any(
            c["email"].lower() == email.lower() and c is not record
            for c in store.customers.values()
        )
        if taken:
            raise EcwidError(409, f"Customer with email {email} already exists")
    shipping = given.get("shippingAddresses")
    if shipping is not None and not isinstance(shipping, list):
        raise wrong_parameter("shippingAddresses", shipping, "expected a list")
    for name in CUSTOMER_FIELDS:
        if name in given:
            record[name] = given[name]
    for address in record["shippingAddresses"]:
        address.setdefault("id", store.new_id("item"))
    if "name" not in given and "billingPerson" in given:
        record["name"] = record["billingPerson"].get("name", "")
    record["b2b_b2c"] = (
        "b2b" if record["billingPerson"].get("companyName") else record.get("b2b_b2c", "b2c")
    )


def new_customer(store: Store, given: Json) -> Json:
    if "email" not in given:
        raise wrong_parameter("email", None, "customer e-mail is required")
    record: Json = {
        "id": store.new_id("customer"),
        "name": "",
        "email": "",
        "totalOrderCount": 0,
        "customerGroupId": 0,
        "customerGroupName": "General",
        "billingPerson": {},
        "shippingAddresses": [],
        "taxId": "",
        "taxIdValid": True,
        "taxExempt": False,
        "acceptMarketing": False,
        "b2b_b2c": "b2c",
    }
    apply_customer(store, record, given)
    store.stamp(record, created=True, prefix="customer")
    record["_created"] = record["_updated"]
    return record


def customer_of(simulator: Simulator, customer_id: int) -> Json:
    customer = simulator.store.customers.get(customer_id)
    if customer is None:
        raise not_found("customer", customer_id)
    return customer


def customer_filter(request: Request) -> Callable[[Json], bool]:
    """Parse every filter first; `keyword`, `name` and `email` are search terms (substrings)."""
    params = request.query_params
    terms = [
        ((params.get(name) or "").strip().lower(), fields)
        for name, fields in (
            ("keyword", ("name", "email")),
            ("name", ("name",)),
            ("email", ("email",)),
        )
    ]
    group = paging.int_param(request, "customerGroup")
    marketing = paging.bool_param(request, "acceptMarketing")
    updated = paging.updated_between(request)

    def matches(customer: Json) -> bool:
        for term, fields in terms:
            if term and not any(term in str(customer.get(f, "")).lower() for f in fields):
                return False
        return (
            (group is None or customer["customerGroupId"] == group)
            and (marketing is None or customer["acceptMarketing"] == marketing)
            and updated(customer)
        )

    return matches


@router.get("")
async def search_customers(simulator: SimulatorDep, request: Request) -> Json:
    sort_by = request.query_params.get("sortBy", "NAME_ASC")
    if sort_by not in _SORTS:
        raise wrong_parameter("sortBy", sort_by)
    key, reverse = _SORTS[sort_by]
    matches = customer_filter(request)
    found = [c for c in simulator.store.customers.values() if matches(c)]
    found.sort(key=key, reverse=reverse)  # type: ignore[arg-type]
    return paging.envelope(request, found, default_limit=100)


@router.get("/deleted")
async def deleted_customers(simulator: SimulatorDep, request: Request) -> Json:
    return paging.deleted_page(simulator.store, request, "customers")


@router.get("/{customer_id}")
async def get_customer(simulator: SimulatorDep, customer_id: int) -> Json:
    return bodies.public(customer_of(simulator, customer_id))


@router.post("")
async def create_customer(simulator: SimulatorDep, request: Request) -> Json:
    customer = new_customer(simulator.store, await bodies.read_json(request))
    simulator.store.customers[customer["id"]] = customer
    simulator.deliverer.fire("customer.created", customer["id"])
    return {"id": customer["id"]}


@router.put("/{customer_id}")
async def update_customer(simulator: SimulatorDep, customer_id: int, request: Request) -> Json:
    customer = customer_of(simulator, customer_id)
    apply_customer(simulator.store, customer, await bodies.read_json(request))
    simulator.store.stamp(customer, prefix="customer")
    simulator.deliverer.fire("customer.updated", customer_id)
    return {"updateCount": 1}


@router.delete("/{customer_id}")
async def delete_customer(simulator: SimulatorDep, customer_id: int) -> Json:
    customer_of(simulator, customer_id)
    del simulator.store.customers[customer_id]
    simulator.store.log_deleted("customers", customer_id, "CUSTOMER")
    simulator.deliverer.fire("customer.deleted", customer_id)
    return {"deleteCount": 1}
