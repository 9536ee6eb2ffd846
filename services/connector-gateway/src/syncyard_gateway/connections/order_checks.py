"""The placing command's first sub-step, asked on its own (dry run): can this target hold this
order as it is? The same pure check (``check_order``) with the connector's declared limits and
the connection's currency; nothing is called remotely, nothing is written."""

import orjson
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from syncyard_common.canonical import Customer, Order
from syncyard_common.canonical.order_checks import check_order
from syncyard_common.canonical.order_limits import BookingRules
from syncyard_common.web import errors as web_errors
from syncyard_common.web.instant import Instant
from syncyard_gateway.connections import credentials, errors, live
from syncyard_gateway.connections.remote_calls import NotForThisConnection
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.connectors import base, by_name


class OrderToCheck(Order):
    """The order as a request gives it: its instants are RFC 3339 date-times with a zone, as
    the document says (pydantic's lax reading takes 0 for 1970; see also refuse_lax_values)."""

    created_at: Instant | None = None
    updated_at: Instant | None = None


class OrderCheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    order: OrderToCheck
    customer: Customer | None = None
    booking: BookingRules = Field(default_factory=BookingRules)


class _AsDocumented(BaseModel):
    """The request's shape read without pydantic's lax conversions (false as 0, "2" as 2)."""

    order: Order
    customer: Customer | None = None
    booking: BookingRules = Field(default_factory=BookingRules)


_AS_DOCUMENTED = TypeAdapter(_AsDocumented)


def refuse_lax_values(body: object) -> None:
    """A value of another JSON type than the document says (a boolean or text for an integer)
    is a 422 naming its field, not read as something the caller never wrote."""
    try:
        _AS_DOCUMENTED.validate_json(orjson.dumps(body), strict=True)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        field = ".".join(str(part) for part in first["loc"])
        raise web_errors.Unprocessable(
            "validation_failed", f"{field}: {first['msg']}", field=field
        ) from None


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
    by_name.get(record.connector)  # an unknown connector is a bug, not a 422
    try:
        # Local work only: no target check and no slot of the remote's (nothing is called).
        connector = factory.verifier(record)
    except live.KeysUnavailable:
        raise errors.CredentialKeysMissing() from None
    except credentials.CredentialsUndecryptable:
        raise errors.CredentialsUnreadable() from None
    if base.Entity.ORDERS not in connector.capabilities.writes:
        raise NotForThisConnection(
            "orders_not_written",
            f"{connector.title} connections cannot write orders.",
            field="order",
        )
    verdict = check_order(
        check_in.order,
        connector.capabilities.order_limits,
        target=connector.title,
        currency=connector.order_currency(),
        rules=check_in.booking,
        customer=check_in.customer,
    )
    return OrderCheckRead(
        problems=[ProblemRead(**vars(problem)) for problem in verdict.problems],
        notes=verdict.notes,
        difference=verdict.difference,
        order=verdict.order,
        customer=verdict.customer,
    )
