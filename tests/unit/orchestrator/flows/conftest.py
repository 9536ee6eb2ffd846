"""Factories for order-flow unit tests: runs, orders and a driver that answers commands."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine
from syncyard_common.messages import mapping, orders
from syncyard_common.messages.envelope import Message
from syncyard_orchestrator.flows.orders import (
    Decision,
    FlowEvent,
    OrderFlowSettings,
    OrderFlowState,
    OrderRun,
    decide,
)

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def make_order(**changes: object) -> Order:
    """A two-line order #1001 placed by a person with an e-mail address."""
    order = Order(
        source_id="5001",
        number="#1001",
        currency="EUR",
        email="ann@example.com",
        customer=Customer(id="c-9", email="ann@example.com", first_name="Ann", last_name="Smit"),
        billing_address=Address(
            first_name="Ann",
            last_name="Smit",
            line1="Main 1",
            postcode="1000AA",
            city="Utrecht",
            country_code="NL",
        ),
        lines=[
            OrderLine(sku="SKU-1", quantity=2, unit_price=Money(amount=1995, currency="EUR")),
            OrderLine(sku="SKU-2", quantity=1, unit_price=Money(amount=500, currency="EUR")),
        ],
    )
    return order.model_copy(update=changes)


def make_run(**changes: object) -> OrderRun:
    run = OrderRun(
        id=uuid.UUID("00000000-0000-4000-8000-000000000001"),
        tenant_id=uuid.UUID("00000000-0000-4000-8000-0000000000aa"),
        integration_id=uuid.UUID("00000000-0000-4000-8000-0000000000bb"),
        source_connection_id=uuid.UUID("00000000-0000-4000-8000-0000000000c1"),
        target_connection_id=uuid.UUID("00000000-0000-4000-8000-0000000000c2"),
        source_connector="shopify",
        target_connector="mplus",
        source_order_id="5001",
    )
    return run.model_copy(update=changes)


class Driver:
    """Feeds results to ``decide`` as the gateway/mapper would: caused by the pending command."""

    def __init__(self, settings: OrderFlowSettings | None = None) -> None:
        self.settings = settings or OrderFlowSettings()
        self.now = T0
        self.command_ids: list[uuid.UUID] = []

    def step(
        self,
        run: OrderRun,
        message: Message,
        *,
        causation_id: uuid.UUID | None = None,
        booked_as: str | None = None,
        target_statuses: frozenset[str] = frozenset({"cancelled", "shipped"}),
    ) -> Decision:
        self.now += timedelta(milliseconds=250)
        command_id = uuid.uuid4()
        self.command_ids.append(command_id)
        event = FlowEvent(
            id=uuid.uuid4(),
            message=message,
            causation_id=causation_id if causation_id is not None else run.pending_command_id,
            booked_as=booked_as,
            target_statuses=target_statuses,
        )
        return decide(run, event, self.settings, command_id=command_id, now=self.now)

    def run_until(self, state: OrderFlowState, order: Order | None = None) -> OrderRun:
        """Drive a fresh run along the happy path until it waits in ``state``."""
        order = order or make_order()
        script: list[Message] = [
            orders.OrderReceivedV1(
                connection_id=make_run().source_connection_id,
                source_order_id="5001",
                topic="orders/create",
                source_event_key="evt-1",
            ),
            orders.OrderFetchedV1(order=order),
            mapping.RecordMappedV1(
                record=order.model_dump(mode="json"), mapping_id="default", mapping_version=3
            ),
        ]
        run = make_run()
        for message in script:
            if run.state == state:
                return run
            run = self.step(run, message).run
        assert run.state == state, run.state
        return run


def placed(
    outcome: orders.PlacementOutcome = orders.PlacementOutcome.CREATED, **fields: object
) -> orders.OrderPlacedV1:
    """The gateway's answer to the placing command (created as O-1 on debtor R-10 by default)."""
    defaults: dict[str, object] = {
        "external_reference": "shopify:5001",
        "outcome": outcome,
    }
    if outcome is orders.PlacementOutcome.CREATED:
        defaults |= {
            "target_order_id": "O-1",
            "customer_id": "R-10",
            "customer_created": True,
            "product_ids": {"SKU-1": "11", "SKU-2": "22"},
        }
    return orders.OrderPlacedV1.model_validate(defaults | fields)


@pytest.fixture
def driver() -> Driver:
    return Driver()
