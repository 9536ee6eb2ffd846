"""Customer calls (v3): get, find by exact e-mail, create or update with addresses."""

from typing import Any

from syncyard_common.canonical import Customer
from syncyard_gateway.connectors.base import UpsertedCustomer
from syncyard_gateway.connectors.bigcommerce import translate
from syncyard_gateway.connectors.bigcommerce.client import BigCommerceClient
from syncyard_gateway.connectors.bigcommerce.payloads import BcAddress, BcCustomer
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorNotFound

PATH = "/v3/customers"


def to_canonical(raw: Any) -> Customer:
    return translate.to_canonical_customer(BcCustomer.model_validate(raw))


async def get(client: BigCommerceClient, customer_id: str) -> Customer:
    if not customer_id.isdigit():
        raise ConnectorNotFound(f"{customer_id!r} is not a BigCommerce customer id.")
    found, _ = await client.v3_list(PATH, **{"id:in": customer_id, "include": "addresses"})
    if not found:
        raise ConnectorNotFound(f"BigCommerce has no customer {customer_id}.")
    return to_canonical(found[0])


async def find(client: BigCommerceClient, email: str) -> Customer | None:
    """Exact, case-insensitive e-mail match (`email:in` is a whole-address filter)."""
    wanted = email.strip().casefold()
    if not wanted or "," in wanted:
        return None
    found, _ = await client.v3_list(PATH, **{"email:in": wanted, "include": "addresses"})
    match = next((c for c in found if str(c.get("email", "")).casefold() == wanted), None)
    return to_canonical(match) if match is not None else None


async def upsert(
    client: BigCommerceClient, customer: Customer, *, existing_id: str | None
) -> UpsertedCustomer:
    """Look up by e-mail first (a redelivery must not create a second customer)."""
    if existing_id is None and customer.email:
        found = await find(client, customer.email)
        existing_id = found.id if found else None
    wanted = [
        a
        for a in (
            translate.address_body(customer.billing_address, customer),
            translate.address_body(customer.shipping_address, customer),
        )
        if a is not None
    ]
    body = translate.customer_body(customer)
    if existing_id is None:
        if not body["email"]:
            raise ConnectorDataError("BigCommerce needs an e-mail address to create a customer.")
        answer = await client.call("POST", PATH, body=[body | {"addresses": wanted}])
        created = str(answer["data"][0]["id"])
        return UpsertedCustomer(customer_id=created, was_created=True, contact_id=None)
    if not body["email"]:
        body.pop("email")
    await client.call("PUT", PATH, body=[body | {"id": int(existing_id)}])
    await _sync_addresses(client, int(existing_id), wanted)
    return UpsertedCustomer(customer_id=existing_id, was_created=False, contact_id=None)


async def _sync_addresses(
    client: BigCommerceClient, customer_id: int, wanted: list[dict[str, Any]]
) -> None:
    """Billing into the first address slot, shipping into the second; others stay."""
    stored, _ = await client.v3_list(f"{PATH}/addresses", **{"customer_id:in": str(customer_id)})
    slots = [BcAddress.model_validate(a) for a in stored]
    updates = [w | {"id": slot.id} for w, slot in zip(wanted, slots, strict=False)]
    additions = [w | {"customer_id": customer_id} for w in wanted[len(slots) :]]
    if updates:
        await client.call("PUT", f"{PATH}/addresses", body=updates)
    if additions:
        await client.call("POST", f"{PATH}/addresses", body=additions)
