"""The order-write commands against the MplusKASSA simulator, and retries on remote 5xx."""

import uuid
from collections.abc import AsyncIterator

import pytest

from syncyard_common.broker.publisher import Publisher
from syncyard_common.canonical import Customer, Money, Order, OrderLine
from syncyard_common.messages import Envelope, customers, orders, products
from tests.fixtures.eventually import eventually
from tests.integration.gateway.bus import BusRecorder
from tests.integration.gateway.conftest import RunningGateway
from tests.integration.gateway.test_commands import (
    MplusSimulator,
    answers,
    command,
    mplus,
    mplus_connection,
    publisher,
)

__all__ = ["mplus", "publisher"]  # module fixtures shared with test_commands


@pytest.fixture
async def faulty_mplus(mplus: MplusSimulator) -> AsyncIterator[MplusSimulator]:
    async with mplus.driver() as sim:
        await sim.faults(error_rate_5xx=1.0)
        try:
            yield mplus
        finally:
            await sim.faults(error_rate_5xx=0.0)


async def result_of(bus: BusRecorder, tenant_id: uuid.UUID, sent: Envelope) -> Envelope:
    found = [e for e in await answers(bus, tenant_id, sent) if e.type.startswith("connector.")]
    assert len(found) == 1, found
    return found[0]


class TestOrderWrites:
    async def test_check_products_upsert_customer_and_create_order(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        article = 700_000 + uuid.uuid4().int % 100_000
        async with mplus.driver() as sim:
            await sim.seed_articles(
                [{"articleNumber": article, "description": "Roggebrood", "priceIncl": 395}]
            )
        connection_id = await mplus_connection(gateway, tenant_id, mplus.credentials())
        sku = str(article)

        check = command(
            tenant_id,
            products.CheckProductsV1(connection_id=connection_id, skus=[sku, "NO-SUCH-SKU"]),
        )
        await publisher.publish(check)
        checked = await result_of(bus, tenant_id, check)
        assert checked.type == "connector.products.checked.v1", checked.payload
        assert sku in checked.payload["found"]
        assert checked.payload["missing"] == ["NO-SUCH-SKU"]

        email = f"jan.{uuid.uuid4().hex[:8]}@example.nl"
        customer = Customer(email=email, first_name="Jan", last_name="Jansen")
        upsert = command(
            tenant_id, customers.UpsertCustomerV1(connection_id=connection_id, customer=customer)
        )
        await publisher.publish(upsert)
        upserted = await result_of(bus, tenant_id, upsert)
        assert upserted.type == "connector.customer.upserted.v1", upserted.payload
        assert upserted.payload["was_created"] is True
        again = command(
            tenant_id, customers.UpsertCustomerV1(connection_id=connection_id, customer=customer)
        )
        await publisher.publish(again)
        second = await result_of(bus, tenant_id, again)
        assert second.payload["customer_id"] == upserted.payload["customer_id"]
        assert second.payload["was_created"] is False  # found by e-mail: no second debtor

        reference = f"SY-{uuid.uuid4().hex[:10]}"
        order = Order(
            source_id="4242",
            number="#1001",
            currency="EUR",
            email=email,
            customer=customer,
            lines=[OrderLine(sku=sku, quantity=2, unit_price=Money(amount=395, currency="EUR"))],
        )
        create = orders.CreateOrderV1(
            connection_id=connection_id,
            order=order,
            external_reference=reference,
            idempotency_key=str(uuid.uuid5(uuid.NAMESPACE_URL, reference)),
            options=orders.OrderCreateOptions(
                employee_number=1,  # the simulator's webshop employee (an integration setting)
                customer_id=upserted.payload["customer_id"],
                product_ids=checked.payload["found"],
            ),
        )
        first_try, retry = command(tenant_id, create), command(tenant_id, create)
        await publisher.publish(first_try)
        created = await result_of(bus, tenant_id, first_try)
        assert created.type == "connector.order.created.v1", created.payload
        await publisher.publish(retry)  # e.g. the orchestrator resent after a crash
        replayed = await result_of(bus, tenant_id, retry)
        assert replayed.payload["target_order_id"] == created.payload["target_order_id"]
        async with mplus.driver() as sim:
            stored = [o for o in await sim.orders() if reference in str(o)]
        assert len(stored) == 1


class TestTransientFailures:
    async def test_remote_5xx_is_retried_until_the_remote_answers(
        self,
        gateway: RunningGateway,
        bus: BusRecorder,
        publisher: Publisher,
        faulty_mplus: MplusSimulator,
        tenant_id: uuid.UUID,
    ) -> None:
        connection_id = await mplus_connection(gateway, tenant_id, faulty_mplus.credentials())
        envelope = command(
            tenant_id, orders.FindOrderV1(connection_id=connection_id, external_reference="SY-x")
        )
        await publisher.publish(envelope)

        def retrying() -> list[Envelope]:
            return [
                e
                for e in bus.of_tenant(tenant_id, "audit.step.recorded.v1")
                if e.causation_id == envelope.id and e.payload["outcome"] == "retrying"
            ]

        await eventually(retrying, timeout=15)
        assert bus.of_tenant(tenant_id, "connector.order.found.v1") == []
        async with faulty_mplus.driver() as sim:
            await sim.faults(error_rate_5xx=0.0)
        result = await eventually(
            lambda: bus.of_tenant(tenant_id, "connector.order.found.v1"), timeout=60
        )
        assert result[0].causation_id == envelope.id
        status = await gateway.scalar(
            "SELECT status FROM gateway.connection WHERE id = :id", id=connection_id
        )
        assert status == "active"  # a transient failure never pauses a connection
