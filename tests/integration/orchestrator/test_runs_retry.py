"""Retrying failed runs over the real broker and database, the tests acting as gateway and
mapper: one run (resumed, re-mapped, re-checked, logged with who asked), refusals, bulk."""

import uuid
from typing import Any

import httpx

from syncyard_common.auth import tokens
from syncyard_common.auth.principal import Role
from syncyard_common.canonical import Product
from syncyard_common.messages import Envelope, mapping, orders, records
from syncyard_common.messages.orders import PlacementOutcome
from tests.integration.orchestrator.conftest import JWT_SECRET, Bus, TokenFactory
from tests.integration.orchestrator.test_integrations_api import create_integration
from tests.integration.orchestrator.test_order_flow import ORDER, Shop, answer, open_shop, run_state

MAPPED = mapping.RecordMappedV1(
    record=ORDER.model_dump(mode="json"), mapping_id="default", mapping_version=1
)
REMAPPED = MAPPED.model_copy(update={"mapping_version": 2})
MISSING = orders.OrderPlacedV1(
    external_reference="x", outcome=PlacementOutcome.PRODUCTS_MISSING, missing_skus=["1002"]
)
CREATED = orders.OrderPlacedV1(
    external_reference="x", outcome=PlacementOutcome.CREATED, target_order_id="O-1"
)


def operator(tenant_id: uuid.UUID) -> dict[str, str]:
    token = tokens.mint(
        tenant_id=tenant_id, role=Role.OPERATOR, secret=JWT_SECRET, subject="ops@example.com"
    )
    return {"Authorization": f"Bearer {token}"}


async def failed_run(
    client: httpx.AsyncClient, auth: TokenFactory, bus: Bus, shop: Shop, count: int = 1
) -> dict[str, Any]:
    """Drive the shop's order to a run that failed: a SKU the till does not know."""
    await bus.publish(shop.order_received(event_key=f"e-{count}"))
    fetch = await answer(
        bus, shop, "gateway.order.fetch.v1", orders.OrderFetchedV1(order=ORDER), count=count
    )
    await answer(bus, shop, "mapper.record.map.v1", MAPPED, count=count)
    await answer(bus, shop, "gateway.order.place.v1", MISSING, count=count)
    assert fetch.correlation_id is not None
    return await run_state(client, auth, shop, fetch.correlation_id, "failed")


