"""`/v{version}/customers…`: customer accounts (camelCase fields) and their addresses."""

import re
from typing import Any

from fastapi import APIRouter, Request

from syncyard_sim_mijnwebwinkel import bodies
from syncyard_sim_mijnwebwinkel.deps import StoreDep
from syncyard_sim_mijnwebwinkel.errors import invalid, not_found
from syncyard_sim_mijnwebwinkel.seed import STORE_ID
from syncyard_sim_mijnwebwinkel.store import Json, Store

router = APIRouter(prefix="/v{version}")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAME_FIELDS = ("firstName", "lastName", "dateOfBirth", "description")
_ADDRESS_TEXT = ("firstName", "lastName", "street", "streetNumber", "zipCode", "city")
_ADDRESS_NULLABLE = ("company", "phone", "taxNumber", "iban")


def _shown(customer: Json, *, with_addresses: bool) -> Json:
    shown = {k: v for k, v in customer.items() if k != "addresses"}
    if with_addresses:
        shown["addresses"] = list(customer["addresses"])
    return shown


def _customer(store: Store, customer_id: str) -> Json:
    customer = store.customers.get(customer_id)
    if customer is None:
        raise not_found(f"Customer {customer_id}")
    return customer


@router.get("/customers")
async def list_customers(store: StoreDep, request: Request) -> Json:
    """`q` searches e-mail addresses (part of the address matches, any case)."""
    query = (request.query_params.get("q") or "").strip().casefold()
    with_addresses = "address" in (request.query_params.get("embed") or "").split(",")
    found = [c for c in store.customers.values() if query in c["email"].casefold()]
    return {"customers": [_shown(c, with_addresses=with_addresses) for c in found]}


@router.post("/customers")
async def create_customer(store: StoreDep, request: Request) -> Json:
    """A new customer account; the e-mail must be valid and not yet in use."""
    customer = create_customer_record(store, await bodies.read_object(request))
    return {"customer": _shown(customer, with_addresses=True)}


def create_customer_record(store: Store, body: Json) -> Json:
    """Validate and store a new customer (also used by the control API)."""
    email = body.get("email")
    if not isinstance(email, str) or not _EMAIL.match(email.strip()):
        raise invalid("email: This value is not a valid email address.")
    if any(c["email"].casefold() == email.strip().casefold() for c in store.customers.values()):
        raise invalid("email: A customer with this email address already exists.")
    customer: Json = {
        "id": store.new_uuid("customer"),
        "storeId": STORE_ID,
        "email": email.strip(),
        "firstName": None,
        "lastName": None,
        "dateOfBirth": None,
        "description": None,
        "addresses": [],
    }
    _apply(customer, {k: v for k, v in body.items() if k in ("firstName", "lastName")})
    store.customers[customer["id"]] = customer
    return customer


@router.get("/customers/{customer_id}")
async def get_customer(store: StoreDep, customer_id: str) -> Json:
    return {"customer": _shown(_customer(store, customer_id), with_addresses=True)}


@router.patch("/customers/{customer_id}")
async def patch_customer(store: StoreDep, request: Request, customer_id: str) -> Json:
    customer = _customer(store, customer_id)
    _apply(customer, await bodies.read_object(request))
    return {"customer": _shown(customer, with_addresses=True)}


@router.delete("/customers/{customer_id}")
async def delete_customer(store: StoreDep, customer_id: str) -> Json:
    del store.customers[_customer(store, customer_id)["id"]]
    return {}


def _apply(customer: Json, body: Json) -> None:
    for key in _NAME_FIELDS:
        if key in body:
            value = body[key]
            if value is not None and not isinstance(value, str):
                raise invalid(f"{key}: This value should be of type string.")
            customer[key] = value


@router.get("/customers/{customer_id}/addresses")
async def list_addresses(store: StoreDep, customer_id: str) -> Json:
    return {"addresses": list(_customer(store, customer_id)["addresses"])}


@router.post("/customers/{customer_id}/addresses")
async def add_address(store: StoreDep, request: Request, customer_id: str) -> Json:
    """Add an address; the first one becomes the default for delivery and invoice."""
    body = await bodies.read_object(request)
    return {"address": add_address_record(store, customer_id, body)}


def add_address_record(store: Store, customer_id: str, body: Json) -> Json:
    """Validate and attach an address (also used by the control API)."""
    customer = _customer(store, customer_id)
    first = not customer["addresses"]
    address: Json = {"id": store.new_uuid("address")} | dict.fromkeys(_ADDRESS_TEXT, "")
    address |= {"countryCode": "NL"} | dict.fromkeys(_ADDRESS_NULLABLE)
    address |= {"isDefaultForDelivery": first, "isDefaultForInvoice": first}
    _apply_address(address, body)
    customer["addresses"].append(address)
    return address


def _address(store: Store, customer_id: str, address_id: str) -> Json:
    customer = _customer(store, customer_id)
    found = next((a for a in customer["addresses"] if a["id"] == address_id), None)
    if found is None:
        raise not_found(f"Address {address_id}")
    address: Json = found
    return address


@router.get("/customers/{customer_id}/addresses/{address_id}")
async def get_address(store: StoreDep, customer_id: str, address_id: str) -> Json:
    return {"address": _address(store, customer_id, address_id)}


@router.patch("/customers/{customer_id}/addresses/{address_id}")
async def patch_address(
    store: StoreDep, request: Request, customer_id: str, address_id: str
) -> Json:
    address = _address(store, customer_id, address_id)
    _apply_address(address, await bodies.read_object(request))
    return {"address": address}


@router.delete("/customers/{customer_id}/addresses/{address_id}")
async def delete_address(store: StoreDep, customer_id: str, address_id: str) -> Json:
    address = _address(store, customer_id, address_id)
    _customer(store, customer_id)["addresses"].remove(address)
    return {}


def _apply_address(address: Json, body: Json) -> None:
    for key in _ADDRESS_TEXT:
        if key in body:
            address[key] = _string(body[key], key)
    for key in _ADDRESS_NULLABLE:
        if key in body:
            address[key] = None if body[key] is None else _string(body[key], key)
    if "countryCode" in body:
        code = body["countryCode"]
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
            raise invalid("countryCode: This value is not a valid country.")
        address["countryCode"] = code
    if "gender" in body:
        if body["gender"] not in ("F", "M", None):
            raise invalid("gender: The value you selected is not a valid choice.")
        # The spec's enum has no null, so an unknown gender is left out rather than null.
        if body["gender"] is None:
            address.pop("gender", None)
        else:
            address["gender"] = body["gender"]
    for key in ("isDefaultForDelivery", "isDefaultForInvoice"):
        if key in body:
            address[key] = bool(body[key])


def _string(value: Any, field: str) -> str:
    if not isinstance(value, str):
        raise invalid(f"{field}: This value should be of type string.")
    return value
