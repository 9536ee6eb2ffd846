"""The orchestrator's in-process CPU per order, apart from SQL and sockets, in one process.

    .venv/bin/python -m bench.message_path [--orders 500]

One order along the happy path (received, fetched, mapped, placed), each step as the
orchestrator takes it: the consumer parses the envelope and its payload, the run is read
from its JSONB row and validated, ``decide`` runs, the run and its step history are written
back as JSONB, the decision's messages are staged as outbox rows, and the relay turns each row
into an AMQP message. The JSON codecs are the engine's own (``syncyard_common.db.engine``);
the database and the broker are left out, so the figures hold on a busy machine. Prints
microseconds of CPU per order for each part (``time.process_time``).
"""

from __future__ import annotations

import argparse
import contextlib
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from syncyard_common.broker import outbox, publisher
from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine
from syncyard_common.db import engine as db_engine
from syncyard_common.messages import Envelope, Message, audit, by_type, mapping, orders
from syncyard_orchestrator.flows import machines
from syncyard_orchestrator.flows.orders import OrderRun
from syncyard_orchestrator.runs import history

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CONNECTION = uuid.UUID("00000000-0000-4000-8000-0000000000c1")


def _order() -> Order:
    return Order(
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
            OrderLine(sku=f"SKU-{n}", quantity=2, unit_price=Money(amount=1995 + n, currency="EUR"))
            for n in range(5)
        ],
    )


def _run() -> OrderRun:
    return OrderRun(
        id=uuid.uuid4(),
        tenant_id=uuid.uuid4(),
        integration_id=uuid.uuid4(),
        source_connection_id=CONNECTION,
        target_connection_id=uuid.uuid4(),
        source_connector="shopify",
        target_connector="mplus",
        source_order_id="5001",
    )


def _results() -> list[Message]:
    order = _order()
    return [
        orders.OrderReceivedV1(
            connection_id=CONNECTION,
            source_order_id="5001",
            topic="orders/create",
            source_event_key="evt-1",
        ),
        orders.OrderFetchedV1(order=order),
        mapping.RecordMappedV1(
            record=order.model_dump(mode="json"), mapping_id="default", mapping_version=3
        ),
        orders.OrderPlacedV1(
            external_reference="shopify:5001",
            outcome=orders.PlacementOutcome.CREATED,
            target_order_id="O-1",
            customer_id="R-10",
            customer_created=True,
            product_ids={f"SKU-{n}": str(n) for n in range(5)},
        ),
    ]


class Clock:
    """CPU seconds per named part: ``with clock("part"): ...``."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, part: str) -> Iterator[None]:
        started = time.process_time()
        yield
        self.spent[part] = self.spent.get(part, 0.0) + time.process_time() - started


def _staged(decision: Any, caused_by: Envelope, command_id: uuid.UUID) -> list[dict[str, Any]]:
    """The outbox rows of a decision, built as ``runs.decisions.persist`` builds them."""
    messages: list[tuple[Message, uuid.UUID]] = [
        (entry, uuid.uuid4()) for entry in audit.recorded(decision.audit)
    ]
    if decision.command is not None:
        messages.append((decision.command, command_id))
    messages.extend((event, uuid.uuid4()) for event in decision.events)
    rows = []
    for item, message_id in messages:
        payload = item.model_dump(mode="json")
        envelope = Envelope(
            id=message_id,
            type=payload["type"],
            source="orchestrator",
            subject="#1001",
            tenant_id=caused_by.tenant_id,
            integration_id=caused_by.integration_id,
            flow="orders",
            correlation_id=decision.run.id,
            causation_id=caused_by.id,
            payload=payload,
        )
        rows.append(outbox.row(envelope))
    return rows


def one_order(clock: Clock, bodies: list[bytes]) -> None:
    """The four steps of one order, timed by part."""
    to_json, from_json = db_engine.to_json, db_engine.from_json
    machine = machines.machine_for("orders")
    row_state = to_json(_run().model_dump(mode="json"))
    row_history = to_json([])
    now = T0
    for body in bodies:
        now += timedelta(milliseconds=250)
        with clock("consume: envelope"):  # as broker.consumer parses it
            envelope = Envelope.model_validate(orjson.loads(body))
        with clock("consume: payload"):
            message = by_type.parse_payload(envelope.type, envelope.payload)
        with clock("load run (JSONB read, validate)"):
            run = machine.load(from_json(row_state))
        command_id = uuid.uuid4()
        incoming = machines.Incoming(
            message=message, event_id=envelope.id, causation_id=run.pending_command_id
        )
        with clock("decide"):
            decision = machine.decide(run, {}, incoming, command_id=command_id, now=now)
        with clock("store run (dump, JSONB write)"):
            row_state = to_json(decision.run.model_dump(mode="json"))
        with clock("store history (JSONB read, write)"):
            row_history = to_json(
                history.noted(
                    from_json(row_history),
                    audit=decision.audit,
                    command=decision.command,
                    command_id=command_id,
                    now=now,
                )
            )
        with clock("stage messages (outbox rows)"):
            rows = _staged(decision, envelope, command_id)
        for stored in rows:
            with clock("relay: row to envelope"):
                relayed = outbox.stored_envelope(stored["envelope"])
            with clock("relay: AMQP message"):
                publisher.to_message(relayed, headers={})


def _bodies() -> list[bytes]:
    tenant = uuid.uuid4()
    return [
        publisher.to_message(
            Envelope(
                type=message.type,
                source="gateway",
                tenant_id=tenant,
                correlation_id=uuid.uuid4(),
                causation_id=uuid.uuid4(),
                payload=message.model_dump(mode="json"),
            )
        ).body
        for message in _results()
    ]


def run() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=500)
    options = parser.parse_args()
    bodies = _bodies()
    one_order(Clock(), bodies)  # warm
    clock = Clock()
    for _ in range(options.orders):
        one_order(clock, bodies)
    total = sum(clock.spent.values())
    print(f"{options.orders} orders, 4 steps each: {total * 1e6 / options.orders:.0f} µs per order")
    for part, spent in clock.spent.items():
        print(f"  {part:<36} {spent * 1e6 / options.orders:7.1f} µs")


if __name__ == "__main__":
    run()
