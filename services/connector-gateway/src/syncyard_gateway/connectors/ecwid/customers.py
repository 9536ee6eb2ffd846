"""Customers: exact case-insensitive e-mail look-up and create-or-update."""

from syncyard_common.canonical import Customer
from syncyard_gateway.connectors.base import UpsertedCustomer
from syncyard_gateway.connectors.ecwid import translate
from syncyard_gateway.connectors.ecwid.client import EcwidClient, numeric_id, parse
from syncyard_gateway.connectors.ecwid.payloads import EcwidCustomer


def same_email(stored: str | None, wanted: str) -> bool:
    return stored is not None and stored.strip().casefold() == wanted.strip().casefold()


async def get(client: EcwidClient, customer_id: str) -> Customer:
    answer = await client.get(f"/customers/{numeric_id(customer_id, 'customer')}")
    return translate.to_canonical_customer(parse(EcwidCustomer, answer, "a customer"))


async def find(client: EcwidClient, email: str) -> Customer | None:
    """Ecwid's `email` filter is a search term (partial); only an exact match counts."""
    for row in await client.get_all("/customers", {"email": email.strip(), "limit": 100}):
        customer = parse(EcwidCustomer, row, "a customer")
        if same_email(customer.email, email):
            return translate.to_canonical_customer(customer)
    return None


async def upsert(
    client: EcwidClient, customer: Customer, existing_id: str | None
) -> UpsertedCustomer:
    """Update the given or same-e-mail customer, else create one (R11: look up first)."""
    if existing_id is None and customer.email:
        found = await find(client, customer.email)
        existing_id = found.id if found else None
    body = translate.to_customer_body(customer)
    if existing_id is None:
        created = await client.call("POST", "/customers", body=body)
        return UpsertedCustomer(customer_id=str(created["id"]), was_created=True, contact_id=None)
    path = f"/customers/{numeric_id(existing_id, 'customer')}"
    await client.call("PUT", path, body=body)
    return UpsertedCustomer(customer_id=existing_id, was_created=False, contact_id=None)
