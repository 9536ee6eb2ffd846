"""Retention deletes expired entries per tenant and drops whole old partitions; redaction works."""

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.broker import publisher
from syncyard_common.db import engine as db_engine
from syncyard_logger.entries import partitions
from syncyard_logger.retention import job
from syncyard_logger.settings import LoggerSettings
from tests.integration.logger.conftest import step_event, wait_for_run

ClientFor = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def engine(logger_settings: LoggerSettings) -> AsyncIterator[AsyncEngine]:
    created = db_engine.create_engine(logger_settings.database_url, pool_size=2)
    yield created
    await created.dispose()


async def _stored_runs(engine: AsyncEngine, tenant_id: uuid.UUID) -> set[uuid.UUID]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text("SELECT run_id FROM logger.entry WHERE tenant_id = :t"), {"t": tenant_id}
        )
        return {run_id for (run_id,) in rows}


class TestRetention:
    async def test_entries_older_than_the_tenants_retention_are_deleted_newer_stay(
        self, send: publisher.Publisher, client_for: ClientFor, engine: AsyncEngine
    ) -> None:
        now = datetime.now(UTC)
        short, default = uuid.uuid4(), uuid.uuid4()
        async with client_for(short) as client:
            saved = await client.put("/v1/retention", json={"days": 7})
            assert saved.status_code == 200, saved.text
            assert (await client.get("/v1/retention")).json() == {"days": 7, "is_default": False}
        runs = {name: uuid.uuid4() for name in ("short_old", "short_new", "default_old")}
        integration = uuid.uuid4()
        for tenant, name, age in (
            (short, "short_old", 10),
            (short, "short_new", 3),
            (default, "default_old", 10),
        ):
            await send.publish(
                step_event(
                    tenant_id=tenant,
                    run_id=runs[name],
                    integration_id=integration,
                    time=now - timedelta(days=age),
                )
            )
        async with client_for(short) as client:
            await wait_for_run(client, runs["short_new"], 1)
            await wait_for_run(client, runs["short_old"], 1)
        async with client_for(default) as client:
            await wait_for_run(client, runs["default_old"], 1)

        report = await job.run_once(engine, now=now)

        assert report.ran
        assert report.deleted_rows >= 1
        assert await _stored_runs(engine, short) == {runs["short_new"]}
        assert await _stored_runs(engine, default) == {runs["default_old"]}
        async with client_for(short) as client:
            assert (await client.get(f"/v1/runs/{runs['short_old']}/log")).status_code == 404

    async def test_partitions_older_than_the_longest_retention_are_dropped(
        self, send: publisher.Publisher, client_for: ClientFor, engine: AsyncEngine
    ) -> None:
        now = datetime.now(UTC)
        tenant, run = uuid.uuid4(), uuid.uuid4()
        old = now - timedelta(days=4000)  # beyond any retention a tenant may choose
        await send.publish(
            step_event(tenant_id=tenant, run_id=run, integration_id=uuid.uuid4(), time=old)
        )
        async with client_for(tenant) as client:
            await wait_for_run(client, run, 1)
        async with engine.connect() as conn:
            assert old.date() in await partitions.existing_days(conn)

        report = await job.run_once(engine, now=now)

        assert old.date() in report.dropped_partitions
        async with engine.connect() as conn:
            days = await partitions.existing_days(conn)
        assert old.date() not in days
        assert now.date() in days
        assert (now + timedelta(days=2)).date() in days

    async def test_retention_outside_1_to_3650_days_is_refused(self, client_for: ClientFor) -> None:
        async with client_for(uuid.uuid4()) as client:
            zero = await client.put("/v1/retention", json={"days": 0})
            huge = await client.put("/v1/retention", json={"days": 3651})
            current = await client.get("/v1/retention")
        assert (zero.status_code, huge.status_code) == (422, 422)
        assert zero.json()["field"] == "days"
        assert current.json() == {"days": 30, "is_default": True}


class TestRedactionSetting:
    async def test_personal_data_is_stored_redacted_once_the_tenant_turns_it_on(
        self, send: publisher.Publisher, client_for: ClientFor, engine: AsyncEngine
    ) -> None:
        tenant, run = uuid.uuid4(), uuid.uuid4()
        async with client_for(tenant) as client:
            saved = await client.put("/v1/settings", json={"redact_personal_data": True})
        assert saved.json() == {
            "retention_days": 30,
            "redact_personal_data": True,
            "is_default": False,
        }
        await send.publish(
            step_event(
                tenant_id=tenant,
                run_id=run,
                integration_id=uuid.uuid4(),
                entity_ref="anna@example.nl",
                source_payload={"email": "anna@example.nl", "number": "#7"},
            )
        )
        async with client_for(tenant) as client:
            [entry] = await wait_for_run(client, run, 1)
        assert entry["source_payload"] == {"email": "[redacted]", "number": "#7"}
        assert entry["entity_ref"] == "[redacted]"
        async with engine.connect() as conn:
            raw = await conn.execute(
                text("SELECT source_payload::text FROM logger.entry WHERE run_id = :r"), {"r": run}
            )
            assert "anna@example.nl" not in raw.scalar_one()
