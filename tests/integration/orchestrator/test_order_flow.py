"""The order flow end to end through RabbitMQ and PostgreSQL, the tests acting as gateway and
mapper: they read the commands the orchestrator publishes and answer them on the bus."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from syncyard_common.canonical import Address, Customer, Money, Order, OrderLine, OrderStatus
from syncyard_common.messages import (
    Envelope,
    connector_errors,
    customers,
    mapping,
    order_status,
    orders,
)
from syncyard_orchestrator.runner import Runner
from syncyard_orchestrator.runs.tables import Run
from syncyard_orchestrator.settings import OrchestratorSettings
from tests.fixtures.eventually import eventually
from tests.integration.orchestrator.conftest import Bus, TokenFactory
from tests.integration.orchestrator.settled import settled
from tests.integration.orchestrator.test_integrations_api import create_integration

ORDER = Order(
    source_id="820982911946154508",
    number="#1001",
    currency="EUR",
    email="ann@example.com",
    customer=Customer(email="ann@example.com", first_name="Ann", last_name="Smit"),
    billing_address=Address(first_name="Ann", last_name="Smit", company="Smit BV", city="Utrecht"),
    lines=[
        OrderLine(sku="1001", quantity=2, unit_price=Money(amount=1995, currency="EUR")),
        OrderLine(sku="1002", quantity=1, unit_price=Money(amount=500, currency="EUR")),
    ],
)


class Shop:
    """One tenant with an active Shopify→Mplus order flow."""

    def __init__(self, tenant_id: uuid.UUID, integration: dict[str, Any]) -> None:
        self.tenant_id = tenant_id
        self.integration = integration
        self.source_connection_id = uuid.UUID(integration["source_connection_id"])

    def order_received(self, order_id: str = ORDER.source_id, event_key: str = "e-1") -> Envelope:
        message = orders.OrderReceivedV1(
            connection_id=self.source_connection_id,
            source_order_id=order_id,
            topic="orders/create",
            source_event_key=event_key,
        )
        return Envelope(
            type=message.type,
            source="connector-gateway",
            tenant_id=self.tenant_id,
            payload=message.model_dump(mode="json"),
        )


async def open_shop(
    client: httpx.AsyncClient, auth: TokenFactory, settings: dict[str, Any] | None = None
) -> Shop:
    tenant_id = uuid.uuid4()
    headers = auth(tenant_id)
    integration = await create_integration(client, headers)
    flow = {"is_active": True, "settings": settings or {}}
    url = f"/v1/integrations/{integration['id']}/flows/orders"
    assert (await client.put(url, json=flow, headers=headers)).status_code == 200
    return Shop(tenant_id, integration)


async def answer(
    bus: Bus, shop: Shop, command_type: str, result: Any, *, count: int = 1
) -> Envelope:
    """Wait for the ``count``-th command of a type and answer it with ``result``."""
    command = (await bus.expect(command_type, tenant_id=shop.tenant_id, count=count))[-1]
    await bus.answer(command, result.model_dump(mode="json"))
    return command


async def run_state(
    client: httpx.AsyncClient, auth: TokenFactory, shop: Shop, run_id: uuid.UUID, state: str
) -> dict[str, Any]:
    """Ask the runs API until the run reaches ``state``."""

    async def reached() -> dict[str, Any]:
        response = await client.get(f"/v1/runs/{run_id}", headers=auth(shop.tenant_id))
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert body["state"] == state, body
        return body

    return await eventually(reached, what=f"run {run_id} in {state}")


class TestOrderFlowOverTheBus:
    async def test_new_order_goes_all_the_way_to_created_in_the_target(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth, {"employee_number": 42})
        await bus.publish(shop.order_received())
        fetch = await answer(
            bus, shop, "gateway.order.fetch.v1", orders.OrderFetchedV1(order=ORDER)
        )
        run_id = fetch.correlation_id
        assert run_id is not None
        assert fetch.payload["source_order_id"] == ORDER.source_id
        assert (fetch.integration_id, fetch.flow) == (uuid.UUID(shop.integration["id"]), "orders")
        mapped = mapping.RecordMappedV1(
            record=ORDER.model_dump(mode="json"), mapping_id="default", mapping_version=1
        )
        mapper = await answer(bus, shop, "mapper.record.map.v1", mapped)
        assert mapper.payload["source_connector"] == "shopify"
        booked = orders.OrderPlacedV1(
            external_reference="x",
            outcome=orders.PlacementOutcome.CREATED,
            target_order_id="O-99",
            customer_id="R-7",
            customer_created=True,
            product_ids={"1001": "11", "1002": "12"},
        )
        place = await answer(bus, shop, "gateway.order.place.v1", booked)
        assert place.payload["external_reference"] == f"shopify:{ORDER.source_id}"
        assert place.payload["employee_number"] == 42
        assert place.payload["customer"]["company_name"] == "Smit BV"
        assert place.payload["idempotency_key"] == str(
            uuid.uuid5(uuid.UUID("6f1d3c1e-8a53-5b1e-9a3f-0c2b7d1e4f10"), f"{run_id}:create_order")
        )
        (completed,) = await bus.expect("run.completed.v1", tenant_id=shop.tenant_id)
        assert completed.payload["outcome"] == "done"
        assert completed.payload["target_id"] == "O-99"
        run = await run_state(client, auth, shop, run_id, "done")
        assert (run["entity_ref"], run["target_id"], run["customer_id"]) == ("#1001", "O-99", "R-7")
        steps = [entry["step"] for entry in bus.audit_of(run_id)]
        assert steps == ["start", "fetch", "map", "place_order"]
        commands = bus.of_run(run_id, "gateway.") + bus.of_run(run_id, "mapper.")
        assert len(commands) == 3  # fetch, map, place: each exactly once
        assert all(e.correlation_id == run_id for e in bus.of_run(run_id))

    async def test_a_run_left_in_a_version_1_step_by_an_upgrade_finishes(
        self, app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        """A run that waited for flow version 1's find-customer answer when the service was
        upgraded: the old answer arrives and the run finishes through the placing command."""
        shop = await open_shop(client, auth)
        await bus.publish(shop.order_received())
        fetch = await answer(
            bus, shop, "gateway.order.fetch.v1", orders.OrderFetchedV1(order=ORDER)
        )
        run_id = fetch.correlation_id
        assert run_id is not None
        await run_state(client, auth, shop, run_id, "mapping")
        old_command_id = uuid.uuid4()
        find = customers.FindCustomerV1(
            connection_id=uuid.UUID(shop.integration["target_connection_id"]),
            email="ann@example.com",
        )
        async with app.state.sessionmaker() as session, session.begin():
            row = await session.get(Run, run_id, with_for_update=True)
            assert row is not None
            # As version 1 left it: mapped, waiting for the customer look-up's answer.
            row.state = "finding_customer"
            row.state_json = row.state_json | {
                "flow_version": 1,
                "state": "finding_customer",
                "mapped_order": ORDER.model_dump(mode="json"),
                "pending_command_id": str(old_command_id),
                "pending_command": find.model_dump(mode="json"),
            }
            row.pending_command_id = old_command_id
        old_command = Envelope(
            id=old_command_id,
            type=find.type,
            source="orchestrator",
            tenant_id=shop.tenant_id,
            correlation_id=run_id,
            payload=find.model_dump(mode="json"),
        )
        found = customers.CustomerFoundV1(email="ann@example.com", customer=None)
        await bus.answer(old_command, found.model_dump(mode="json"))
        booked = orders.OrderPlacedV1(
            external_reference="x", outcome=orders.PlacementOutcome.CREATED, target_order_id="O-5"
        )
        place = await answer(bus, shop, "gateway.order.place.v1", booked)
        assert place.correlation_id == run_id
        run = await run_state(client, auth, shop, run_id, "done")
        assert run["target_id"] == "O-5"

    async def test_order_existing_in_the_target_is_skipped(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth)
        await bus.publish(shop.order_received())
        fetch = await answer(
            bus, shop, "gateway.order.fetch.v1", orders.OrderFetchedV1(order=ORDER)
        )
        mapped = mapping.RecordMappedV1(
            record=ORDER.model_dump(mode="json"), mapping_id="default", mapping_version=1
        )
        await answer(bus, shop, "mapper.record.map.v1", mapped)
        found = orders.OrderPlacedV1(
            external_reference="x", outcome=orders.PlacementOutcome.EXISTS, target_order_id="O-1"
        )
        await answer(bus, shop, "gateway.order.place.v1", found)
        (completed,) = await bus.expect("run.completed.v1", tenant_id=shop.tenant_id)
        assert completed.payload["outcome"] == "skipped"
        assert fetch.correlation_id is not None
        await run_state(client, auth, shop, fetch.correlation_id, "skipped")
        skipped = [
            entry for entry in bus.audit_of(fetch.correlation_id) if entry["outcome"] == "skipped"
        ]
        assert skipped[0]["message"] == (
            "order #1001 already exists in the target as O-1; open in the source: nothing to "
            "change; the target order is left as it is"
        )

    async def test_failed_command_fails_the_run_and_tells_the_notifier(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth)
        await bus.publish(shop.order_received())
        failed = connector_errors.CommandFailedV1(
            command_type="gateway.order.fetch.v1",
            kind=connector_errors.ConnectorErrorKind.NOT_FOUND,
            code="order_not_found",
            reason="order 820982911946154508 does not exist in the shop",
        )
        fetch = await answer(bus, shop, "gateway.order.fetch.v1", failed)
        (event,) = await bus.expect("run.failed.v1", tenant_id=shop.tenant_id)
        assert (event.payload["code"], event.payload["step"]) == ("order_not_found", "fetch")
        assert fetch.correlation_id is not None
        run = await run_state(client, auth, shop, fetch.correlation_id, "failed")
        assert run["failure_reason"] == failed.reason

    async def test_duplicate_and_stale_results_change_nothing(
        self,
        client: httpx.AsyncClient,
        auth: TokenFactory,
        bus: Bus,
        settings: OrchestratorSettings,
    ) -> None:
        shop = await open_shop(client, auth)
        received = shop.order_received()
        await bus.publish(received)
        await bus.publish(received)  # the same message redelivered: the inbox drops it
        (fetch,) = await bus.expect("gateway.order.fetch.v1", tenant_id=shop.tenant_id)
        result = orders.OrderFetchedV1(order=ORDER).model_dump(mode="json")
        stale = fetch.model_copy(update={"id": uuid.uuid4()})  # answers a command never pending
        await bus.answer(stale, result)
        await settled(client, settings)
        assert fetch.correlation_id is not None
        assert bus.of_run(fetch.correlation_id, "mapper.") == []
        await run_state(client, auth, shop, fetch.correlation_id, "fetching")
        reply_id = uuid.uuid4()
        await bus.answer(fetch, result, envelope_id=reply_id)
        await bus.answer(fetch, result, envelope_id=reply_id)
        await bus.expect("mapper.record.map.v1", tenant_id=shop.tenant_id)
        await settled(client, settings)
        assert len(bus.of_run(fetch.correlation_id, "mapper.")) == 1
        assert (
            len(
                [
                    e
                    for e in bus.seen
                    if e.type == "gateway.order.fetch.v1" and e.tenant_id == shop.tenant_id
                ]
            )
            == 1
        )

    async def test_same_order_arriving_during_its_run_joins_that_run(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth)
        await bus.publish(shop.order_received(event_key="e-1"))
        (fetch,) = await bus.expect("gateway.order.fetch.v1", tenant_id=shop.tenant_id)
        await bus.publish(shop.order_received(event_key="e-2"))
        run_id = fetch.correlation_id
        assert run_id is not None
        await coalesced(bus, run_id)
        page = (await client.get("/v1/runs", headers=auth(shop.tenant_id))).json()
        assert [item["id"] for item in page["items"]] == [str(run_id)]
        assert page["items"][0]["coalesced_count"] == 1

    async def test_stuck_command_is_reissued_under_a_new_id(
        self, app: FastAPI, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth)
        await bus.publish(shop.order_received())
        (first,) = await bus.expect("gateway.order.fetch.v1", tenant_id=shop.tenant_id)
        assert first.correlation_id is not None
        await run_state(client, auth, shop, first.correlation_id, "fetching")
        later = Runner(
            app.state.sessionmaker,
            stuck_after=timedelta(minutes=10),
            max_reissues=3,
            clock=lambda: datetime.now(UTC) + timedelta(hours=1),
        )
        assert await later.sweep_once() >= 1
        again = (await bus.expect("gateway.order.fetch.v1", tenant_id=shop.tenant_id, count=2))[-1]
        assert again.id != first.id
        assert again.payload == first.payload
        await bus.answer(first, orders.OrderFetchedV1(order=ORDER).model_dump(mode="json"))
        await bus.expect("mapper.record.map.v1", tenant_id=shop.tenant_id)  # the old id counts

    async def test_another_tenant_cannot_see_the_runs(
        self,
        client: httpx.AsyncClient,
        auth: TokenFactory,
        bus: Bus,
        settings: OrchestratorSettings,
    ) -> None:
        shop = await open_shop(client, auth)
        await bus.publish(shop.order_received())
        (fetch,) = await bus.expect("gateway.order.fetch.v1", tenant_id=shop.tenant_id)
        other = auth(uuid.uuid4())
        assert (
            await client.get(f"/v1/runs/{fetch.correlation_id}", headers=other)
        ).status_code == 404
        assert (await client.get("/v1/runs", headers=other)).json()["items"] == []
        # The order event of another tenant naming this connection starts nothing (R24).
        forged = shop.order_received(event_key="e-9").model_copy(update={"tenant_id": uuid.uuid4()})
        await bus.publish(forged)
        await settled(client, settings)
        page = (await client.get("/v1/runs", headers=auth(shop.tenant_id))).json()
        assert len(page["items"]) == 1


class TestRunsApi:
    async def test_pages_and_filters_the_runs_of_a_tenant(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth)
        for number in range(3):
            await bus.publish(shop.order_received(order_id=f"70{number}", event_key=f"k{number}"))
        await bus.expect("gateway.order.fetch.v1", tenant_id=shop.tenant_id, count=3)
        headers = auth(shop.tenant_id)
        seen: list[str] = []
        cursor = None
        while True:
            params = {"limit": "2", "state": "fetching", **({"cursor": cursor} if cursor else {})}
            page = (await client.get("/v1/runs", params=params, headers=headers)).json()
            seen += [item["source_entity_id"] for item in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == ["700", "701", "702"]
        assert (await client.get("/v1/runs", params={"state": "done"}, headers=headers)).json()[
            "items"
        ] == []
        bad = await client.get("/v1/runs", params={"state": "sleeping"}, headers=headers)
        assert (bad.status_code, bad.json()["field"]) == (422, "state")
        bad = await client.get("/v1/runs", params={"cursor": "nonsense"}, headers=headers)
        assert (bad.status_code, bad.json()["field"]) == (422, "cursor")


# --- later changes of a booked order: a cancel during creation is applied after it, and the
# stored link turns a later webhook into an update of the target order (no second placement)
CANCELLED = ORDER.model_copy(update={"status": OrderStatus.CANCELLED})
FETCH, STATUS = "gateway.order.fetch.v1", "gateway.order.status.set.v1"


def till_order(status: OrderStatus | None) -> orders.OrderFetchedV1:
    return orders.OrderFetchedV1(
        order=ORDER.model_copy(update={"source_id": "O-1", "status": status})
    )


async def coalesced(bus: Bus, run_id: uuid.UUID) -> None:
    """Wait until a second event was recorded on the run (its coalesce step)."""
    await eventually(
        lambda: any(entry["step"] == "coalesce" for entry in bus.audit_of(run_id)),
        timeout=15,
        what=f"a coalesce step on run {run_id}",
    )


async def test_a_cancel_during_creation_is_applied_after_it_and_later_changes_update(
    client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
) -> None:
    shop = await open_shop(client, auth)
    target_connection = shop.integration["target_connection_id"]
    await bus.publish(shop.order_received(event_key="e-1"))
    fetch = await answer(bus, shop, FETCH, orders.OrderFetchedV1(order=ORDER))
    run_id = fetch.correlation_id
    assert run_id is not None
    mapped = mapping.RecordMappedV1(
        record=ORDER.model_dump(mode="json"), mapping_id="default", mapping_version=1
    )
    await answer(bus, shop, "mapper.record.map.v1", mapped)
    (place,) = await bus.expect("gateway.order.place.v1", tenant_id=shop.tenant_id)
    await bus.publish(shop.order_received(event_key="e-2"))  # orders/cancelled meanwhile
    await coalesced(bus, run_id)
    booked = orders.OrderPlacedV1(
        external_reference=f"shopify:{ORDER.source_id}",
        outcome=orders.PlacementOutcome.CREATED,
        target_order_id="O-1",
        customer_id="R-1",
    )
    await bus.answer(place, booked.model_dump(mode="json"))

    again = await answer(bus, shop, FETCH, orders.OrderFetchedV1(order=CANCELLED), count=2)
    assert again.payload["connection_id"] == str(shop.source_connection_id)
    read = await answer(bus, shop, FETCH, till_order(None), count=3)
    assert (read.payload["connection_id"], read.payload["source_order_id"]) == (
        target_connection,
        "O-1",
    )
    status = order_status.OrderStatusSetV1(order_id="O-1", status=OrderStatus.CANCELLED)
    cancel = await answer(bus, shop, STATUS, status)
    assert (cancel.payload["order_id"], cancel.payload["status"]) == ("O-1", "cancelled")
    run = await run_state(client, auth, shop, run_id, "done")
    assert run["target_id"] == "O-1"
    assert "order O-1 in the target marked cancelled" in run["result"]

    # The same cancellation delivered later: a new run finds the link, never places again.
    await bus.publish(shop.order_received(event_key="e-3"))
    later = await answer(bus, shop, FETCH, orders.OrderFetchedV1(order=CANCELLED), count=4)
    assert later.correlation_id is not None
    assert later.correlation_id != run_id
    await answer(bus, shop, FETCH, till_order(OrderStatus.CANCELLED), count=5)
    skipped = await run_state(client, auth, shop, later.correlation_id, "skipped")
    assert "it is cancelled there already" in skipped["result"]
    assert sent(bus, shop, "gateway.order.place.v1") == 1
    assert sent(bus, shop, STATUS) == 1


def sent(bus: Bus, shop: Shop, type_: str) -> int:
    return sum(1 for e in bus.seen if e.type == type_ and e.tenant_id == shop.tenant_id)
