"""Customer (debtor) commands: find by e-mail, create or update."""

from syncyard_common.messages import customers
from syncyard_gateway.commands.outcome import Outcome, require, unsupported
from syncyard_gateway.connectors import base


async def find_customer(connector: base.Connector, command: customers.FindCustomerV1) -> Outcome:
    require(connector, base.Entity.CUSTOMERS, "write")
    if not isinstance(connector, base.CustomerTarget):
        raise unsupported(connector, "look up customers")
    found = await connector.find_customer(command.email)
    return Outcome(customers.CustomerFoundV1(email=command.email, customer=found), command.email)


async def upsert_customer(
    connector: base.Connector, command: customers.UpsertCustomerV1
) -> Outcome:
    require(connector, base.Entity.CUSTOMERS, "write")
    if not isinstance(connector, base.CustomerTarget):
        raise unsupported(connector, "create or update customers")
    upserted = await connector.upsert_customer(command.customer, existing_id=command.existing_id)
    result = customers.CustomerUpsertedV1(
        customer_id=upserted.customer_id,
        was_created=upserted.was_created,
        contact_id=upserted.contact_id,
    )
    return Outcome(result, command.customer.email)
