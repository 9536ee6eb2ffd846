"""Entries are written in batches; one impossible entry does not fail its neighbours."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from syncyard_common.db import engine as db_engine
from syncyard_common.db import migrate
from syncyard_common.messages.audit import StepRecordedV1
from syncyard_logger.entries import batcher, service
from syncyard_logger.schema import SCHEMA
from syncyard_logger.settings import LoggerSettings
from tests.integration.logger.conftest import step_event


@pytest.fixture
async def engine(logger_settings: LoggerSettings) -> AsyncIterator[AsyncEngine]:
    await migrate.upgrade_to_head(
        migrations_dir=logger_settings.migrations_dir,
        database_url=logger_settings.database_url,
        schema=SCHEMA,
    )
    created = db_engine.create_engine(logger_settings.database_url, pool_size=2)
    yield created
    await created.dispose()


def _event(run_id: uuid.UUID, *, time: datetime | None = None, **fields: Any) -> service.AuditEvent:
    envelope = step_event(
        tenant_id=uuid.uuid4(), run_id=run_id, integration_id=uuid.uuid4(), time=time, **fields
    )
    return service.AuditEvent(
        envelope=envelope, step=StepRecordedV1.model_validate(envelope.payload)
    )


async def _count(engine: AsyncEngine, run_id: uuid.UUID) -> int:
    async with engine.connect() as conn:
        result = await conn.execute(
            text("SELECT count(*) FROM logger.entry WHERE run_id = :r"), {"r": run_id}
        )
        return int(result.scalar_one())


class TestEntryBatcher:
    async def test_concurrent_entries_share_one_transaction(self, engine: AsyncEngine) -> None:
        writer = batcher.EntryBatcher(db_engine.create_sessionmaker(engine), max_batch=100)
        run = uuid.uuid4()
        await asyncio.gather(*(writer.submit(_event(run)) for _ in range(40)))
        assert await _count(engine, run) == 40
        assert writer.batches_written == 1

    async def test_an_impossible_entry_fails_alone(self, engine: AsyncEngine) -> None:
        writer = batcher.EntryBatcher(db_engine.create_sessionmaker(engine))
        run = uuid.uuid4()
        impossible = _event(run, time=datetime(9999, 12, 31, 12, tzinfo=UTC))
        outcomes = await asyncio.gather(
            writer.submit(_event(run)),
            writer.submit(impossible),
            writer.submit(_event(run, message="nul \x00 byte", source_payload={"a": "\x00"})),
            return_exceptions=True,
        )
        assert outcomes[0] is None
        assert isinstance(outcomes[1], Exception)
        assert outcomes[2] is None
        assert await _count(engine, run) == 2

    async def test_a_duplicate_is_stored_once(self, engine: AsyncEngine) -> None:
        writer = batcher.EntryBatcher(db_engine.create_sessionmaker(engine))
        run = uuid.uuid4()
        event = _event(run)
        await asyncio.gather(writer.submit(event), writer.submit(event))
        await writer.submit(event)
        assert await _count(engine, run) == 1
