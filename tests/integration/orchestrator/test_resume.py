"""A run survives a restart of the service: its state and pending command are in PostgreSQL."""

import uuid

import httpx

from syncyard_common.broker import connection, publisher
from syncyard_common.messages import mapping, orders
from syncyard_orchestrator.main import create_app
from syncyard_orchestrator.settings import OrchestratorSettings
from tests.integration.orchestrator.conftest import Bus, TokenFactory
from tests.integration.orchestrator.test_order_flow import ORDER, open_shop, run_state


async def test_run_resumes_where_it_stopped_after_a_restart(
    settings: OrchestratorSettings, auth: TokenFactory
) -> None:
    broker = await connection.connect(settings.amqp_url, name="orchestrator-resume-test")
    sender = publisher.Publisher(broker)
    first_app = create_app(settings)
    try:
        async with first_app.router.lifespan_context(first_app):
            await sender.start()
            bus = Bus(broker, sender)
            await bus.start()
            transport = httpx.ASGITransport(app=first_app)
            async with httpx.AsyncClient(transport=transport, base_url="http://o") as client:
                shop = await open_shop(client, auth)
                await bus.publish(shop.order_received())
                (fetch,) = await bus.expect("gateway.order.fetch.v1", tenant_id=shop.tenant_id)
        # The service is down: the gateway's answer waits in the queue.
        await bus.answer(fetch, orders.OrderFetchedV1(order=ORDER).model_dump(mode="json"))
        second_app = create_app(settings)
        async with second_app.router.lifespan_context(second_app):
            (mapper,) = await bus.expect("mapper.record.map.v1", tenant_id=shop.tenant_id)
            assert mapper.correlation_id == fetch.correlation_id
            result = mapping.RecordMappedV1(
                record=ORDER.model_dump(mode="json"), mapping_id="default", mapping_version=1
            )
            await bus.answer(mapper, result.model_dump(mode="json"))
            await bus.expect("gateway.order.place.v1", tenant_id=shop.tenant_id)
            transport = httpx.ASGITransport(app=second_app)
            async with httpx.AsyncClient(transport=transport, base_url="http://o") as client:
                assert fetch.correlation_id is not None
                run = await run_state(client, auth, shop, fetch.correlation_id, "placing")
        assert run["version"] == 3
        fetches = [e for e in bus.seen if e.type == "gateway.order.fetch.v1"]
        # The relay is at-least-once: a repeat keeps its id, so the gateway's inbox drops it.
        assert {e.id for e in fetches if e.tenant_id == shop.tenant_id} == {fetch.id}
        assert uuid.UUID(run["id"]) == fetch.correlation_id
        await bus.stop()
    finally:
        await sender.close()
        await broker.close()
