"""The placing command's first sub-step, asked on its own (dry run): can this target hold this
order as it is? The same pure check (``check_order``) with the connector's declared limits and
the connection's currency; nothing is called remotely, nothing is written."""

from pydantic import BaseModel, ConfigDict, Field

from syncyard_common.canonical import Customer, Order
from syncyard_common.canonical.order_checks import check_order
from syncyard_common.canonical.order_limits import BookingRules
from syncyard_gateway.connections import crypto, errors, live
from syncyard_gateway.connections.lookups import LookupNotSupported
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, registry


class OrderCheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order: Order
    customer: Customer | None = None
    booking: BookingRules = Field(default_factory=BookingRules)


class ProblemRead(BaseModel):
    code: str
    field: str
    reason: str


class OrderCheckRead(BaseModel):
    problems: list[ProblemRead] = Field(description="Empty: the order can be booked.")
    notes: list[str] = Field(description="What booking it changes (converted, cut, left out).")
    difference: int = Field(description="Source total minus the booked total, minor units.")
    order: Order = Field(description="The order as the target would book it.")
    customer: Customer | None


async def check(
    *, factory: live.ConnectorFactory, record: ConnectionRecord, check_in: OrderCheckIn
) -> OrderCheckRead:
    registry.get(record.connector)  # an unknown connector is a bug, not a 422
    try:
        async with factory.use(record) as connector:
            if base.Entity.ORDERS not in connector.capabilities.writes:
                raise LookupNotSupported(f"{connector.title} connections cannot write orders.")
            verdict = check_order(
                check_in.order,
                connector.capabilities.order_limits,
                target=connector.title,
                currency=connector.order_currency(),
                rules=check_in.booking,
                customer=check_in.customer,
            )
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    except crypto.CredentialsUndecryptable:
        raise errors.CredentialsUnreadable() from None
    return OrderCheckRead(
        problems=[ProblemRead(**vars(problem)) for problem in verdict.problems],
        notes=verdict.notes,
        difference=verdict.difference,
        order=verdict.order,
        customer=verdict.customer,
    )
