"""Audit events on the bus become a searchable, tenant-scoped activity log."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx

from syncyard_common.broker import publisher
from syncyard_common.messages.audit import StepOutcome, StepRecordedV1, StepsRecordedV1
from syncyard_logger.settings import LoggerSettings
from tests.fixtures.barrier import service_settled
from tests.integration.logger.conftest import step_event, wait_for_run

ClientFor = Callable[..., httpx.AsyncClient]


async def settled(settings: LoggerSettings, url: str) -> None:
    """The barrier of "stored once": the logger has worked off everything it was sent."""
    await service_settled(
        "logger",
        amqp_url=settings.amqp_url,
        database_url=settings.database_url,
        metrics_url=f"{url}/metrics",
    )


class TestActivityLog:
    async def test_published_steps_appear_in_the_run_log_in_time_order_once(
        self,
        send: publisher.Publisher,
        client_for: ClientFor,
        logger_settings: LoggerSettings,
        logger_url: str,
    ) -> None:
        tenant, run, integration = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        start = datetime.now(UTC)
        steps = [
            step_event(
                tenant_id=tenant,
                run_id=run,
                integration_id=integration,
                step=name,
                time=start + timedelta(milliseconds=offset),
                entity_ref="#1042",
                source_payload={"number": "#1042"},
                duration_ms=12.5,
            )
            for offset, name in ((20, "create_order"), (0, "fetch"), (10, "map"))
        ]
        for envelope in steps:
            await send.publish(envelope)
        await send.publish(steps[0])  # a redelivery: stored once
        async with client_for(tenant) as client:
            entries = await wait_for_run(client, run, 3)
            await settled(logger_settings, logger_url)  # the redelivery was handled too
            entries = (await client.get(f"/v1/runs/{run}/log")).json()["entries"]
        assert [entry["step"] for entry in entries] == ["fetch", "map", "create_order"]
        assert entries[0]["source_payload"] == {"number": "#1042"}
        assert entries[0]["run_id"] == str(run)
        assert entries[0]["source_service"] == "orchestrator"

    async def test_several_steps_in_one_message_become_entries_in_their_order_once(
        self,
        send: publisher.Publisher,
        client_for: ClientFor,
        logger_settings: LoggerSettings,
        logger_url: str,
    ) -> None:
        tenant, run, integration = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        names = ["check_order", "find_order", "check_products", "upsert_customer", "create_order"]
        message = StepsRecordedV1(
            steps=[StepRecordedV1(step=name, outcome=StepOutcome.OK) for name in names]
        )
        single = step_event(tenant_id=tenant, run_id=run, integration_id=integration)
        several = single.model_copy(
            update={
                "id": uuid.uuid4(),
                "type": message.type,
                "payload": message.model_dump(mode="json"),
            }
        )
        await send.publish(several)
        await send.publish(several)  # a redelivery: each step is stored once
        async with client_for(tenant) as client:
            await wait_for_run(client, run, len(names))
            await settled(logger_settings, logger_url)  # the redelivery was handled too
            entries = (await client.get(f"/v1/runs/{run}/log")).json()["entries"]
        assert [entry["step"] for entry in entries] == names
        assert len({entry["id"] for entry in entries}) == len(names)
        assert all(entry["run_id"] == str(run) for entry in entries)

    async def test_another_tenant_sees_nothing(
        self, send: publisher.Publisher, client_for: ClientFor
    ) -> None:
        owner, run, integration = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        await send.publish(step_event(tenant_id=owner, run_id=run, integration_id=integration))
        async with client_for(owner) as client:
            await wait_for_run(client, run, 1)
        async with client_for(uuid.uuid4()) as intruder:
            run_log = await intruder.get(f"/v1/runs/{run}/log")
            integration_log = await intruder.get(f"/v1/integrations/{integration}/log")
        assert run_log.status_code == 404
        assert integration_log.json() == {"items": [], "next_cursor": None}

    async def test_integration_log_filters_and_pages_newest_first(
        self, send: publisher.Publisher, client_for: ClientFor
    ) -> None:
        tenant, run, integration = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        start = datetime.now(UTC) - timedelta(minutes=5)
        for index in range(5):
            await send.publish(
                step_event(
                    tenant_id=tenant,
                    run_id=run,
                    integration_id=integration,
                    step=f"step{index}",
                    outcome=StepOutcome.FAILED if index % 2 else StepOutcome.OK,
                    entity_ref=f"SKU-{index}",
                    time=start + timedelta(seconds=index),
                )
            )
        path = f"/v1/integrations/{integration}/log"
        async with client_for(tenant) as client:
            await wait_for_run(client, run, 5)
            first = (await client.get(path, params={"limit": 2})).json()
            second = (
                await client.get(path, params={"limit": 2, "cursor": first["next_cursor"]})
            ).json()
            third = (
                await client.get(path, params={"limit": 2, "cursor": second["next_cursor"]})
            ).json()
            failed = (await client.get(path, params={"status": "failed"})).json()
            by_entity = (await client.get(path, params={"entity_ref": "SKU-3"})).json()
            since = (
                await client.get(path, params={"since": (start + timedelta(seconds=3)).isoformat()})
            ).json()
            bad_cursor = await client.get(path, params={"cursor": "not-a-cursor"})
            # A number, a date alone or a time without its zone is no RFC 3339 instant.
            bad_times = [
                await client.get(path, params={name: value})
                for name, value in (
                    ("since", "0"),
                    ("until", "2026-12-07"),
                    ("since", "2026-12-07T10:00:00"),
                )
            ]
        pages = [first, second, third]
        assert [[item["step"] for item in page["items"]] for page in pages] == [
            ["step4", "step3"],
            ["step2", "step1"],
            ["step0"],
        ]
        assert third["next_cursor"] is None
        assert [item["step"] for item in failed["items"]] == ["step3", "step1"]
        assert [item["step"] for item in by_entity["items"]] == ["step3"]
        assert [item["step"] for item in since["items"]] == ["step4", "step3"]
        assert (
            "source_payload" not in first["items"][0] or first["items"][0]["source_payload"] is None
        )
        # The cursor's form is in the OpenAPI document (a pattern), so a bad one is refused as
        # any invalid parameter is: 422 naming the field.
        assert bad_cursor.status_code == 422
        assert "cursor" in bad_cursor.text
        for answer, name in zip(bad_times, ("since", "until", "since"), strict=True):
            assert answer.status_code == 422, answer.text
            assert name in answer.text
