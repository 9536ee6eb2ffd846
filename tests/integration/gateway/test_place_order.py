"""Placing an order in one command against the MplusKASSA simulator: every sub-step reported,
nothing written when the order exists or a SKU is missing, a repeat books it once."""

import uuid

from syncyard_common.broker.publisher import Publisher
from syncyard_common.canonical import Customer, Money, Order, OrderLine
from syncyard_common.messages import Envelope, orders
from tests.fixtures.receivers import eventually
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_commands import (
    MplusSimulator,
    command,
    mplus,
    mplus_connection,
    publisher,
)

__all__ = ["mplus", "publisher"]  # module fixtures shared with test_commands


async def seeded_article(mplus: MplusSimulator) -> str:
    article = 800_000 + uuid.uuid4().int % 100_000
    async with mplus.driver() as sim:
        await sim.seed_articles(
            [{"articleNumber": article, "description": "Roggebrood", "priceIncl": 395}]
        )
    return str(article)


def place(
    connection_id: uuid.UUID, skus: list[str], email: str, *, last_name: str = "Jansen"
) -> orders.PlaceOrderV1:
    customer = Customer(email=email, first_name="Jan", last_name=last_name)
    reference = f"SY-{uuid.uuid4().hex[:10]}"
    order = Order(
        source_id="4242",
        number="#1001",
        currency="EUR",
        email=email,
        customer=customer,
        lines=[
            OrderLine(sku=sku, quantity=2, unit_price=Money(amount=395, currency="EUR"))
            for sku in skus
        ],
    )
    return orders.PlaceOrderV1(
        connection_id=connection_id,
        order=order,
        external_reference=reference,
        idempotency_key=str(uuid.uuid5(uuid.NAMESPACE_URL, reference)),
        employee_number=1,  # the simulator's webshop employee
        customer=customer,
    )


async def outcome_of(
    bus: BusRecorder, tenant_id: uuid.UUID, sent: Envelope
) -> tuple[Envelope, list[str]]:
    """The command's result and the steps it reported, in order."""

    def caused() -> list[Envelope]:
        return [e for e in bus.of_tenant(tenant_id) if e.causation_id == sent.id]

    def audited() -> list[Envelope]:
        return [e for e in caused() if e.type.startswith("audit.")]

    await eventually(lambda: any(e.type.startswith("connector.") for e in caused()), timeout=20)
    await eventually(lambda: bool(audited()), timeout=20)
    (result,) = [e for e in caused() if e.type.startswith("connector.")]
    # The sub-steps go out as ONE audit message (several steps) or, for one step, as that step.
    (audit,) = audited()
    if audit.type == "audit.steps.recorded.v1":
        entries = audit.payload["steps"]
    else:
        assert audit.type == "audit.step.recorded.v1"
        entries = [audit.payload]
    steps = [f"{entry['step']}:{entry['outcome']}" for entry in entries]
    return result, steps


async def stored_orders(mplus: MplusSimulator, reference: str) -> list[object]:
    async with mplus.driver() as sim:
        return [o for o in await sim.orders() if reference in str(o)]


