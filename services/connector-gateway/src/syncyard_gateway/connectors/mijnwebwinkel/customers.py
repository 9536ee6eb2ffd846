"""Customer accounts: exact e-mail look-up (`q` is a search) and upsert, company or person."""

from syncyard_common.canonical import Customer
from syncyard_gateway.connectors.base import UpsertedCustomer
from syncyard_gateway.connectors.errors import ConnectorDataError
from syncyard_gateway.connectors.mijnwebwinkel import payloads, translate_orders
from syncyard_gateway.connectors.mijnwebwinkel.client import MijnWebwinkelClient


class Customers:
    def __init__(self, client: MijnWebwinkelClient) -> None:
        self.client = client

    async def fetch(self, customer_id: str) -> payloads.Customer:
        answer = await self.client.get(f"/customers/{customer_id}")
        return payloads.Customer.model_validate(answer["customer"])

    async def get_customer(self, customer_id: str) -> Customer:
        return translate_orders.to_customer(await self.fetch(customer_id))

    async def search(self, email: str) -> payloads.Customer | None:
        """The account whose e-mail equals `email` (any case); `q` also finds partial matches."""
        wanted = email.strip().casefold()
        if not wanted:
            return None
        answer = await self.client.get("/customers", q=email.strip(), embed="address")
        for raw in answer.get("customers", []):
            customer = payloads.Customer.model_validate(raw)
            if customer.email.strip().casefold() == wanted:
                return customer
        return None

    async def find_customer(self, email: str) -> Customer | None:
        found = await self.search(email)
        return translate_orders.to_customer(found) if found else None

    async def upsert_customer(
        self, customer: Customer, existing_id: str | None
    ) -> UpsertedCustomer:
        """Create or update the account and its default address (company: name + VAT)."""
        if existing_id is None and customer.email:
            found = await self.search(customer.email)  # R11: a redelivery must not duplicate
            existing_id = found.id if found else None
        names = {"firstName": customer.first_name, "lastName": customer.last_name}
        if existing_id is None:
            if not customer.email:
                raise ConnectorDataError(
                    "MijnWebwinkel needs an e-mail address to create a customer.",
                    code="email_missing",
                )
            answer = await self.client.post("/customers", {"email": customer.email} | names)
            stored = payloads.Customer.model_validate(answer["customer"])
            was_created = True
        else:
            answer = await self.client.patch(f"/customers/{existing_id}", names)
            stored = payloads.Customer.model_validate(answer["customer"])
            was_created = False
        await self._write_address(stored, customer)
        return UpsertedCustomer(customer_id=stored.id, was_created=was_created, contact_id=None)

    async def _write_address(self, stored: payloads.Customer, customer: Customer) -> None:
        body = translate_orders.customer_address_body(customer)
        if body is None:
            return
        current = next((a for a in stored.addresses if a.isDefaultForInvoice), None)
        if current is None:
            await self.client.post(f"/customers/{stored.id}/addresses", body)
        else:
            await self.client.patch(f"/customers/{stored.id}/addresses/{current.id}", body)