class TestRetryOneRun:
    async def test_failed_run_is_resumed_remapped_and_finishes_once(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth)
        failed = await failed_run(client, auth, bus, shop)
        assert (failed["failed_step"], failed["failure_code"]) == (
            "check_products",
            "products_missing",
        )
        url = f"/v1/runs/{failed['id']}/retry"
        assert (await client.post(url, headers=operator(uuid.uuid4()))).status_code == 404

        response = await client.post(url, headers=operator(shop.tenant_id))

        assert response.status_code == 202, response.text
        assert (response.json()["state"], response.json()["retry_count"]) == ("fetching", 1)
        assert response.json()["failure_code"] is None
        await answer(
            bus, shop, "gateway.order.fetch.v1", orders.OrderFetchedV1(order=ORDER), count=2
        )
        await answer(bus, shop, "mapper.record.map.v1", REMAPPED, count=2)
        place = await answer(bus, shop, "gateway.order.place.v1", CREATED, count=2)
        first_place = (await bus.expect("gateway.order.place.v1", tenant_id=shop.tenant_id))[0]
        assert place.payload["external_reference"] == first_place.payload["external_reference"]
        assert place.payload["idempotency_key"] != first_place.payload["idempotency_key"]
        (completed,) = await bus.expect("run.completed.v1", tenant_id=shop.tenant_id)
        assert completed.payload["run_id"] == failed["id"]
        assert completed.payload["outcome"] == "done"
        done = await run_state(client, auth, shop, uuid.UUID(failed["id"]), "done")
        assert (done["mapping_version"], done["retry_count"], done["target_id"]) == (2, 1, "O-1")
        retry_entries = [
            entry for entry in bus.audit_of(uuid.UUID(failed["id"]))
            if entry["step"] == "retry"
        ]  # fmt: skip
        assert len(retry_entries) == 1
        assert "asked by ops@example.com" in retry_entries[0]["message"]
        detail = (await client.get(f"/v1/runs/{failed['id']}", headers=auth(shop.tenant_id))).json()
        steps = [(s["step"], s["outcome"]) for s in detail["steps"]]
        assert steps[:2] == [("start", "ok"), ("command", "sent")]
        assert ("check_products", "failed") in steps
        assert steps[steps.index(("retry", "ok")) :][-2:] == [
            ("command", "sent"),
            ("place_order", "ok"),
        ]
        assert [s["command_type"] for s in detail["steps"] if s["command_type"]] == [
            "gateway.order.fetch.v1",
            "mapper.record.map.v1",
            "gateway.order.place.v1",
        ] * 2

        again = await client.post(url, headers=operator(shop.tenant_id))
        assert again.status_code == 409
        assert again.headers["content-type"].startswith("application/problem+json")
        assert again.json()["code"] == "run_not_failed"

    async def test_an_older_failed_run_is_not_retried_when_a_later_run_exists(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth)
        older = await failed_run(client, auth, bus, shop, count=1)
        newer = await failed_run(client, auth, bus, shop, count=2)
        assert newer["id"] != older["id"]

        response = await client.post(
            f"/v1/runs/{older['id']}/retry", headers=operator(shop.tenant_id)
        )

        assert response.status_code == 409
        assert response.json()["code"] == "later_run_exists"
        assert response.json()["other_run_id"] == newer["id"]
        bulk = await client.post(
            "/v1/runs/retry", json={"ids": [older["id"], newer["id"]]},
            headers=operator(shop.tenant_id),
        )  # fmt: skip
        assert bulk.status_code == 200, bulk.text
        assert bulk.json()["retried_ids"] == [newer["id"]]
        assert [(s["run_id"], s["code"]) for s in bulk.json()["skipped"]] == [
            (older["id"], "later_run_exists")
        ]

    async def test_a_reader_may_not_retry(
        self, client: httpx.AsyncClient, auth: TokenFactory
    ) -> None:
        response = await client.post(
            f"/v1/runs/{uuid.uuid4()}/retry", headers=auth(uuid.uuid4(), Role.VIEWER)
        )
        assert response.status_code == 403


class TestBulkRetry:
    async def test_retries_what_the_filter_matches_up_to_the_limit(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth)
        runs = []
        for index in range(3):
            await bus.publish(shop.order_received(order_id=f"70{index}", event_key=f"b-{index}"))
            fetch = await answer(
                bus, shop, "gateway.order.fetch.v1",
                orders.OrderFetchedV1(order=ORDER.model_copy(update={"source_id": f"70{index}"})),
                count=index + 1,
            )  # fmt: skip
            await answer(bus, shop, "mapper.record.map.v1", MAPPED, count=index + 1)
            await answer(bus, shop, "gateway.order.place.v1", MISSING, count=index + 1)
            assert fetch.correlation_id is not None
            runs.append(await run_state(client, auth, shop, fetch.correlation_id, "failed"))
        body = {"integration_id": shop.integration["id"], "failure_code": "products_missing"}

        first = await client.post(
            "/v1/runs/retry", json={**body, "limit": 2}, headers=operator(shop.tenant_id)
        )
        rest = await client.post("/v1/runs/retry", json=body, headers=operator(shop.tenant_id))
        none = await client.post("/v1/runs/retry", json=body, headers=operator(shop.tenant_id))

        assert (first.json()["retried"], first.json()["capped"]) == (2, True)
        assert first.json()["retried_ids"] == [runs[0]["id"], runs[1]["id"]]  # oldest first
        assert (rest.json()["retried"], rest.json()["capped"]) == (1, False)
        assert none.json() == {"retried": 0, "retried_ids": [], "skipped": [], "capped": False}
        fetches = await bus.expect("gateway.order.fetch.v1", tenant_id=shop.tenant_id, count=6)
        assert len(fetches) == 6

    async def test_refuses_a_state_other_than_failed_and_unknown_fields(
        self, client: httpx.AsyncClient
    ) -> None:
        headers = operator(uuid.uuid4())
        done = await client.post("/v1/runs/retry", json={"state": "done"}, headers=headers)
        odd = await client.post("/v1/runs/retry", json={"flows": "orders"}, headers=headers)
        # 0 is not a date-time (pydantic's lax mode read it as 1970; schemathesis found it).
        epoch = await client.post("/v1/runs/retry", json={"created_to": 0}, headers=headers)
        assert (done.status_code, done.json()["field"]) == (422, "state")
        assert (odd.status_code, odd.json()["field"]) == (422, "flows")
        assert (epoch.status_code, epoch.json()["field"]) == (422, "created_to")