class TestPlaceOrder:
    async def test_a_new_order_is_booked_with_its_debtor_in_one_command(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        sku = await seeded_article(mplus)
        connection_id = await mplus_connection(gateway, tenant_id, mplus.credentials())
        placing = place(connection_id, [sku], f"jan.{uuid.uuid4().hex[:8]}@example.nl")
        first_try = command(tenant_id, placing)
        await publisher.publish(first_try)
        result, steps = await outcome_of(bus, tenant_id, first_try)
        assert result.type == "connector.order.placed.v1", result.payload
        assert result.payload["outcome"] == "created"
        assert result.payload["customer_created"] is True
        assert result.payload["product_ids"] == {sku: sku}
        assert steps == [
            "check_order:ok",
            "find_order:ok",
            "check_products:ok",
            "upsert_customer:ok",
            "create_order:ok",
        ]
        # The same command again (a crash before its answer was stored): the order is found.
        retry = command(tenant_id, placing)
        await publisher.publish(retry)
        again, steps = await outcome_of(bus, tenant_id, retry)
        assert again.payload["outcome"] == "exists"
        assert again.payload["target_order_id"] == result.payload["target_order_id"]
        assert steps == ["check_order:ok", "find_order:skipped"]
        assert len(await stored_orders(mplus, placing.external_reference)) == 1

    async def test_a_returning_customer_is_updated_only_when_the_details_changed(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        sku = await seeded_article(mplus)
        connection_id = await mplus_connection(gateway, tenant_id, mplus.credentials())
        email = f"kees.{uuid.uuid4().hex[:8]}@example.nl"

        async def placed_with(last_name: str) -> tuple[dict[str, object], list[str]]:
            async with mplus.driver() as sim:
                await sim.clear_requests()
                sent = command(tenant_id, place(connection_id, [sku], email, last_name=last_name))
                await publisher.publish(sent)
                result, _ = await outcome_of(bus, tenant_id, sent)
                calls = [r["operation"] for r in await sim.requests()]
            assert result.payload["outcome"] == "created", result.payload
            return result.payload, calls

        first, _ = await placed_with("Jansen")
        again, calls = await placed_with("Jansen")
        assert again["customer_id"] == first["customer_id"]
        assert again["customer_created"] is False
        assert "findRelationV2" in calls
        assert "updateRelation" not in calls  # the till already holds these details
        moved, calls = await placed_with("Jansen-de Boer")
        assert moved["customer_id"] == first["customer_id"]
        assert "updateRelation" in calls
        async with mplus.driver() as sim:
            debtors = [r for r in await sim.relations() if r["email"] == email]
        assert [d["name"] for d in debtors] == ["Jan Jansen-de Boer"]

    async def test_a_missing_sku_writes_nothing_not_even_the_debtor(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        sku = await seeded_article(mplus)
        connection_id = await mplus_connection(gateway, tenant_id, mplus.credentials())
        email = f"piet.{uuid.uuid4().hex[:8]}@example.nl"
        placing = place(connection_id, [sku, "987654321"], email)
        sent = command(tenant_id, placing)
        await publisher.publish(sent)
        result, steps = await outcome_of(bus, tenant_id, sent)
        assert result.payload["outcome"] == "products_missing"
        assert result.payload["missing_skus"] == ["987654321"]
        assert steps == ["check_order:ok", "find_order:ok"]
        assert await stored_orders(mplus, placing.external_reference) == []
        async with mplus.driver() as sim:
            relations = await sim.relations()
        assert email not in str(relations)

    async def test_an_order_the_till_cannot_hold_fails_before_any_call(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        sku = await seeded_article(mplus)
        connection_id = await mplus_connection(gateway, tenant_id, mplus.credentials())
        email = f"usd.{uuid.uuid4().hex[:8]}@example.nl"
        placing = place(connection_id, [sku], email)
        dollars = Money(amount=-395, currency="USD")
        usd = placing.order.model_copy(
            update={
                "currency": "USD",
                "lines": [placing.order.lines[0].model_copy(update={"unit_price": dollars})],
            }
        )
        sent = command(tenant_id, placing.model_copy(update={"order": usd}))
        await publisher.publish(sent)
        result, steps = await outcome_of(bus, tenant_id, sent)
        assert result.type == "connector.command.failed.v1", result.payload
        assert result.payload["step"] == "check_order"
        assert result.payload["code"] == "negative_price"
        assert "USD" in result.payload["reason"]
        assert "EUR" in result.payload["reason"]
        assert steps == ["check_order:failed"]
        assert await stored_orders(mplus, placing.external_reference) == []
        async with mplus.driver() as sim:
            relations = await sim.relations()
        assert email not in str(relations)

    async def test_a_refused_sub_step_fails_the_command_naming_it(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        sku = await seeded_article(mplus)
        connection_id = await mplus_connection(gateway, tenant_id, mplus.credentials())
        placing = place(connection_id, [sku], f"kees.{uuid.uuid4().hex[:8]}@example.nl")
        # An employee the till does not know: the till refuses the order itself.
        sent = command(tenant_id, placing.model_copy(update={"employee_number": 4_242_424}))
        await publisher.publish(sent)
        result, steps = await outcome_of(bus, tenant_id, sent)
        assert result.type == "connector.command.failed.v1", result.payload
        assert result.payload["step"] == "create_order"
        assert steps[-1] == "create_order:failed"
        assert steps[:4] == [
            "check_order:ok",
            "find_order:ok",
            "check_products:ok",
            "upsert_customer:ok",
        ]
