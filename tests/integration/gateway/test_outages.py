"""A connection's run of failed remote calls in the shared database: a blip holds nothing
back, a failing remote gets one probe per interval, the outage is announced once however
many replicas see it, and the first answer ends it (announced once too)."""

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from syncyard_gateway.connections import repository as connections
from syncyard_gateway.connections.repository import ConnectionRecord
from syncyard_gateway.outages import service as outages
from syncyard_gateway.outages.verdict import Policy
from tests.integration.gateway.conftest import RunningGateway

POLICY = Policy(outage_after_seconds=60, probe_seconds=5)
T0 = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


async def till(
    sessions: async_sessionmaker[AsyncSession], tenant_id: uuid.UUID
) -> ConnectionRecord:
    connection_id = uuid.uuid4()
    async with sessions() as session, session.begin():
        await session.execute(
            text(
                "INSERT INTO gateway.connection (id, tenant_id, name, connector, "
                "credentials_ciphertext, key_id, credential_fields, status, created_at, "
                "updated_at) VALUES (:id, :tenant, 'Till', 'mplus', '\\x00', 'current', "
                "'[]', 'active', now(), now())"
            ),
            {"id": connection_id, "tenant": tenant_id},
        )
        record = await connections.get_unscoped(session, connection_id=connection_id)
    assert record is not None
    return record


async def fail(
    sessions: async_sessionmaker[AsyncSession], record: ConnectionRecord, t: float
) -> bool:
    async with sessions() as session, session.begin():
        return await outages.record_failure(
            session, record=record, code="remote_unavailable", now=at(t), policy=POLICY
        )


async def admit(
    sessions: async_sessionmaker[AsyncSession], record: ConnectionRecord, t: float
) -> outages.Admission:
    async with sessions() as session, session.begin():
        return await outages.admit(session, record=record, now=at(t), policy=POLICY)


async def staged(gateway: RunningGateway, tenant_id: uuid.UUID, kind: str) -> object:
    return await gateway.scalar(
        "SELECT count(*) FROM gateway.outbox WHERE tenant_id = :tenant AND type = :type",
        tenant=tenant_id,
        type=f"connection.outage.{kind}.v1",
    )


class TestConnectionOutage:
    async def test_failing_remote_gets_probes_one_announcement_and_one_end(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        sessions = async_sessionmaker(gateway.engine, expire_on_commit=False)
        record = await till(sessions, tenant_id)

        assert await fail(sessions, record, 0) is False  # one failure is a blip
        assert not (await admit(sessions, record, 0.5)).is_held_back
        assert await fail(sessions, record, 1) is True  # two in a row: failing
        probe = await admit(sessions, record, 2)
        assert not probe.is_held_back
        assert probe.streak is not None
        assert (await admit(sessions, record, 3)).is_held_back  # another command waits
        assert not (await admit(sessions, record, 7.5)).is_held_back  # the next probe

        assert await fail(sessions, record, 30) is True
        assert await staged(gateway, tenant_id, "started") == 0
        await fail(sessions, record, 61)
        await fail(sessions, record, 62)  # another replica sees the same outage
        assert await staged(gateway, tenant_id, "started") == 1
        envelope = await gateway.scalar(
            "SELECT envelope FROM gateway.outbox WHERE tenant_id = :tenant AND type = :type",
            tenant=tenant_id,
            type="connection.outage.started.v1",
        )
        assert isinstance(envelope, dict)
        assert envelope["payload"]["connection_id"] == str(record.id)
        assert envelope["payload"]["name"] == "Till"
        assert envelope["payload"]["failures"] == 4

        for replica in range(2):  # two commands succeed at once: one end
            async with sessions() as session, session.begin():
                await outages.record_success(session, record=record, now=at(70 + replica))
        assert await staged(gateway, tenant_id, "ended") == 1
        assert (await admit(sessions, record, 71)).streak is None

    async def test_a_streak_idle_for_the_outage_period_starts_again(
        self, gateway: RunningGateway, tenant_id: uuid.UUID
    ) -> None:
        sessions = async_sessionmaker(gateway.engine, expire_on_commit=False)
        record = await till(sessions, tenant_id)
        await fail(sessions, record, 0)
        assert await fail(sessions, record, 1) is True
        # Nothing failed for a whole outage period: old failures say nothing about now.
        assert not (await admit(sessions, record, 70)).is_held_back
        assert await fail(sessions, record, 70) is False
        await fail(sessions, record, 125)
        assert await staged(gateway, tenant_id, "started") == 0
