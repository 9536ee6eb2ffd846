"""Order messages: intake events, gateway commands about orders, and their results."""

import uuid
from enum import StrEnum
from typing import Literal

from pydantic import Field

from syncyard_common.canonical import Customer, Order
from syncyard_common.canonical.order_limits import BookingRules
from syncyard_common.messages.envelope import Message


class OrderReceivedV1(Message):
    """A source told us an order exists or changed (a hint: the order is fetched afresh)."""

    type: Literal["order.received.v1"] = "order.received.v1"
    connection_id: uuid.UUID
    source_order_id: str
    topic: str = Field(description="The vendor's event name, e.g. orders/create.")
    source_event_key: str = Field(description="The vendor's delivery/event id used for dedupe.")


class FetchOrderV1(Message):
    """Command: read one order from a source connection."""

    type: Literal["gateway.order.fetch.v1"] = "gateway.order.fetch.v1"
    connection_id: uuid.UUID
    source_order_id: str


class OrderFetchedV1(Message):
    type: Literal["connector.order.fetched.v1"] = "connector.order.fetched.v1"
    order: Order


class FindOrderV1(Message):
    """Command: does an order with our external reference exist in the target?"""

    type: Literal["gateway.order.find.v1"] = "gateway.order.find.v1"
    connection_id: uuid.UUID
    external_reference: str


class OrderFoundV1(Message):
    type: Literal["connector.order.found.v1"] = "connector.order.found.v1"
    external_reference: str
    target_order_id: str | None = Field(description="None when the target has no such order.")


class OrderCreateOptions(Message):
    """What the target needs beyond the order itself (from the flow's settings)."""

    employee_number: int = 999999
    customer_id: str | None = Field(default=None, description="Debtor id in the target.")
    product_ids: dict[str, str] = Field(
        default_factory=dict, description="SKU → the target's id for it (from the product check)."
    )


class CreateOrderV1(Message):
    """Command: create the order in the target, idempotently (key and external reference)."""

    type: Literal["gateway.order.create.v1"] = "gateway.order.create.v1"
    connection_id: uuid.UUID
    order: Order
    external_reference: str
    idempotency_key: str
    options: OrderCreateOptions = Field(default_factory=OrderCreateOptions)


class OrderCreatedV1(Message):
    type: Literal["connector.order.created.v1"] = "connector.order.created.v1"
    external_reference: str
    target_order_id: str
    was_replayed: bool = Field(
        default=False, description="The target answered from an earlier identical request."
    )


class PlaceOrderV1(Message):
    """Command: book one mapped order in the target in a single go (R11/R12 inside).

    The gateway first checks that the target can hold the order as it is (currency, prices,
    quantities, texts: ``booking`` says what to do with what it cannot; refused: nothing
    written), then checks the target for our external reference (already there: nothing
    written), checks every SKU (any missing: nothing written), creates or updates the debtor
    by exact e-mail (unless ``default_debtor_id``), then creates the order under
    ``idempotency_key``. Each sub-step is reported to the activity log; the answer is
    ``OrderPlacedV1``."""

    type: Literal["gateway.order.place.v1"] = "gateway.order.place.v1"
    connection_id: uuid.UUID
    order: Order
    external_reference: str
    idempotency_key: str
    employee_number: int = 999999
    customer: Customer | None = Field(
        default=None, description="The debtor to create or update; None with a default debtor."
    )
    default_debtor_id: str | None = None
    booking: BookingRules = Field(
        default_factory=BookingRules,
        description="The order flow's settings for charges, foreign currencies and long texts.",
    )


class PlacementOutcome(StrEnum):
    CREATED = "created"  # the order was created (or the target replayed our earlier create)
    EXISTS = "exists"  # the target already had an order with our external reference
    PRODUCTS_MISSING = "products_missing"  # some SKUs are unknown: nothing was written


class OrderPlacedV1(Message):
    type: Literal["connector.order.placed.v1"] = "connector.order.placed.v1"
    external_reference: str
    outcome: PlacementOutcome
    target_order_id: str | None = None
    customer_id: str | None = None
    customer_created: bool | None = Field(
        default=None, description="None when no debtor was written (default debtor, or stopped)."
    )
    product_ids: dict[str, str] = Field(default_factory=dict, description="SKU → target id.")
    missing_skus: list[str] = Field(default_factory=list)
    was_replayed: bool = Field(
        default=False, description="The target answered from an earlier identical request."
    )
    booking_notes: list[str] = Field(
        default_factory=list,
        description="What the check changed to book it: converted, texts cut, charges the "
        "target cannot carry and the difference between the totals.",
    )