class TestRetryTakesTheFlowAsItIsNow:
    async def test_a_fixed_setting_applies_and_a_switched_off_flow_refuses(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        shop = await open_shop(client, auth, {"employee_number": 42})
        failed = await failed_run(client, auth, bus, shop)
        url = f"/v1/integrations/{shop.integration['id']}/flows/orders"
        headers = auth(shop.tenant_id)
        off = {"is_active": False, "settings": {"employee_number": 7}}
        assert (await client.put(url, json=off, headers=headers)).status_code == 200
        refused = await client.post(
            f"/v1/runs/{failed['id']}/retry", headers=operator(shop.tenant_id)
        )
        assert (refused.status_code, refused.json()["code"]) == (409, "flow_not_active")
        on = {"is_active": True, "settings": {"employee_number": 7}}
        assert (await client.put(url, json=on, headers=headers)).status_code == 200

        retried = await client.post(
            f"/v1/runs/{failed['id']}/retry", headers=operator(shop.tenant_id)
        )

        assert retried.status_code == 202, retried.text
        await answer(
            bus, shop, "gateway.order.fetch.v1", orders.OrderFetchedV1(order=ORDER), count=2
        )
        await answer(bus, shop, "mapper.record.map.v1", MAPPED, count=2)
        place = (await bus.expect("gateway.order.place.v1", tenant_id=shop.tenant_id, count=2))[-1]
        assert place.payload["employee_number"] == 7  # the setting as it is now


class TestRecordRunRetry:
    async def test_a_failed_product_run_is_mapped_again_from_the_record_it_kept(
        self, client: httpx.AsyncClient, auth: TokenFactory, bus: Bus
    ) -> None:
        tenant_id = uuid.uuid4()
        headers = auth(tenant_id)
        integration = await create_integration(client, headers)
        url = f"/v1/integrations/{integration['id']}/flows/products"
        assert (await client.put(url, json={"is_active": True}, headers=headers)).status_code == 200
        product = Product(sku="1001", source_id="p-1", name="T-shirt").model_dump(mode="json")
        changed = records.RecordChangedV1(
            connection_id=uuid.UUID(integration["source_connection_id"]),
            entity="products",
            source_id="p-1",
            record=product,
            topic="poll",
            source_event_key="poll:products:p-1:1",
        )
        await bus.publish(
            Envelope(
                type=changed.type,
                source="connector-gateway",
                tenant_id=tenant_id,
                payload=changed.model_dump(mode="json"),
            )
        )
        (first,) = await bus.expect("mapper.record.map.v1", tenant_id=tenant_id)
        refused = mapping.RecordMappingFailedV1(
            mapping_id="m", mapping_version=1, field="name", reason="too long"
        )
        await bus.answer(first, refused.model_dump(mode="json"))
        assert first.correlation_id is not None
        shop = Shop(tenant_id, integration)
        failed = await run_state(client, auth, shop, first.correlation_id, "failed")
        assert failed["failure_code"] == "mapping_failed"

        retried = await client.post(f"/v1/runs/{failed['id']}/retry", headers=operator(tenant_id))

        assert retried.status_code == 202, retried.text
        assert (retried.json()["state"], retried.json()["retry_count"]) == ("mapping", 1)
        again = (await bus.expect("mapper.record.map.v1", tenant_id=tenant_id, count=2))[-1]
        assert again.correlation_id == first.correlation_id
        assert again.payload["record"] == product
