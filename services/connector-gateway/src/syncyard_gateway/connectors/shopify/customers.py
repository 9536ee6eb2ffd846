"""Customers: exact e-mail lookup through search, create-or-update (company on the address)."""

from syncyard_common.canonical import Customer
from syncyard_gateway.connectors.base import UpsertedCustomer
from syncyard_gateway.connectors.errors import ConnectorDataError, ConnectorTransientError
from syncyard_gateway.connectors.shopify import rest, translate
from syncyard_gateway.connectors.shopify.client import ShopifyClient
from syncyard_gateway.connectors.shopify.payloads import ShopifyCustomer


async def get_customer(client: ShopifyClient, customer_id: str) -> Customer:
    return translate.to_canonical_customer_record(await rest.get_customer(client, customer_id))


async def _find(client: ShopifyClient, email: str) -> ShopifyCustomer | None:
    # Search matches loosely (tokens, prefixes): keep only the exact, case-insensitive e-mail.
    wanted = email.strip().casefold()
    for customer in await rest.search_customers(client, email.strip()):
        if customer.email and customer.email.strip().casefold() == wanted:
            return customer
    return None


async def find_customer(client: ShopifyClient, email: str) -> Customer | None:
    found = await _find(client, email)
    return translate.to_canonical_customer_record(found) if found else None


async def upsert_customer(
    client: ShopifyClient, customer: Customer, *, existing_id: str | None
) -> UpsertedCustomer:
    """Update ``existing_id`` or the customer with this e-mail; create only when neither exists."""
    if existing_id is None and customer.email:
        found = await _find(client, customer.email)
        existing_id = str(found.id) if found and found.id else None
    if existing_id is None:
        body = translate.from_canonical_customer(customer, address_id=None)
        try:
            created = await rest.create_customer(client, body)
        except ConnectorDataError as exc:
            if exc.code != "already_taken" or not customer.email:
                raise
            # Another attempt created it after our search: the e-mail is unique per shop.
            found = await _find(client, customer.email)
            if found is None or found.id is None:
                raise ConnectorTransientError(
                    "Shopify says the e-mail is taken but cannot find the customer yet.",
                    code="customer_exists_not_found",
                ) from None
            existing_id = str(found.id)
        else:
            return UpsertedCustomer(customer_id=str(created), was_created=True, contact_id=None)
    current = await rest.get_customer(client, existing_id)
    address = current.default_address
    body = translate.from_canonical_customer(customer, address_id=address.id if address else None)
    await rest.update_customer(client, int(existing_id), body)
    return UpsertedCustomer(customer_id=existing_id, was_created=False, contact_id=None)
