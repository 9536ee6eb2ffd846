"""E-commerce customers: `/3.0/ecommerce/stores/{store_id}/customers[/{customer_id}]`."""

from fastapi import APIRouter, Request, Response

from syncyard_sim_mailchimp import addresses, bodies, members, paging
from syncyard_sim_mailchimp.bodies import Json, text
from syncyard_sim_mailchimp.deps import Simulator, SimulatorDep
from syncyard_sim_mailchimp.problems import already_exists, invalid, not_found
from syncyard_sim_mailchimp.shops import shop
from syncyard_sim_mailchimp.store import EcommerceStore, subscriber_hash

router = APIRouter(prefix="/3.0/ecommerce/stores/{store_id}/customers")
TEXT_FIELDS = ("first_name", "last_name", "company", "sms_phone_number")
ID_MAX = 50  # Customer Foreign ID maxLength (specs/vendor/mailchimp/marketing.openapi.json)
TYPES: dict[str, type] = {"id": str, "email_address": str, "opt_in_status": bool, "company": str}


def public(request: Request, owner: EcommerceStore, customer: Json) -> Json:
    """The stored customer plus the order figures Mailchimp computes."""
    orders = [o for o in owner.orders.values() if o["customer_id"] == customer["id"]]
    spent = round(sum(o["order_total"] for o in orders), 2)
    path = f"/ecommerce/stores/{owner.record['id']}/customers/{customer['id']}"
    return {
        **customer,
        "orders_count": len(orders),
        "total_spent": spent,
        "_links": paging.links(request, path, parent=path.rsplit("/", 1)[0]),
    }


def upsert(simulator: Simulator, owner: EcommerceStore, given: Json) -> Json:
    """Create or update from a body (also the `customer` of an order); joins the audience."""
    bodies.check_types(given, TYPES)
    if len(given.get("id") or "") > ID_MAX:
        raise invalid("id", f"This value is too long. It should have {ID_MAX} characters or less.")
    existing = owner.customers.get(given.get("id") or "")
    if existing is None:
        bodies.require(given, "id", "email_address")
        now = simulator.store.timestamp()
        existing = {
            "id": given["id"],
            "email_address": given["email_address"],
            "opt_in_status": bool(given.get("opt_in_status", False)),
            **dict.fromkeys(TEXT_FIELDS, ""),
            "address": addresses.address(None, addresses.CUSTOMER_FIELDS),
            "created_at": now,
        }
        owner.customers[existing["id"]] = existing
        _join_audience(simulator, owner, existing)
    for name in ("email_address", *TEXT_FIELDS):
        if given.get(name) is not None:
            existing[name] = given[name]
    if isinstance(given.get("address"), dict):
        merged = {**existing["address"], **given["address"]}
        existing["address"] = addresses.address(merged, addresses.CUSTOMER_FIELDS)
    existing["updated_at"] = simulator.store.timestamp()
    return existing


def _join_audience(simulator: Simulator, owner: EcommerceStore, customer: Json) -> None:
    """A new customer becomes a member: subscribed when opted in, else transactional."""
    list_id = owner.record["list_id"]
    audience = members.audience(simulator, list_id)
    if subscriber_hash(customer["email_address"]) in audience:
        return
    status = "subscribed" if customer["opt_in_status"] else "transactional"
    merges = {"FNAME": text(customer.get("first_name")), "LNAME": text(customer.get("last_name"))}
    given = {"email_address": customer["email_address"], "merge_fields": merges}
    members.create(simulator, list_id, given, status=status, source="api")


def _customer(owner: EcommerceStore, customer_id: str) -> Json:
    customer = owner.customers.get(customer_id)
    if customer is None:
        raise not_found()
    return customer


@router.get("")
async def list_customers(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shop(simulator, store_id)
    records = list(owner.customers.values())
    email = request.query_params.get("email_address")
    if email:
        records = [c for c in records if c["email_address"].lower() == email.strip().lower()]
    shown = [public(request, owner, c) for c in records]
    path = f"/ecommerce/stores/{store_id}/customers"
    return paging.answer_list(request, path, "customers", shown, store_id=store_id)


@router.post("")
async def add_customer(simulator: SimulatorDep, request: Request, store_id: str) -> Json:
    owner = shop(simulator, store_id)
    given = await bodies.read_json(request)
    bodies.require(given, "id", "email_address", "opt_in_status")
    if given["id"] in owner.customers:
        raise already_exists("customer")
    return public(request, owner, upsert(simulator, owner, given))


@router.get("/{customer_id}")
async def get_customer(
    simulator: SimulatorDep, request: Request, store_id: str, customer_id: str
) -> Json:
    owner = shop(simulator, store_id)
    return paging.project(request, public(request, owner, _customer(owner, customer_id)))


@router.put("/{customer_id}")
async def put_customer(
    simulator: SimulatorDep, request: Request, store_id: str, customer_id: str
) -> Json:
    owner = shop(simulator, store_id)
    given = {**await bodies.read_json(request), "id": customer_id}
    if customer_id not in owner.customers:
        bodies.require(given, "email_address", "opt_in_status")
    return public(request, owner, upsert(simulator, owner, given))


@router.patch("/{customer_id}")
async def patch_customer(
    simulator: SimulatorDep, request: Request, store_id: str, customer_id: str
) -> Json:
    owner = shop(simulator, store_id)
    _customer(owner, customer_id)
    given = {**await bodies.read_json(request), "id": customer_id}
    return public(request, owner, upsert(simulator, owner, given))


@router.delete("/{customer_id}", status_code=204)
async def delete_customer(simulator: SimulatorDep, store_id: str, customer_id: str) -> Response:
    owner = shop(simulator, store_id)
    _customer(owner, customer_id)
    del owner.customers[customer_id]
    return Response(status_code=204)
